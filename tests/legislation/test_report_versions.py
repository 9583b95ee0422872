"""The report opens on the version people took part in; staff and readers can choose another."""

from __future__ import annotations

import csv
import io

import pytest

from participa.comments.services import post_comment
from participa.extensions import db
from participa.legislation import participation, report_versions, services
from tests import factories
from tests.legislation.support import SOURCE, articles, base, make_draft

DECISION = "Se incorpora la enmienda al artículo 2."
RESPONSE = "Ampliamos el alcance según la enmienda aceptada."


@pytest.fixture
def republished(municipality, staff):
    """Participation on version 1, an accepted amendment, version 2 published, then closed."""
    draft = make_draft(municipality, staff=staff)
    first, second, _third = articles(draft)
    people = [factories.UserFactory() for _ in range(3)]
    for person in people:
        participation.cast_vote(draft, first, voter=person, value="in_favour")
    participation.cast_vote(draft, second, voter=people[0], value="against")
    post_comment("article", first, author=people[1], body="Bien", alignment="in_favour")
    amendment = participation.propose_amendment(
        draft, second, author=people[2], text="Y a los entes.", justification="Alcance."
    )
    services.decide_amendment(amendment, actor=staff, accept=True, note=DECISION)
    services.publish_version(draft, actor=staff, source=SOURCE + "\nOtro párrafo.")
    services.close_draft(draft, actor=staff)
    services.publish_response(draft, actor=staff, text=RESPONSE)
    db.session.commit()
    return draft, amendment


@pytest.fixture
def draft_open(municipality, staff):
    return make_draft(municipality, staff=staff)


def _url(draft, path: str = "/report") -> str:
    return f"{base(draft.municipality)}/{draft.id}{path}"


def test_default_report_covers_the_version_with_participation(client, login, user, republished):
    draft, _amendment = republished
    assert draft.current_version.number == 2
    login(user)
    payload = client.get(_url(draft, "/report.json")).get_json()
    assert payload["draft"]["version"] == 1
    assert payload["figures"] == {"participants": 3, "votes": 4, "comments": 1, "amendments": 1}
    html = client.get(_url(draft)).get_data(as_text=True)
    assert "This report covers version 1; the current text is version 2." in html
    summary = client.get(_url(draft, "/report/summary")).get_data(as_text=True)
    assert "3 people took part: 4 votes on 3 articles, 1 comment and 1 amendment." in summary


def test_a_chosen_version_shows_its_own_figures(client, login, user, republished):
    draft, _amendment = republished
    login(user)
    payload = client.get(_url(draft, "/report.json?version=2")).get_json()
    assert payload["draft"]["version"] == 2
    # Articles 1 and 2 did not change: their votes carried into version 2; the comment and the
    # amendment stay on version 1.
    assert payload["figures"] == {"participants": 3, "votes": 4, "comments": 0, "amendments": 0}
    summary = client.get(_url(draft, "/report/summary?version=2")).get_data(as_text=True)
    assert "3 people took part: 4 votes" in summary
    assert client.get(_url(draft, "/report?version=1")).status_code == 200


def test_csv_honours_the_version(client, login, user, republished):
    draft, _amendment = republished
    login(user)
    default = client.get(_url(draft, "/report.csv"))
    assert f'filename="draft-{draft.id}-v1.csv"' in default.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(default.get_data(as_text=True))))
    assert (rows[0]["in_favour"], rows[1]["against"]) == ("3", "1")
    later = client.get(_url(draft, "/report.csv?version=2"))
    assert f'filename="draft-{draft.id}-v2.csv"' in later.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(later.get_data(as_text=True))))
    assert [r["total"] for r in rows] == ["3", "1", "0"]  # article 3 changed: it starts afresh


@pytest.mark.parametrize("path", ["/report", "/report/summary", "/report.csv", "/report.json"])
def test_unknown_or_foreign_versions_answer_404(client, login, staff, municipality, path):
    other = make_draft(municipality, staff=staff, title="Otra")
    services.publish_version(other, actor=staff, source=SOURCE)
    one = make_draft(municipality, staff=staff, status="closed", title="Una")
    db.session.commit()
    login(staff)
    foreign_id = other.current_version_id  # belongs to the other draft, never a number of this one
    for value in (foreign_id, 2, 0, "abc", "-1", "1.0"):
        response = client.get(f"{_url(one, path)}?version={value}")
        assert response.status_code == 404, (path, value)
    assert client.get(f"{_url(one, path)}?version=1").status_code == 200


def test_selector_lists_every_version_and_keeps_the_choice(client, login, user, republished):
    draft, _amendment = republished
    login(user)
    for path in ("/report", "/report/summary"):
        html = client.get(_url(draft, path + "?version=2")).get_data(as_text=True)
        assert '<form method="get"' in html and f'action="{_url(draft, path)}"' in html
        assert '<label for="report-version">Version of the text</label>' in html
        assert '<select id="report-version" name="version">' in html
        assert '<option value="1">Version 1, published ' in html
        assert '<option value="2" selected>Version 2, published ' in html
        assert "(no participation)" in html
        assert "Show this version" in html


def test_versions_page_links_each_report(client, login, user, republished):
    draft, _amendment = republished
    login(user)
    html = client.get(_url(draft, "/versions")).get_data(as_text=True)
    for number in (1, 2):
        assert f'href="{_url(draft)}?version={number}">Report on version {number}</a>' in html


def test_versions_page_hides_report_links_while_the_report_is_staff_only(client, draft_open):
    html = client.get(_url(draft_open, "/versions")).get_data(as_text=True)
    assert "Report on version" not in html


def test_decisions_cover_every_version(client, login, user, republished):
    draft, amendment = republished
    login(user)
    for query in ("", "?version=2"):
        html = client.get(_url(draft) + query).get_data(as_text=True)
        assert RESPONSE in html
        assert "<h4>Amendments to version 1</h4>" in html
        assert f"#amendment-{amendment.id}" in html
        assert f"Amendment {amendment.id} to article 2</a>: accepted — {DECISION}" in html
    payload = client.get(_url(draft, "/report.json?version=2")).get_json()
    assert payload["decisions"] == [
        {
            "amendment": amendment.id,
            "version": 1,
            "article": "2",
            "state": "accepted",
            "decision": DECISION,
        }
    ]


def test_pick_version_falls_back_and_counts_passage_comments(municipality, staff, user):
    draft = make_draft(municipality, staff=staff)
    services.publish_version(draft, actor=staff, source=SOURCE)
    choices = report_versions.version_choices(draft)
    assert [c.participated for c in choices] == [False, False]
    assert report_versions.pick_version(draft, choices, None).number == 2
    assert report_versions.pick_version(draft, choices, "").number == 2
    assert report_versions.pick_version(draft, choices, "1").number == 1
    assert report_versions.pick_version(draft, choices, "3") is None
    first_v2 = articles(draft)[0]
    participation.comment_on_passage(
        draft, first_v2, author=user, start=0, end=5, quote="La pr", body="Ojo", alignment="against"
    )
    db.session.commit()
    choices = report_versions.version_choices(draft)
    assert [c.participated for c in choices] == [False, True]
    assert report_versions.pick_version(draft, choices, None).number == 2


def test_report_queries_do_not_grow_with_versions(
    client, login, municipality, staff, count_queries
):
    counts = []
    voter = factories.UserFactory()
    for extra in (0, 4):
        draft = make_draft(municipality, staff=staff, title=f"V{extra}")
        amendment = participation.propose_amendment(
            draft, articles(draft)[0], author=voter, text="Otro.", justification="J"
        )
        services.decide_amendment(amendment, actor=staff, accept=False, note="No.")
        participation.cast_vote(draft, articles(draft)[1], voter=voter, value="against")
        for _ in range(extra):
            services.publish_version(draft, actor=staff, source=SOURCE)
        services.publish_response(draft, actor=staff, text="Respuesta.")
        db.session.commit()
        login(staff)
        for path in ("/report", "/report/summary"):
            with count_queries() as counter:
                assert client.get(_url(draft, path)).status_code == 200
            counts.append((path, counter.count))
    assert counts[:2] == counts[2:], counts
