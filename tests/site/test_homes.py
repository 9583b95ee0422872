"""The municipality and platform homes: what is open now, the latest activity and key figures,
contributed by the features' manifests (core.homes); only what everyone may see."""

from __future__ import annotations

import pytest

from participa.db import utcnow
from participa.extensions import cache, db
from participa.followup.models import Result, ResultUpdate
from participa.proposals.models import Proposal
from tests import factories
from tests.budgets.helpers import make_budget
from tests.consultations.helpers import add_supports, make_consultation, make_proposal
from tests.english import _english  # noqa: F401 - an autouse fixture
from tests.legislation.support import make_draft
from tests.voting.helpers import make_ballot, vote


def _titled(item, title: str):
    item.title = title
    db.session.commit()
    return item


def _world(municipality, tag: str) -> dict[str, str]:
    """One public item of every kind in ``municipality``, titled with ``tag``."""
    consultation = make_consultation(municipality, title=f"Consultation {tag}")
    proposal = make_proposal(consultation, title=f"Proposal {tag}")
    add_supports(proposal, [factories.UserFactory(), factories.UserFactory()])
    answered = make_proposal(consultation, title=f"Answered {tag}")
    answered.state, answered.answer_text, answered.answered_at = "accepted", "Yes", utcnow()
    draft = make_draft(municipality, title=f"Draft {tag}")
    ballot = _titled(make_ballot(municipality), f"Ballot {tag}")
    closed_ballot = _titled(make_ballot(municipality, status="closed"), f"Closed ballot {tag}")
    budget = _titled(make_budget(municipality), f"Budget {tag}")
    result = Result(municipality_id=municipality.id, source_kind="proposal",
                    source_id=answered.id, title=f"Result {tag}", currency="ARS")  # fmt: skip
    db.session.add(result)
    db.session.flush()
    db.session.add(ResultUpdate(municipality_id=municipality.id, result_id=result.id,
                                status="in_progress", progress=10, previous_status="planned",
                                previous_progress=0))  # fmt: skip
    db.session.commit()
    return {
        "open": [consultation.title, draft.title, ballot.title, budget.title],
        "activity": [proposal.title, answered.title, closed_ballot.title, result.title,
                     draft.title],
    }  # fmt: skip


def test_municipality_home_shows_open_items_activity_and_figures(client, municipality):
    world = _world(municipality, "Norte")
    vote_for = make_ballot(municipality)

    vote(vote_for, factories.UserFactory(), (0,))
    page = client.get("/m/villa-norte/").text
    assert "Open now" in page and "Latest activity" in page
    for title in world["open"] + world["activity"]:
        assert title in page
    assert "Taking proposals" in page
    assert "Open for article votes and comments" in page
    assert "Ballot results published" in page
    assert "Proposal answered: Accepted" in page
    assert "Anyone with a confirmed account" in page
    # Figures: 2 proposals, 2 supports, their 4 authors and supporters, 1 vote cast.
    assert "2 proposals" in page
    assert "2 supports" in page
    assert "4 people have made or supported proposals" in page
    assert "1 vote cast in ballots and budgets" in page


def test_a_municipality_home_shows_only_its_own_items(client, municipality, other_municipality):
    _world(municipality, "Norte")
    other = _world(other_municipality, "Otra")
    page = client.get("/m/villa-norte/").text
    for title in other["open"] + other["activity"]:
        assert title not in page


def test_platform_home_shows_the_whole_network_naming_each_municipality(
    client, municipality, other_municipality
):
    mine = _world(municipality, "Norte")
    other = _world(other_municipality, "Otra")
    page = client.get("/").text
    for title in mine["open"] + other["open"] + mine["activity"][:2] + other["activity"][:2]:
        assert title in page
    assert "Villa Norte" in page and "Otra Ciudad" in page
    assert "4 proposals" in page


def test_a_search_of_the_directory_shows_no_overview(client, municipality):
    _world(municipality, "Norte")
    page = client.get("/?q=villa").text
    assert "Open now" not in page and "Consultation Norte" not in page


def test_drafts_hidden_items_and_archived_municipalities_stay_out(client, municipality):
    draft_consultation = make_consultation(municipality, status="draft", title="Secret plan")
    make_proposal(draft_consultation, title="Proposal in a draft")
    public = make_consultation(municipality, title="Public plan")
    make_proposal(public, title="Hidden proposal", hidden_at=utcnow())
    make_draft(municipality, status="draft", title="Unpublished ordinance")
    make_draft(municipality, title="Future ordinance", opens_delta=None, closes_delta=None)
    _titled(make_ballot(municipality, status="draft"), "Draft ballot")
    _titled(make_budget(municipality, status="draft"), "Draft budget")
    archived = factories.MunicipalityFactory(slug="vieja", name="Vieja", archived_at=utcnow())
    _world(archived, "Archived")
    for url in ("/m/villa-norte/", "/"):
        page = client.get(url).text
        for title in ("Secret plan", "Proposal in a draft", "Hidden proposal",
                      "Unpublished ordinance", "Draft ballot", "Draft budget"):  # fmt: skip
            assert title not in page, (url, title)
        assert "Public plan" in page
    network = client.get("/").text
    assert "Consultation Archived" not in network and "Proposal Archived" not in network
    assert "0 proposals" in client.get("/m/villa-norte/").text


def test_a_hidden_proposal_is_not_counted(client, municipality):
    consultation = make_consultation(municipality)
    make_proposal(consultation)
    hidden = make_proposal(consultation, title="Hidden")
    db.session.get(Proposal, hidden.id).hidden_at = utcnow()
    db.session.commit()
    assert "1 proposal<" in client.get("/m/villa-norte/").text


@pytest.mark.parametrize("url", ["/m/villa-norte/", "/", "/m/villa-norte/welcome"])
def test_homes_run_a_constant_number_of_queries(
    client, municipality, other_municipality, count_queries, url
):
    _world(municipality, "A")
    _world(other_municipality, "B")
    client.get(url)  # warm the caches of the first request
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for tag in ("C", "D", "E"):
        _world(municipality, tag)
        _world(other_municipality, tag + "2")
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert few.count > 5  # the page was built, not served from a cache
    assert many.count == few.count


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_homes_reuse_their_overview_for_a_few_seconds(
    app, client, login, municipality, monkeypatch, count_queries, signed_in
):
    # The network's counts scan every support: computed once, then shared by every visitor
    # (signed in or not) in that language until PAGE_CACHE_SECONDS pass.
    world = _world(municipality, "Norte")
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 30)
    if signed_in:
        login(factories.UserFactory())
    first = client.get("/").text
    with count_queries() as fresh:
        client.get("/m/villa-norte/")
    with count_queries() as reused:
        again = client.get("/").text
    assert world["open"][0] in first and world["open"][0] in again
    assert "2 proposals" in again
    with count_queries() as reused_here:
        client.get("/m/villa-norte/")
    assert reused.count + 5 <= fresh.count
    assert reused_here.count + 5 <= fresh.count
    # A new proposal shows once the seconds pass, not before.
    make_proposal(Proposal.query.first().consultation, title="Late proposal")
    assert "3 proposals" not in client.get("/").text
    cache.clear()
    assert "3 proposals" in client.get("/").text
