"""Proposal pages: submit with preview, supports over HTTP, staff actions, 403/404, bad input."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from participa.extensions import db
from participa.notifications.models import Notification
from participa.proposals import supports
from participa.proposals.models import Proposal, Support
from tests import factories
from tests.consultations.helpers import add_supports, make_consultation, make_proposal
from tests.rows import count_rows

M = "/m/villa-norte"
DATA = {
    "title": "Bicisendas en el centro",
    "body": "Construcción de bicisendas seguras en las avenidas principales.",
    "category_id": "0",
    "location_text": "",
    "latitude": "",
    "longitude": "",
}


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (3, 3), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_preview_then_publish(client, login, municipality, resident):
    consultation = make_consultation(municipality)
    login(resident)
    url = f"{M}/consultations/{consultation.id}/proposals/new"
    assert client.get(url).status_code == 200
    data = {
        **DATA,
        "body": "Una **idea** importante para el barrio.",
        "preview": "1",
        "image": (io.BytesIO(_png()), "foto.png"),
        "image_alt": "Una bicisenda pintada de verde",
    }
    page = client.post(url, data=data, content_type="multipart/form-data")
    assert page.status_code == 200
    assert "<strong>idea</strong>" in page.text and count_rows(Proposal) == 0
    token = page.text.split('name="image_token" type="hidden" value="')[1].split('"')[0]
    assert token
    response = client.post(url, data={**DATA, "image_token": token, "publish": "1"})
    assert response.status_code == 302
    proposal = db.session.scalars(select(Proposal)).one()
    assert proposal.image is not None and proposal.image.token == token
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and "Bicisendas en el centro" in page.text


def test_bad_input_is_422_with_messages_and_kept_values(client, login, municipality, resident):
    consultation = make_consultation(municipality)
    login(resident)
    url = f"{M}/consultations/{consultation.id}/proposals/new"
    response = client.post(
        url,
        data={
            **DATA,
            "title": "ab",
            "latitude": "95",
            "body": "Se conserva este texto",
            "publish": "1",
        },
    )
    assert response.status_code == 422
    assert 'id="title-error"' in response.text and 'id="latitude-error"' in response.text
    assert "Se conserva este texto" in response.text
    response = client.post(url, data={**DATA, "latitude": "10", "publish": "1"})
    assert response.status_code == 422 and 'id="longitude-error"' in response.text
    assert count_rows(Proposal) == 0


def test_images_are_checked(client, login, app, municipality, resident):
    consultation = make_consultation(municipality)
    login(resident)
    url = f"{M}/consultations/{consultation.id}/proposals/new"
    data = {**DATA, "publish": "1", "image": (io.BytesIO(b"%PDF-1.4 not an image"), "x.png")}
    response = client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 422 and "not a PNG" in response.text
    big = io.BytesIO(b"\x89PNG" + b"0" * app.config["MAX_IMAGE_BYTES"])
    data = {**DATA, "publish": "1", "image": (big, "big.png")}
    response = client.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    assert count_rows(Proposal) == 0


def test_submit_outside_the_phase_is_409(client, login, municipality, resident):
    consultation = make_consultation(municipality, phase="supports")
    login(resident)
    response = client.post(
        f"{M}/consultations/{consultation.id}/proposals/new", data={**DATA, "publish": "1"}
    )
    assert response.status_code == 409 and "proposals phase" in response.text


def test_anonymous_goes_to_login_and_unverified_gets_403(client, login, municipality, user):
    consultation = make_consultation(municipality, participation="verified")
    url = f"{M}/consultations/{consultation.id}/proposals/new"
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login(user)
    assert client.get(url).status_code == 403


def test_support_and_unsupport_over_http(client, login, municipality, resident):
    consultation = make_consultation(municipality, phase="supports", supports_per_person=1)
    proposal, other = make_proposal(consultation), make_proposal(consultation)
    login(resident)
    response = client.post(f"{M}/proposals/{proposal.id}/support")
    assert response.status_code == 302
    page = client.get(f"{M}/proposals/{proposal.id}")
    assert "You support this" in page.text
    response = client.post(f"{M}/proposals/{proposal.id}/support")
    assert response.status_code == 409 and "already support" in response.text
    response = client.post(f"{M}/proposals/{other.id}/support")
    assert response.status_code == 409 and "your 1 support in" in response.text
    next_url = f"{M}/consultations/{consultation.id}/proposals/?sort=newest"
    response = client.post(f"{M}/proposals/{proposal.id}/unsupport", data={"next": next_url})
    assert response.status_code == 302 and response.headers["Location"] == next_url
    assert client.post(f"{M}/proposals/{proposal.id}/unsupport").status_code == 409
    assert count_rows(Support) == 0


def test_support_refusals_over_http(client, login, municipality, resident, user):
    outside = make_proposal(make_consultation(municipality, phase="proposals"))
    withdrawn = make_proposal(make_consultation(municipality, phase="supports"), state="withdrawn")
    verified_only = make_proposal(
        make_consultation(municipality, phase="supports", participation="verified")
    )
    assert client.post(f"{M}/proposals/{outside.id}/support").status_code == 302  # login
    login(resident)
    response = client.post(f"{M}/proposals/{outside.id}/support")
    assert response.status_code == 409 and "supports phase" in response.text
    response = client.post(f"{M}/proposals/{withdrawn.id}/support")
    assert response.status_code == 409 and "withdrawn" in response.text
    login(user)
    assert client.post(f"{M}/proposals/{verified_only.id}/support").status_code == 403
    assert count_rows(Support) == 0


def test_edit_and_withdraw_by_author(client, login, municipality, resident, user):
    proposal = make_proposal(make_consultation(municipality), resident)
    login(user)
    assert client.get(f"{M}/proposals/{proposal.id}/edit").status_code == 403
    assert client.post(f"{M}/proposals/{proposal.id}/withdraw").status_code == 403
    login(resident)
    assert client.get(f"{M}/proposals/{proposal.id}/edit").status_code == 200
    response = client.post(
        f"{M}/proposals/{proposal.id}/edit",
        data={**DATA, "title": "Título corregido", "publish": "1"},
    )
    assert response.status_code == 302
    assert client.post(f"{M}/proposals/{proposal.id}/withdraw").status_code == 302
    page = client.get(f"{M}/proposals/{proposal.id}")
    assert "Título corregido" in page.text and "withdrawn this proposal" in page.text


def test_edit_with_supports_is_409(client, login, municipality, resident, user):
    proposal = make_proposal(make_consultation(municipality), resident)
    add_supports(proposal, [user])
    login(resident)
    assert client.get(f"{M}/proposals/{proposal.id}/edit").status_code == 409


def test_staff_answer_notifies_followers(client, login, municipality, staff, resident):
    consultation = make_consultation(municipality)
    login(resident)
    client.post(f"{M}/consultations/{consultation.id}/proposals/new", data={**DATA, "publish": "1"})
    proposal = db.session.scalars(select(Proposal)).one()
    login(staff)
    assert client.get(f"{M}/proposals/{proposal.id}/answer").status_code == 200
    response = client.post(
        f"{M}/proposals/{proposal.id}/answer",
        data={"state": "rejected", "answer": "No es posible.", "details": ""},
    )
    assert response.status_code == 409 or response.status_code == 422
    response = client.post(
        f"{M}/proposals/{proposal.id}/answer",
        data={"state": "accepted", "answer": "Se hará en 2027."},
    )
    assert response.status_code == 302
    note = db.session.scalars(select(Notification)).one()
    assert note.user_id == resident.id and note.event == "official_answer"
    assert note.url == f"{M}/proposals/{proposal.id}"
    page = client.get(f"{M}/proposals/{proposal.id}")
    assert "Se hará en 2027." in page.text


def test_merge_over_http(client, login, municipality, staff):
    consultation = make_consultation(municipality, phase="supports")
    source, target = make_proposal(consultation), make_proposal(consultation)
    add_supports(source, [factories.UserFactory()])
    login(staff)
    assert client.get(f"{M}/proposals/{source.id}/merge").status_code == 200
    response = client.post(f"{M}/proposals/{source.id}/merge", data={"target_id": target.id})
    assert response.status_code == 302
    page = client.get(f"{M}/proposals/{source.id}")
    assert "merged into" in page.text
    assert (
        client.post(f"{M}/proposals/{target.id}/merge", data={"target_id": "abc"}).status_code
        == 422
    )


@pytest.mark.parametrize("who", ["resident", "moderator", "other_staff"])
def test_staff_actions_are_403_for_others(client, login, municipality, request, who):
    proposal = make_proposal(make_consultation(municipality))
    login(request.getfixturevalue(who))
    assert client.get(f"{M}/proposals/{proposal.id}/answer").status_code == 403
    assert (
        client.post(
            f"{M}/proposals/{proposal.id}/answer", data={"state": "accepted", "answer": "x"}
        ).status_code
        == 403
    )
    assert client.get(f"{M}/proposals/{proposal.id}/merge").status_code == 403


def test_other_municipality_ids_are_404(client, login, municipality, other_municipality, staff):
    foreign_consultation = make_consultation(other_municipality, phase="supports")
    foreign = make_proposal(foreign_consultation)
    local = make_proposal(make_consultation(municipality, phase="supports"))
    login(staff)
    assert client.get(f"{M}/proposals/{foreign.id}").status_code == 404
    assert client.post(f"{M}/proposals/{foreign.id}/support").status_code == 404
    assert client.get(f"{M}/proposals/{foreign.id}/answer").status_code == 404
    assert client.get(f"{M}/consultations/{foreign_consultation.id}/proposals/").status_code == 404
    # A foreign proposal is not among the choices: a form error, not a hint that it exists.
    response = client.post(f"{M}/proposals/{local.id}/merge", data={"target_id": foreign.id})
    assert response.status_code == 422
    assert "Not a valid choice" in response.text


def test_hidden_and_draft_proposals_are_404_for_the_public(client, login, municipality, staff):
    hidden = make_proposal(make_consultation(municipality))
    hidden.hidden_at = hidden.created_at
    in_draft = make_proposal(make_consultation(municipality, status="draft"))
    db.session.commit()
    assert client.get(f"{M}/proposals/{hidden.id}").status_code == 404
    assert client.get(f"{M}/proposals/{in_draft.id}").status_code == 404
    login(staff)
    assert client.get(f"{M}/proposals/{hidden.id}").status_code == 200


def test_list_filters_search_and_garbage(client, login, municipality, resident):
    consultation = make_consultation(municipality)
    make_proposal(consultation, resident, title="Bicicleta en la escuela")
    make_proposal(consultation, title="Más luminarias")
    url = f"{M}/consultations/{consultation.id}/proposals/"
    page = client.get(url + "?q=BICICLETAS")
    assert "Bicicleta en la escuela" in page.text and "Más luminarias" not in page.text
    page = client.get(url + "?q=luminaria")
    assert "Más luminarias" in page.text and "Bicicleta en la escuela" not in page.text
    login(resident)
    page = client.get(url + "?mine=1")
    assert "Bicicleta en la escuela" in page.text and "Más luminarias" not in page.text
    assert client.get(url + "?sort=bogus&state=nope&category=x&page=1").status_code == 200
    assert client.get(url + "?page=abc").status_code == 400
    assert client.get(url + "?page=99").status_code == 404


def test_random_sort_is_stable_across_pages(client, municipality):
    consultation = make_consultation(municipality)
    for n in range(30):
        make_proposal(consultation, title=f"Propuesta número {n:02d}")
    url = f"{M}/consultations/{consultation.id}/proposals/?sort=random"

    def titles(page_number):
        text = client.get(f"{url}&page={page_number}").text
        return [
            line.split("Propuesta número ")[1][:2]
            for line in text.splitlines()
            if "Propuesta número" in line and "<h3>" in line
        ]

    first_pass = titles(1) + titles(2)
    assert len(first_pass) == 30 and len(set(first_pass)) == 30
    assert titles(1) + titles(2) == first_pass


def _grow(consultation, n):
    for _ in range(n):
        proposal = make_proposal(consultation, author=factories.UserFactory())
        add_supports(proposal, [factories.UserFactory()])


@pytest.mark.parametrize("who", [None, "resident", "staff"])
def test_list_and_detail_query_counts_are_constant(
    client, login, municipality, resident, staff, count_queries, who, monkeypatch
):
    consultation = make_consultation(municipality, phase="supports")
    _grow(consultation, 5)
    if who:
        login(resident if who == "resident" else staff)
    # The consultation's part of the support rule is decided once per page, not per card.
    asked = []
    decide = supports._consultation_support_refusal
    monkeypatch.setattr(
        supports, "_consultation_support_refusal", lambda *a: asked.append(a) or decide(*a)
    )
    url = f"{M}/consultations/{consultation.id}/proposals/"
    proposal = db.session.scalars(select(Proposal)).first()
    detail = f"{M}/proposals/{proposal.id}"  # read now: later commits expire the object
    with count_queries() as small_list:
        assert client.get(url).status_code == 200
    with count_queries() as small_detail:
        assert client.get(detail).status_code == 200
    _grow(consultation, 20)
    add_supports(proposal, [factories.UserFactory() for _ in range(10)])
    asked.clear()
    with count_queries() as big_list:
        text = client.get(url).text
    assert text.count('class="card"') == 20  # a full page: 25 proposals, 20 a page
    assert len(asked) == 1
    with count_queries() as big_detail:
        assert client.get(detail).status_code == 200
    assert small_list.count == big_list.count, big_list.statements
    assert small_detail.count == big_detail.count, (small_detail.statements, big_detail.statements)
    # The detail page: the municipality, the proposal, and one query for what its parts ask (the
    # comment thread's count, the sections of linked features and, for people, supported,
    # supports left, reported, following: core.viewer.prefetch); people's roles come with the
    # person. The list reads the districts of its filter.
    # Here no card head is cached: the list loads its cards light, then what the heads show
    # (author, topic...) in one more query; which cards they support and how many supports they
    # have left is one query.
    assert big_list.count <= 9, big_list.statements
    assert big_detail.count <= {None: 3, "resident": 4, "staff": 4}[who], big_detail.statements


def test_anonymous_listing_is_cached_briefly_but_never_for_people(
    app, client, login, municipality, resident, monkeypatch
):
    from participa.extensions import cache

    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 30)
    cache.clear()
    consultation = make_consultation(municipality, phase="supports")
    make_proposal(consultation, title="Primera propuesta")
    url = f"{M}/consultations/{consultation.id}/proposals/"
    assert "Primera propuesta" in client.get(url).text
    make_proposal(consultation, title="Segunda propuesta")
    # Anonymous visitors may see the list as it was a few seconds ago...
    assert "Segunda propuesta" not in client.get(url).text
    # ...but another URL, the random order and signed-in people always get fresh data.
    assert "Segunda propuesta" in client.get(url + "?sort=newest").text
    assert "Segunda propuesta" in client.get(url + "?sort=random").text
    other = app.test_client()
    login(resident, on=other)
    page = other.get(url).text
    assert "Segunda propuesta" in page and "csrf_token" in page
    cache.clear()
    assert "Segunda propuesta" in client.get(url).text


def test_signed_in_lists_share_the_cards_but_not_the_support_buttons(
    app, client, login, municipality, resident, monkeypatch, count_queries
):
    # Cards are rendered once for every visitor for a few seconds; what a person just did
    # (a support: the count and the button) shows at once, and titles may lag like anonymous
    # pages.
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 30)
    consultation = make_consultation(municipality, phase="supports")
    proposal = make_proposal(consultation, title="Primera propuesta")
    url = f"{M}/consultations/{consultation.id}/proposals/"
    other = factories.UserFactory()
    factories.MembershipFactory(user=other, municipality=municipality, role="resident")
    login(resident)
    page = client.get(url).text
    assert "1 support" not in page and 'action="/m/villa-norte/proposals/' in page
    proposal.title = "Título cambiado"
    db.session.commit()
    assert "Primera propuesta" in client.get(url).text  # the shared card, a few seconds old
    supports.support_proposal(proposal, user=resident)
    db.session.commit()
    page = client.get(url).text
    assert "1 support" in page and "You support this" in page and "Título cambiado" in page
    second = app.test_client()
    login(other, on=second)
    page = second.get(url).text
    assert "1 support" in page and "You support this" not in page and "csrf_token" in page


def test_a_signed_in_list_is_rendered_once_but_each_person_gets_their_own_buttons(
    app, client, login, municipality, resident, monkeypatch
):
    import re

    from flask import template_rendered
    from itsdangerous import URLSafeTimedSerializer

    from participa.extensions import cache

    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 30)
    cache.clear()
    consultation = make_consultation(municipality, phase="supports", participation="verified")
    first = make_proposal(consultation, title="Primera propuesta")
    second = make_proposal(consultation, title="Segunda propuesta")
    supports.support_proposal(first, user=resident)
    db.session.commit()
    neighbour = factories.UserFactory()
    factories.MembershipFactory(user=neighbour, municipality=municipality, role="resident")
    outsider = factories.UserFactory()  # not a resident: this consultation is residents only
    url = f"{M}/consultations/{consultation.id}/proposals/"
    rendered: list[str] = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    def page_of(user):
        browser = login(user, on=app.test_client())
        text = browser.get(url).text
        assert "<!--slot:" not in text and "<!--csrf-->" not in text
        with browser.session_transaction() as session:
            raw = session.get("csrf_token")
        return text, raw

    template_rendered.connect(record, app)
    try:
        mine, my_raw = page_of(resident)
        theirs, their_raw = page_of(neighbour)
        refused, _ = page_of(outsider)
    finally:
        template_rendered.disconnect(record, app)

    support_of = f'action="{M}/proposals/{{}}/support"'
    assert mine.count("You support this") == 1 and support_of.format(second.id) in mine
    assert support_of.format(first.id) not in mine and "Withdraw my support" in mine
    assert "You support this" not in theirs
    assert support_of.format(first.id) in theirs and support_of.format(second.id) in theirs
    assert "Only verified residents" in refused and support_of.format(second.id) not in refused
    # The two residents may do the same on every card: one rendering served both; the outsider
    # may not, and got a list of their own.
    assert rendered.count("proposals/_listing.html") == 2
    # Each form carries its reader's own token.
    signer = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token")
    for text, raw in ((mine, my_raw), (theirs, their_raw)):
        tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', text))
        assert tokens and all(signer.loads(token) == raw for token in tokens)
    assert my_raw != their_raw


def test_the_shared_filter_form_follows_the_url_and_who_is_signed_in(
    app, client, login, municipality, resident, monkeypatch
):
    from participa.extensions import cache

    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 30)
    cache.clear()
    consultation = make_consultation(municipality, phase="supports")
    url = f"{M}/consultations/{consultation.id}/proposals/"
    assert "Supported by me" not in client.get(url).text
    login(resident)
    assert "Supported by me" in client.get(url).text
    newest = client.get(url + "?sort=newest").text
    assert '<option value="newest" selected>' in newest
    assert '<option value="newest" selected>' not in client.get(url).text


def test_a_list_loads_authors_and_topics_only_for_the_card_heads_it_renders(
    app, client, login, municipality, resident, monkeypatch, count_queries
):
    from participa.consultations.models import Category
    from participa.extensions import cache

    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 30)
    cache.clear()
    consultation = make_consultation(municipality, phase="supports")
    topic = Category(municipality_id=municipality.id, name="Movilidad urbana")
    db.session.add(topic)
    db.session.commit()
    author = factories.UserFactory(display_name="Ana Autora")
    for n in range(3):
        make_proposal(consultation, author=author, title=f"Propuesta {n}", category_id=topic.id)
    url = f"{M}/consultations/{consultation.id}/proposals/"
    login(resident)
    with count_queries() as first:
        text = client.get(url).text
    assert text.count("Ana Autora") == 3 and text.count("Movilidad urbana") >= 3
    with count_queries() as again:
        text = client.get(url).text
    assert text.count("Ana Autora") == 3 and "Propuesta 2" in text
    # Every head shared: the cards come without their authors, topics, districts and images.
    joined = [s for s in again.statements if "FROM proposals" in s and "JOIN users" in s]
    assert not joined, joined
    assert [s for s in first.statements if "FROM proposals" in s and "JOIN users" in s]


@pytest.mark.parametrize("page", ["list", "map", "all"])
def test_filter_choices_are_shared_for_a_few_seconds_but_the_form_reads_them_fresh(
    app, client, login, municipality, resident, monkeypatch, count_queries, page
):
    from participa.consultations.models import Category
    from participa.extensions import cache
    from participa.places.models import District

    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 30)
    cache.clear()
    consultation = make_consultation(municipality, phase="proposals")
    db.session.add(Category(municipality_id=municipality.id, name="Movilidad urbana"))
    db.session.add(District(municipality_id=municipality.id, name="Barrio Norte"))
    db.session.commit()
    url = {
        "list": f"{M}/consultations/{consultation.id}/proposals/",
        "map": f"{M}/consultations/{consultation.id}/proposals/map",
        "all": f"{M}/proposals/",
    }[page]
    login(resident)
    first = client.get(url).text
    assert "Movilidad urbana" in first and "Barrio Norte" in first
    db.session.add(Category(municipality_id=municipality.id, name="Espacios verdes"))
    db.session.commit()
    with count_queries() as again:
        text = client.get(url).text
    # Read once for everyone in the municipality: a new topic reaches the filter seconds later...
    assert "Espacios verdes" not in text and "Movilidad urbana" in text
    assert not [s for s in again.statements if "FROM categories" in s or "FROM districts" in s]
    # ...but the proposal form offers it at once.
    form = client.get(f"{M}/consultations/{consultation.id}/proposals/new").text
    assert "Espacios verdes" in form
    cache.clear()
    assert "Espacios verdes" in client.get(url).text


def test_signed_in_lists_share_the_count_unless_it_is_personal(
    app, client, login, municipality, resident, monkeypatch, count_queries
):
    # Counting every matching proposal is most of a long list's cost: the total is shared for a
    # few seconds, except for the visitor's own proposals or supports.
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 30)
    consultation = make_consultation(municipality, phase="supports")
    make_proposal(consultation, title="Primera propuesta", author=resident)
    url = f"{M}/consultations/{consultation.id}/proposals/"
    login(resident)

    def counts(path: str) -> int:
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return sum("count(*)" in s.lower() and "proposals" in s for s in counter.statements)

    assert counts(url) == 1
    assert counts(url) == 0  # shared
    assert counts(url + "?q=primera") == 1  # another filter, another count
    assert counts(url + "?mine=1") == 1
    assert counts(url + "?mine=1") == 1  # personal: always counted
    assert counts(f"{M}/proposals/") == 1
    assert counts(f"{M}/proposals/") == 0
