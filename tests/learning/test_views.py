"""The learning space's pages: lists with filters and a constant number of queries, the
exchange page (public, its messages and documents for those taking part), the staff forms, the
personal export and the demo."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from participa.extensions import db
from participa.learning.models import ExchangeMessage, LearningExchange
from tests import factories
from tests.learning.helpers import make_exchange


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def test_network_index_filters_by_topic_kind_status_and_member(
    client, municipality, other_municipality
):
    make_exchange(municipality, title="Open data help", topic="open_data")
    make_exchange(other_municipality, title="Volunteer networks", topic="volunteering",
                  kind="offer", status="completed", joined=(municipality,))  # fmt: skip
    page = client.get("/learning/")
    assert page.status_code == 200
    assert "Open data help" in page.text and "Volunteer networks" in page.text
    assert "2 exchanges" in page.text
    assert "open_data" not in page.text.replace('value="open_data"', "")  # codes never shown
    only = client.get("/learning/?topic=volunteering").text
    assert "Volunteer networks" in only and "Open data help" not in only
    assert "Open data help" in client.get("/learning/?kind=request").text
    assert "Volunteer networks" not in client.get("/learning/?status=open").text
    # A member's filter finds what it opened and what it takes part in.
    both = client.get(f"/learning/?member={municipality.id}").text
    assert "Open data help" in both and "Volunteer networks" in both
    mine = client.get(f"/learning/?member={other_municipality.id}").text
    assert "Open data help" not in mine
    # Unknown codes filter nothing; garbage pages answer 400/404, never 500.
    assert client.get("/learning/?topic=nope&status=zzz").status_code == 200
    assert client.get("/learning/?page=99").status_code == 404
    assert client.get("/learning/?page=abc").status_code == 400


def test_lists_use_a_constant_number_of_queries(client, municipality, other_municipality,
                                                count_queries):  # fmt: skip
    make_exchange(municipality, joined=(other_municipality,))
    client.get("/learning/")
    with count_queries() as few:
        assert client.get("/learning/").status_code == 200
    for n in range(8):
        make_exchange(municipality if n % 2 else other_municipality,
                      joined=(factories.MunicipalityFactory(),))  # fmt: skip
    with count_queries() as many:
        assert client.get("/learning/").status_code == 200
    assert many.count == few.count
    with count_queries() as member:
        assert client.get(f"/m/{municipality.slug}/learning/").status_code == 200
    with count_queries() as member_more:
        make_exchange(municipality, joined=(other_municipality,))
        client.get(f"/m/{municipality.slug}/learning/")
    assert member_more.count <= member.count + 3  # the make_exchange writes


def test_exchange_page_is_public_and_messages_are_for_those_taking_part(
    app, client, login, municipality, other_municipality, staff, other_staff
):
    exchange = make_exchange(municipality, status="in_progress", joined=(other_municipality,),
                             description="We need **help**.")  # fmt: skip
    db.session.add(ExchangeMessage(municipality_id=municipality.id, exchange_id=exchange.id,
                                   member_id=other_municipality.id, author_id=other_staff.id,
                                   body="Private working note"))  # fmt: skip
    db.session.commit()
    url = f"/m/{municipality.slug}/learning/{exchange.id}"
    public = app.test_client().get(url)
    assert public.status_code == 200
    assert "<strong>help</strong>" in public.text and other_municipality.name in public.text
    assert "Private working note" not in public.text and "Post message" not in public.text
    resident = factories.member(municipality, "resident")
    assert "Private working note" not in login(resident, on=app.test_client()).get(url).text
    login(other_staff)
    page = client.get(url)
    assert "Private working note" in page.text and "Post message" in page.text
    assert "Attach a document" in page.text
    # Another member's id under this member's address looks missing.
    assert client.get(f"/m/{other_municipality.slug}/learning/{exchange.id}").status_code == 404


def test_open_join_write_and_complete(app, client, login, municipality, other_municipality,
                                      staff, other_staff):  # fmt: skip
    login(staff)
    base = f"/m/{municipality.slug}/learning"
    assert client.get(f"{base}/new").status_code == 200
    bad = client.post(f"{base}/new", data={"kind": "request", "topic": "",
                                           "title": "Kept title"})  # fmt: skip
    assert bad.status_code == 422 and 'value="Kept title"' in bad.text
    made = client.post(f"{base}/new", data={"kind": "request", "topic": "open_data",
                                             "title": "Open budget data",
                                             "description": "How?"})  # fmt: skip
    assert made.status_code == 302
    exchange = db.session.scalars(select(LearningExchange)).one()
    assert made.location.endswith(f"{base}/{exchange.id}")
    # The opener cannot join its own exchange; another member's staff can.
    assert client.post(f"{base}/{exchange.id}/join", data={}).status_code == 403
    other = login(other_staff, on=app.test_client())
    bad_join = other.post(f"{base}/{exchange.id}/join", data={"member_id": municipality.id})
    assert bad_join.status_code == 422
    joined = other.post(f"{base}/{exchange.id}/join", data={"member_id": other_municipality.id})
    assert joined.status_code == 302
    posted = other.post(f"{base}/{exchange.id}/messages", data={"body": "We used CKAN."})
    assert posted.status_code == 302 and "#message-" in posted.location
    assert other.post(f"{base}/{exchange.id}/messages", data={"body": ""}).status_code == 422
    # A participant's staff share a document, checked by its content.
    url = f"/m/{municipality.slug}/attachments/learning_exchange/{exchange.id}/new"
    fake = other.post(url, data={"title": "Guide", "language": "en",
                                 "file": (io.BytesIO(b"MZ not a pdf"), "guide.pdf")})  # fmt: skip
    assert fake.status_code == 422
    shared = other.post(url, data={"title": "Guide", "language": "en",
                                   "file": (io.BytesIO(_pdf()), "guide.pdf")})  # fmt: skip
    assert shared.status_code == 302
    page = client.get(f"{base}/{exchange.id}")
    assert "We used CKAN." in page.text and "Guide" in page.text
    download = page.text.split("/attachments/files/")[1].split('"')[0]
    files = f"/m/{municipality.slug}/attachments/files/{download}"
    assert client.get(files).status_code == 200
    anonymous = app.test_client()
    assert anonymous.get(f"/m/{municipality.slug}/attachments/files/{download}").status_code == 404
    # Only the opener's staff complete; the outcome is required and then public.
    assert other.get(f"{base}/{exchange.id}/complete").status_code == 403
    assert client.post(f"{base}/{exchange.id}/complete", data={"outcome": ""}).status_code == 422
    done = client.post(f"{base}/{exchange.id}/complete",
                       data={"outcome": "We published **20 datasets**."})  # fmt: skip
    assert done.status_code == 302
    public = anonymous.get(f"{base}/{exchange.id}").text
    assert "<strong>20 datasets</strong>" in public and "Completed" in public
    assert client.post(f"{base}/{exchange.id}/close").status_code == 403  # finished


def test_invite_and_close(client, login, municipality, other_municipality, staff):
    exchange = make_exchange(municipality)
    login(staff)
    base = f"/m/{municipality.slug}/learning/{exchange.id}"
    assert client.post(f"{base}/invite", data={"member_id": municipality.id}).status_code == 422
    assert (
        client.post(f"{base}/invite", data={"member_id": other_municipality.id}).status_code == 302
    )
    assert "Invited" in client.get(base).text
    assert client.post(f"{base}/close").status_code == 302
    db.session.refresh(exchange)
    assert exchange.status == "closed"


@pytest.mark.rate_limits(LEARNING_MESSAGE_RATE_LIMIT="2 per minute")
def test_messages_are_rate_limited(limited_app, municipality, other_municipality, other_staff):
    exchange = make_exchange(municipality, status="in_progress", joined=(other_municipality,))
    client = limited_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = other_staff.get_id()
        session["_fresh"] = True
    url = f"/m/{municipality.slug}/learning/{exchange.id}/messages"
    statuses = [client.post(url, data={"body": f"text {i}"}).status_code for i in range(3)]
    assert statuses == [302, 302, 429]


def test_personal_export_holds_the_messages(app, municipality, staff):
    from participa.accounts.privacy import export_data

    exchange = make_exchange(municipality)
    db.session.add(ExchangeMessage(municipality_id=municipality.id, exchange_id=exchange.id,
                                   author_id=staff.id, body="My message"))  # fmt: skip
    db.session.commit()
    with app.test_request_context():
        exported = export_data(staff)
    assert [m["body"] for m in exported["learning_messages"]] == ["My message"]


def test_demo_exchanges_load(app):
    from participa.cli import DEMO_PASSWORD
    from participa.core.features import load_demo

    context = load_demo(DEMO_PASSWORD, ("municipalities", "indicators", "learning"))
    db.session.commit()
    rows = db.session.scalars(select(LearningExchange)).all()
    by_status = {e.title: e.status for e in rows}
    assert "completed" in by_status.values() and "in_progress" in by_status.values()
    amb = context["municipalities"]["amb-bolivia"]
    assert any(e.municipality_id == amb.id and e.status == "completed" and e.outcome for e in rows)
    shared = next(e for e in rows if e.status == "in_progress" and e.municipality.slug == "la-paz")
    assert db.session.scalars(select(ExchangeMessage).where(
        ExchangeMessage.exchange_id == shared.id)).all()  # fmt: skip
    page = app.test_client().get("/learning/")
    assert page.status_code == 200 and "Redes de voluntariado municipal" in page.text


def test_an_exchange_lists_its_events_for_everyone(client, municipality, staff):
    # An event of the exchange (a visit, a workshop) shows on its public page, messages aside.
    from participa.events import services as events
    from tests.events.helpers import make_event
    from tests.learning.helpers import make_exchange

    exchange = make_exchange(municipality, title="Voluntariado en red")
    url = f"/m/{municipality.slug}/learning/{exchange.id}"
    assert "Related events" not in client.get(url).text
    event = make_event(municipality, title="Visita de intercambio")
    events.link_event(event, "learning_exchange", exchange.id, actor=staff)
    db.session.commit()
    page = client.get(url).text
    assert "Related events" in page and "Visita de intercambio" in page
