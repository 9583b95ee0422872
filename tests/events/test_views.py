"""Event pages: lists with filters and bounded queries, the event and its registration state,
staff forms with bad input, calendar feeds parsed back, links and "Related events"."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from participa.db import utcnow
from participa.events import services
from participa.events.models import AttendanceCount, Event, EventLink, Registration
from participa.extensions import db
from tests import factories
from tests.consultations.helpers import make_consultation, make_proposal
from tests.events.helpers import make_event, past_event
from tests.rows import count_rows

M = "/m/villa-norte/events"
N = "/network/events"


def _form(**fields):
    starts = (utcnow() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    ends = (utcnow() + timedelta(days=3, hours=2)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "title": "Foro de seguridad",
        "description": "Con **vecinos**",
        "kind": "forum",
        "format": "in_person",
        "address": "Centro cívico",
        "online_url": "",
        "starts_at": starts,
        "ends_at": ends,
        "topic": "security",
        "capacity": "2",
        "registration_open": "y",
        "agenda-0-time": "10:00",
        "agenda-0-title": "Apertura",
        "agenda-0-description": "",
    }
    data.update(fields)
    return data


def test_staff_create_publish_and_people_see_it(client, login, municipality, staff):
    login(staff)
    response = client.post(f"{M}/new", data=_form())
    assert response.status_code == 302
    event = db.session.scalars(select(Event)).one()
    assert event.status == "draft" and [i.title for i in event.agenda] == ["Apertura"]
    anonymous = client.application.test_client()
    assert anonymous.get(f"{M}/{event.id}").status_code == 404
    assert client.post(f"{M}/{event.id}/publish").status_code == 302
    page = anonymous.get(f"{M}/{event.id}").get_data(as_text=True)
    assert "Foro de seguridad" in page and "Apertura" in page and "2 places left" in page


def test_bad_input_keeps_what_was_typed(client, login, municipality, staff):
    login(staff)
    response = client.post(f"{M}/new", data=_form(format="hybrid", online_url="not a link"))
    assert response.status_code == 422
    assert "Foro de seguridad" in response.get_data(as_text=True)
    response = client.post(f"{M}/new", data=_form(capacity="-3"))
    assert response.status_code == 422
    response = client.post(f"{M}/new", data=_form(starts_at="garbage"))
    assert response.status_code == 422
    assert count_rows(Event) == 0


def test_register_waiting_list_and_position_text(client, login, municipality, staff):
    event = make_event(municipality, actor=staff, capacity=1)
    services.register(event, user=factories.UserFactory())
    db.session.commit()
    person = factories.UserFactory()
    login(person)
    assert client.post(f"{M}/{event.id}/register").status_code == 302
    page = client.get(f"{M}/{event.id}").get_data(as_text=True)
    assert "You are on the waiting list, position 1" in page
    assert client.post(f"{M}/{event.id}/register").status_code == 302  # flashed, not a 500
    assert count_rows(Registration) == 2
    assert client.post(f"{M}/{event.id}/unregister").status_code == 302
    assert client.post(f"{M}/{event.id}/unregister").status_code == 302
    assert count_rows(Registration) == 1


def test_registration_closed_answers_409(client, login, municipality, staff, user):
    event = make_event(municipality, actor=staff, registration_open=False)
    login(user)
    assert client.post(f"{M}/{event.id}/register").status_code == 409


def test_attendance_breakdown_over_the_total_is_422(client, login, municipality, staff):
    event = past_event(municipality)
    login(staff)
    response = client.post(
        f"{M}/{event.id}/attendance", data={"total": "10", "gender_women": "7", "gender_men": "5"}
    )
    assert response.status_code == 422
    assert count_rows(AttendanceCount) == 0
    response = client.post(
        f"{M}/{event.id}/attendance", data={"total": "10", "gender_women": "7", "age_18_29": "4"}
    )
    assert response.status_code == 302
    page = client.get(f"{M}/{event.id}").get_data(as_text=True)
    assert "<svg" in page and "Women" in page and "10 people attended." in page
    response = client.post(f"{M}/{event.id}/minutes", data={"minutes": ""})
    assert response.status_code == 422
    client.post(f"{M}/{event.id}/minutes", data={"minutes": "## Acuerdos"})
    assert "Acuerdos" in client.get(f"{M}/{event.id}").get_data(as_text=True)


def test_lists_filter_and_count_queries(client, municipality, other_municipality, count_queries):
    make_event(municipality, kind="forum", title="Foro")
    make_event(municipality, kind="workshop", title="Taller")
    make_event(
        None,
        kind="webinar",
        title="Webinar de la red",
        format="online",
        online_url="https://meet.example.org/w",
    )
    past_event(other_municipality, title="Pasado")
    make_event(municipality, publish=False, title="Borrador")
    page = client.get(f"{M}/?kind=forum").get_data(as_text=True)
    assert "Foro" in page and "Taller" not in page and "Borrador" not in page
    page = client.get(f"{N}/").get_data(as_text=True)
    assert "Foro" in page and "Taller" in page and "Webinar de la red" in page
    assert "Pasado" not in page
    assert "Pasado" in client.get(f"{N}/?when=past").get_data(as_text=True)
    page = client.get(f"{N}/?member=network").get_data(as_text=True)
    assert "Webinar de la red" in page and "Foro" not in page
    assert client.get(f"{N}/?kind=nonsense&page=1").status_code == 200
    with count_queries() as few:
        client.get(f"{N}/")
    for i in range(8):
        make_event(municipality, title=f"Más {i}")
    with count_queries() as many:
        client.get(f"{N}/")
    assert many.count == few.count


def test_calendar_feeds_parse_back(client, municipality, staff):
    event = make_event(municipality, actor=staff, title="Reunión abierta")
    make_event(municipality, publish=False, title="Borrador")
    network = make_event(None, title="Curso de la red")
    response = client.get(f"{M}/calendar.ics")
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    summaries = [str(c.get("summary")) for c in calendar.walk("VEVENT")]
    assert summaries == ["Reunión abierta"]
    entry = calendar.walk("VEVENT")[0]
    assert entry.decoded("dtstart") == event.starts_at.replace(microsecond=0)
    assert str(entry.get("location")) == "Plaza central"
    network_feed = Calendar.from_ical(client.get(f"{N}/calendar.ics").data)
    assert {str(c.get("summary")) for c in network_feed.walk("VEVENT")} == {
        "Reunión abierta",
        "Curso de la red",
    }
    one = Calendar.from_ical(client.get(f"{N}/{network.id}.ics").data)
    assert [str(c.get("uid")) for c in one.walk("VEVENT")] == [f"event-{network.id}@localhost"]
    draft = make_event(municipality, publish=False)
    assert client.get(f"{M}/{draft.id}.ics").status_code == 404


def test_links_show_related_events_on_the_linked_page(client, login, municipality, staff):
    consultation = make_consultation(municipality)
    proposal = make_proposal(consultation)
    event = make_event(municipality, actor=staff, title="Presentación de propuestas")
    login(staff)
    page = client.get(f"{M}/{event.id}").get_data(as_text=True)
    assert f"proposal:{proposal.id}" in page
    assert (
        client.post(f"{M}/{event.id}/links", data={"target": f"proposal:{proposal.id}"}).status_code
        == 302
    )
    assert client.post(f"{M}/{event.id}/links", data={"target": "nothing:1"}).status_code == 422
    proposal_page = client.get(f"/m/villa-norte/proposals/{proposal.id}").get_data(as_text=True)
    assert "Related events" in proposal_page and "Presentación de propuestas" in proposal_page
    link = db.session.scalars(select(EventLink)).one()
    assert client.post(f"{M}/{event.id}/links/{link.id}/remove").status_code == 302
    assert count_rows(EventLink) == 0


def test_officials_page_and_trained_csv(client, login, municipality, platform_admin):
    official = factories.member(municipality, "moderator")
    event = past_event(
        None,
        kind="training",
        format="online",
        online_url="https://meet.example.org/t",
        topic="crowdlaw",
    )
    login(platform_admin)
    page = client.get(f"{N}/{event.id}/officials").get_data(as_text=True)
    assert official.display_name in page
    response = client.post(f"{N}/{event.id}/officials", data={"officials": [str(official.id)]})
    assert response.status_code == 302
    response = client.post(f"{N}/{event.id}/officials", data={"officials": ["999999"]})
    assert response.status_code == 422
    csv_text = client.get(f"{N}/trained.csv").get_data(as_text=True)
    assert "member,Villa Norte,1" in csv_text and "topic,Collaborative lawmaking,1" in csv_text
    assert "<svg" in client.get(f"{N}/trained").get_data(as_text=True)
