"""Pages and forms: happy paths, 403, cross-municipality 404, 409, 422, XSS, constant queries."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from participa.extensions import db
from participa.legislation import participation
from participa.legislation.models import Amendment, ArticleVote, Draft, Passage
from participa.legislation.passages import sentences
from tests import factories
from tests.legislation.support import SOURCE, articles, base, make_draft
from tests.rows import count_rows


@pytest.fixture
def draft(municipality, staff):
    return make_draft(municipality, staff=staff)


def _staff_routes(draft, art, amendment):
    d = draft.id
    return [
        ("get", "/new"),
        ("get", f"/{d}/edit"),
        ("get", f"/{d}/text"),
        ("post", f"/{d}/publish"),
        ("post", f"/{d}/close"),
        ("get", f"/{d}/questions"),
        ("get", f"/{d}/response"),
        ("get", f"/{d}/amendments/{amendment.id}/decide"),
        ("get", f"/{d}/report"),
        ("get", f"/{d}/report/summary"),
        ("get", f"/{d}/report.csv"),
        ("get", f"/{d}/report.json"),
    ]


@pytest.fixture
def amendment(draft, user):
    found = participation.propose_amendment(
        draft, articles(draft)[0], author=user, text="Nuevo.", justification="Porque."
    )
    db.session.commit()
    return found


def test_staff_pages_answer_403_to_others(client, login, draft, amendment, resident, other_staff):
    for person in (resident, other_staff):
        login(person)
        for method, path in _staff_routes(draft, articles(draft)[0], amendment):
            response = getattr(client, method)(base(draft.municipality) + path)
            assert response.status_code == 403, (person, path)


def test_staff_pages_send_anonymous_visitors_to_login(client, draft, amendment):
    for method, path in _staff_routes(draft, articles(draft)[0], amendment):
        response = getattr(client, method)(base(draft.municipality) + path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path


def test_another_municipality_answers_404(
    client, login, draft, amendment, other_municipality, other_staff
):
    login(other_staff)
    art = articles(draft)[0]
    other = base(other_municipality)
    paths = [
        ("get", f"/{draft.id}"),
        ("get", f"/{draft.id}/articles/{art.id}"),
        ("get", f"/{draft.id}/versions"),
        ("get", f"/{draft.id}/report"),
        ("get", f"/{draft.id}/edit"),
        ("post", f"/{draft.id}/articles/{art.id}/vote"),
        ("post", f"/{draft.id}/amendments/{amendment.id}/support"),
        ("get", f"/{draft.id}/amendments/{amendment.id}/decide"),
    ]
    for method, path in paths:
        assert getattr(client, method)(other + path).status_code == 404, path


def test_children_of_another_draft_answer_404(client, login, draft, staff, municipality):
    second = make_draft(municipality, staff=staff, title="Otra")
    login(staff)
    art = articles(second)[0]
    assert client.get(f"{base(municipality)}/{draft.id}/articles/{art.id}").status_code == 404


def test_unpublished_draft_is_hidden_from_the_public(client, login, municipality, staff, user):
    hidden = make_draft(municipality, staff=staff, status="draft")
    login(user)
    assert client.get(f"{base(municipality)}/{hidden.id}").status_code == 404
    assert hidden.title not in client.get(f"{base(municipality)}/").get_data(as_text=True)
    login(staff)
    assert client.get(f"{base(municipality)}/{hidden.id}").status_code == 200


def test_vote_from_the_page(client, login, draft, user):
    art = articles(draft)[0]
    login(user)
    url = f"{base(draft.municipality)}/{draft.id}/articles/{art.id}/vote"
    response = client.post(url, data={"value": "in_favour"})
    assert response.status_code == 302 and response.headers["Location"].endswith("#section-art-1")
    client.post(url, data={"value": "against"})
    html = client.get(f"{base(draft.municipality)}/{draft.id}").get_data(as_text=True)
    assert 'value="against" class="button-small vote-against" aria-pressed="true"' in html
    assert "You voted: Against" in html
    assert count_rows(ArticleVote) == 1
    assert client.post(url, data={"value": "maybe"}).status_code == 422


def test_vote_on_a_closed_draft_is_409(client, login, municipality, staff, user):
    closed = make_draft(municipality, staff=staff, status="closed")
    login(user)
    art = articles(closed)[0]
    response = client.post(
        f"{base(municipality)}/{closed.id}/articles/{art.id}/vote", data={"value": "in_favour"}
    )
    assert response.status_code == 409


def test_verified_only_draft_refuses_unverified_with_403(client, login, municipality, staff, user):
    verified = make_draft(municipality, staff=staff, participation="verified")
    login(user)
    art = articles(verified)[0]
    url = f"{base(municipality)}/{verified.id}/articles/{art.id}"
    assert client.post(url + "/vote", data={"value": "in_favour"}).status_code == 403
    assert (
        client.post(url + "/amendments", data={"text": "x", "justification": "y"}).status_code
        == 403
    )


def test_anonymous_vote_goes_to_login(client, draft):
    art = articles(draft)[0]
    response = client.post(
        f"{base(draft.municipality)}/{draft.id}/articles/{art.id}/vote", data={"value": "abstain"}
    )
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_amendment_form_shows_a_word_diff(client, login, draft, user):
    art = articles(draft)[0]
    login(user)
    url = f"{base(draft.municipality)}/{draft.id}/articles/{art.id}"
    assert (
        client.post(url + "/amendments", data={"text": "", "justification": ""}).status_code == 422
    )
    response = client.post(
        url + "/amendments",
        data={
            "text": art.body.replace("vecinos", "vecinas y vecinos", 1),
            "justification": "Inclusivo",
        },
    )
    assert response.status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "<ins>vecinas y</ins>" in html or "<ins>vecinas y </ins>" in html
    assert count_rows(Amendment) == 1


def test_passage_comment_without_javascript(client, login, draft, user):
    art = articles(draft)[0]
    login(user)
    url = f"{base(draft.municipality)}/{draft.id}/articles/{art.id}"
    page = client.get(url).get_data(as_text=True)
    second = sentences(art.body)[1]
    assert f'<option value="{second.start}-{second.end}">{second.text}</option>' in page
    response = client.post(
        url + "/passages",
        data={"sentence": f"{second.start}-{second.end}", "body": "Sobre esta frase",
              "alignment": "against"},
    )  # fmt: skip
    assert response.status_code == 302
    passage = db.session.scalars(select(Passage)).one()
    assert f"/passages/{passage.id}#comment-" in response.headers["Location"]
    html = client.get(url).get_data(as_text=True)
    assert f'<mark class="passage" data-passage="{passage.id}">{second.text}</mark>' in html
    thread = client.get(response.headers["Location"].split("#")[0]).get_data(as_text=True)
    assert "Sobre esta frase" in thread and second.text in thread


def test_passage_from_a_mouse_selection(client, login, draft, user):
    art = articles(draft)[0]
    login(user)
    url = f"{base(draft.municipality)}/{draft.id}/articles/{art.id}/passages"
    response = client.post(
        url,
        data={"start": 4, "end": 12, "quote": "presente", "body": "Hola", "alignment": "neutral"},
    )
    assert response.status_code == 302
    assert db.session.scalars(select(Passage)).one().quote == "presente"
    bad = client.post(url, data={"sentence": "", "body": "Hola", "alignment": "neutral"})
    assert bad.status_code == 422


def test_xss_in_article_text_and_passage_comments_is_neutralised(
    client, login, municipality, staff, user
):
    evil = "### Artículo 1.- <img src=x onerror=alert(1)>\nTexto <script>alert(2)</script> final."
    risky = make_draft(municipality, staff=staff, source=evil)
    art = articles(risky)[0]
    login(user)
    url = f"{base(municipality)}/{risky.id}/articles/{art.id}"
    client.post(
        url + "/passages",
        data={"start": 0, "end": 5, "quote": "Texto", "body": "<script>alert(3)</script>**ok**",
              "alignment": "neutral"},
    )  # fmt: skip
    for page in (
        url,
        f"{base(municipality)}/{risky.id}",
        f"{base(municipality)}/{risky.id}/passages/{db.session.scalars(select(Passage)).one().id}",
    ):
        html = client.get(page).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, page


def _create(client, municipality, title: str, opens_at: str, closes_at: str):
    """Post the new-draft form: an ordinance for registered participants, with no consultation."""
    data = {"title": title, "kind": "ordinance", "participation": "registered",
            "consultation_id": "None", "opens_at": opens_at, "closes_at": closes_at}  # fmt: skip
    return client.post(f"{base(municipality)}/new", data=data)


def test_staff_create_review_and_publish(client, login, staff, municipality):
    login(staff)
    response = _create(
        client, municipality, "Ordenanza nueva", "2020-01-01T10:00", "2099-01-01T10:00"
    )
    assert response.status_code == 302
    draft = db.session.scalars(select(Draft)).one()
    text_url = f"{base(municipality)}/{draft.id}/text"
    review = client.post(text_url, data={"source": SOURCE})
    html = review.get_data(as_text=True)
    assert review.status_code == 200 and "art-3" in html and 'name="confirm" value="1"' in html
    assert draft.current_version_id is None
    upload = client.post(
        text_url,
        data={"upload": (io.BytesIO(SOURCE.encode()), "ordenanza.md"), "confirm": "1"},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    # A NUL inside the file (form fields are checked before any view) was a 500 on PostgreSQL.
    nul = client.post(
        text_url,
        data={"upload": (io.BytesIO(b"Art\x00iculo 1. Texto."), "x.md"), "confirm": "1"},
        content_type="multipart/form-data",
    )
    assert nul.status_code == 422 and "null character" in nul.get_data(as_text=True)
    assert client.post(f"{base(municipality)}/{draft.id}/publish").status_code == 302
    db.session.expire_all()
    draft = db.session.get(Draft, draft.id)
    assert draft.status == "published" and draft.is_open
    assert (
        client.post(text_url, data={"source": "nada"}).status_code == 200
    )  # paragraphs → articles
    assert client.post(text_url, data={"source": ""}).status_code == 422


def test_period_must_end_after_it_starts(client, login, staff, municipality):
    login(staff)
    response = _create(client, municipality, "X", "2030-01-02T10:00", "2030-01-01T10:00")
    assert response.status_code == 422
    assert "must close after it opens" in response.get_data(as_text=True)


def test_version_two_history_compare_and_provenance(
    client, login, draft, staff, user, count_queries
):
    art = articles(draft)[0]
    amendment = participation.propose_amendment(
        draft, art, author=user, text="Texto enmendado.", justification="Mejora"
    )
    participation.cast_vote(draft, art, voter=user, value="against")
    db.session.commit()
    login(staff)
    decide = f"{base(draft.municipality)}/{draft.id}/amendments/{amendment.id}/decide"
    assert client.post(decide, data={"decision": "accept", "note": "Tomada"}).status_code == 302
    prefilled = client.get(f"{base(draft.municipality)}/{draft.id}/text?start=amendments")
    assert "Texto enmendado." in prefilled.get_data(as_text=True)
    source = SOURCE.replace(
        "La presente ordenanza regula la participación de los vecinos. Los vecinos podrán opinar.",
        "Texto enmendado.",
    )
    review = client.post(f"{base(draft.municipality)}/{draft.id}/text", data={"source": source})
    assert f'value="art-1|amendment:{amendment.id}" checked' in review.get_data(as_text=True)
    published = client.post(
        f"{base(draft.municipality)}/{draft.id}/text",
        data={"source": source, "confirm": "1", "change_note": "Segunda",
              "answers": [f"art-1|amendment:{amendment.id}"]},
    )  # fmt: skip
    assert published.status_code == 302
    history = client.get(f"{base(draft.municipality)}/{draft.id}/versions").get_data(as_text=True)
    assert "Version 2" in history
    with count_queries() as reading:
        compare = client.get(f"{base(draft.municipality)}/{draft.id}/compare?from=1&to=2")
    html = compare.get_data(as_text=True)
    provenance = [q for q in reading.statements if "FROM legislation_section_sources" in q]
    assert len(provenance) == 1, provenance  # read once for the rows and their labels
    assert (
        "<del>La presente ordenanza regula la participación de los vecinos</del>"
        "<ins>Texto enmendado</ins>" in html
    )
    assert f"#amendment-{amendment.id}" in html and "This change answers" in html
    side = client.get(f"{base(draft.municipality)}/{draft.id}/compare?from=1&to=2&mode=side")
    assert 'class="diff-side"' in side.get_data(as_text=True)
    old_page = client.get(f"{base(draft.municipality)}/{draft.id}/articles/{art.id}")
    assert "earlier version" in old_page.get_data(as_text=True)
    assert "Against: 1" in old_page.get_data(as_text=True)


def test_report_is_public_only_after_close(client, login, municipality, staff, user):
    open_draft = make_draft(municipality, staff=staff)
    closed = make_draft(municipality, staff=staff, status="closed", title="Cerrada")
    login(user)
    assert client.get(f"{base(municipality)}/{open_draft.id}/report").status_code == 403
    assert client.get(f"{base(municipality)}/{closed.id}/report").status_code == 200
    assert client.get(f"{base(municipality)}/{closed.id}/report/summary").status_code == 200
    login(staff)
    live = client.get(f"{base(municipality)}/{open_draft.id}/report").get_data(as_text=True)
    assert "live report is visible to staff only" in live


def test_staff_response_is_published_with_the_report(client, login, municipality, staff):
    closed = make_draft(municipality, staff=staff, status="closed")
    login(staff)
    url = f"{base(municipality)}/{closed.id}/response"
    assert client.post(url, data={"response": ""}).status_code == 422
    assert client.post(url, data={"response": "Cambiamos el **artículo 1**."}).status_code == 302
    html = client.get(f"{base(municipality)}/{closed.id}/report").get_data(as_text=True)
    assert "<strong>artículo 1</strong>" in html


def _big_source(count: int) -> str:
    return "\n".join(
        f"### Artículo {n}.- Tema {n}\nTexto del artículo {n}. Segunda frase."
        for n in range(1, count + 1)
    )


@pytest.mark.parametrize("endpoint", ["", "/report"])
def test_page_and_report_queries_do_not_grow_with_articles(
    client, login, municipality, staff, count_queries, endpoint
):
    counts = []
    voters = [factories.UserFactory() for _ in range(3)]
    for size in (10, 60):
        draft = make_draft(municipality, staff=staff, source=_big_source(size), title=f"D{size}")
        for art in articles(draft):
            for person in voters:
                participation.cast_vote(draft, art, voter=person, value="in_favour")
            participation.propose_amendment(
                draft, art, author=voters[0], text="Otro.", justification="J"
            )
        first = articles(draft)[0]
        participation.comment_on_passage(
            draft, first, author=voters[1], start=0, end=5, quote="Texto", body="Comentario",
            alignment="against",
        )  # fmt: skip
        db.session.commit()
        login(staff)
        with count_queries() as counter:
            response = client.get(f"{base(municipality)}/{draft.id}{endpoint}")
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_public_pages_for_anonymous_visitors(client, draft):
    art = articles(draft)[0]
    root = f"{base(draft.municipality)}/{draft.id}"
    for path in ("", f"/articles/{art.id}", "/versions"):
        response = client.get(root + path)
        assert response.status_code == 200, path
        assert "Log in to vote." in response.get_data(as_text=True) or path == "/versions"
    assert client.get(f"{base(draft.municipality)}/").status_code == 200


def test_the_draft_page_asks_its_parts_questions_in_one_query(
    client, login, draft, staff, resident, count_queries
):
    """The follow button and the linked features' sections (documents, events, processes) are
    answered by one query, under the draft's one kind; a first version reads no history."""
    url = f"{base(draft.municipality)}/{draft.id}"
    counts = {}
    for who in (None, resident, staff):
        if who is not None:
            login(who)
        client.get(url)
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counts[who and who.email] = counter.count
        probes = [s for s in counter.statements if "procurement_process_links" in s]
        assert len(probes) == 1, probes
        assert not any("FROM follows" in s and "q0" not in s for s in counter.statements)
    assert list(counts.values()) == [8, 10, 10], counts
