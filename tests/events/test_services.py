"""Event services: details, registration with capacity and waiting list, reminders, minutes,
attendance breakdowns, officials trained, links, results and evidence."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from participa.core.errors import DomainError
from participa.core.models import AuditEntry
from participa.db import utcnow
from participa.events import homes, registrations, services, trained
from participa.events.models import AttendanceCount, Registration
from participa.events.services import EventData
from participa.extensions import db
from participa.notifications.models import Notification
from tests import factories
from tests.events.helpers import make_event, past_event
from tests.rows import count_rows


def _notes(user, event_name):
    return list(
        db.session.scalars(
            select(Notification).where(
                Notification.user_id == user.id, Notification.event == event_name
            )
        )
    )


def test_create_checks_format_address_and_link(municipality, staff):
    starts = utcnow() + timedelta(days=1)
    data = EventData(
        title="Foro",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        format="hybrid",
        address="Plaza",
    )
    with pytest.raises(DomainError) as caught:
        services.create_event(municipality, data, actor=staff)
    assert caught.value.status == 422
    data.online_url = "https://meet.example.org/x"
    event = services.create_event(municipality, data, actor=staff)
    assert event.status == "draft" and event.time_zone == municipality.timezone
    data.ends_at = starts - timedelta(hours=1)
    with pytest.raises(DomainError):
        services.update_event(event, data, actor=staff)
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert actions == {"events.create"}


def test_agenda_keeps_its_order(municipality, staff):
    starts = utcnow() + timedelta(days=1)
    data = EventData(
        title="Taller",
        starts_at=starts,
        ends_at=starts,
        address="Sede",
        agenda=[
            services.AgendaEntry("Bienvenida", "09:00"),
            services.AgendaEntry("Cierre", "12:00"),
        ],
    )
    event = services.create_event(municipality, data, actor=staff)
    data.agenda.insert(1, services.AgendaEntry("Trabajo en grupos", "10:00"))
    services.update_event(event, data, actor=staff)
    db.session.commit()
    db.session.expire_all()
    assert [(i.position, i.title) for i in event.agenda] == [
        (1, "Bienvenida"),
        (2, "Trabajo en grupos"),
        (3, "Cierre"),
    ]


def test_waiting_list_is_promoted_in_order(municipality, staff):
    event = make_event(municipality, actor=staff, capacity=2)
    people = [factories.UserFactory() for _ in range(4)]
    statuses = [services.register(event, user=p).status for p in people]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    assert services.places_left(event) == 0
    third = services.registration_of(people[3], event)
    assert services.waiting_position(third) == 2
    with pytest.raises(DomainError):
        services.register(event, user=people[0])
    services.unregister(event, user=people[0])
    assert services.registration_of(people[2], event).status == "confirmed"
    assert services.registration_of(people[3], event).status == "waiting"
    assert services.waiting_position(services.registration_of(people[3], event)) == 1
    assert len(_notes(people[2], "event_registration")) == 2  # waiting, then confirmed
    assert services.registration_counts(event) == (2, 1)


def test_raising_the_capacity_promotes_waiting_people(municipality, staff):
    event = make_event(municipality, actor=staff, capacity=1)
    first, second = factories.UserFactory(), factories.UserFactory()
    services.register(event, user=first)
    assert services.register(event, user=second).status == "waiting"
    data = EventData(
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        address="Plaza",
        registration_open=True,
        capacity=2,
    )
    services.update_event(event, data, actor=staff)
    assert services.registration_of(second, event).status == "confirmed"


def test_registration_refused_when_closed_draft_cancelled_or_started(municipality, staff, user):
    closed = make_event(municipality, actor=staff, registration_open=False)
    draft = make_event(municipality, actor=staff, publish=False)
    started = past_event(municipality, registration_open=True)
    for event, status in ((closed, 409), (draft, 403), (started, 409)):
        with pytest.raises(DomainError) as caught:
            services.register(event, user=user)
        assert caught.value.status == status
    assert count_rows(Registration) == 0
    open_event = make_event(municipality, actor=staff)
    services.register(open_event, user=user)
    services.cancel_event(open_event, actor=staff)
    assert len(_notes(user, "event_cancelled")) == 1
    with pytest.raises(DomainError):
        services.register(open_event, user=factories.UserFactory())


def test_reminders_go_once_to_confirmed_people(municipality, staff):
    soon = make_event(municipality, actor=staff, days=0.5, capacity=1)
    later = make_event(municipality, actor=staff, days=5)
    confirmed, waiting, other = (factories.UserFactory() for _ in range(3))
    services.register(soon, user=confirmed)
    services.register(soon, user=waiting)
    services.register(later, user=other)
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0  # idempotent
    assert len(_notes(confirmed, "event_reminder")) == 1
    assert _notes(waiting, "event_reminder") == [] and _notes(other, "event_reminder") == []


def test_attendance_breakdowns_never_exceed_the_total(municipality, staff):
    event = past_event(municipality)
    with pytest.raises(DomainError) as caught:
        services.record_attendance(event, 10, {"gender": {"women": 8, "men": 3}}, actor=staff)
    assert caught.value.status == 422
    services.record_attendance(
        event, 10, {"gender": {"women": 6, "men": 3}, "age": {"18_29": 10}}, actor=staff
    )
    assert event.attendance_total == 10
    assert services.attendance_of(event) == {
        "gender": [("Women", 6), ("Men", 3)],
        "age": [("18 to 29", 10)],
    }
    services.record_attendance(event, 12, {"gender": {"women": 12}}, actor=staff)
    assert count_rows(AttendanceCount) == 1


def test_minutes_and_attendance_only_after_the_start(municipality, staff):
    event = make_event(municipality, actor=staff)
    with pytest.raises(DomainError):
        services.publish_minutes(event, "Acta", actor=staff)
    with pytest.raises(DomainError):
        services.record_attendance(event, 3, {}, actor=staff)
    done = past_event(municipality)
    with pytest.raises(DomainError) as caught:
        services.publish_minutes(done, "   ", actor=staff)
    assert caught.value.status == 422
    services.publish_minutes(done, "## Acta", actor=staff)
    assert done.minutes_published_at is not None


def test_officials_trained_counts_distinct_people(municipality, other_municipality, platform_admin):
    a_staff = factories.member(municipality, "admin")
    a_mod = factories.member(municipality, "moderator")
    b_staff = factories.member(other_municipality, "admin")
    factories.member(municipality, "resident")
    first = past_event(
        None,
        kind="webinar",
        format="online",
        online_url="https://meet.example.org/a",
        topic="open_data",
    )
    second = past_event(
        None,
        kind="training",
        format="online",
        online_url="https://meet.example.org/b",
        topic="open_data",
    )
    candidates = {u.id for u, _m in services.staff_candidates(first)}
    assert candidates == {a_staff.id, a_mod.id, b_staff.id}
    services.record_officials(first, [a_staff.id, a_mod.id, b_staff.id], actor=platform_admin)
    services.record_officials(second, [a_staff.id], actor=platform_admin)
    by_member, by_topic = trained.officials_trained()
    assert dict(by_member) == {"Villa Norte": 2, "Otra Ciudad": 1}
    assert dict(by_topic) == {"Open data and data repositories": 3}
    with pytest.raises(DomainError) as caught:
        services.record_officials(first, [factories.UserFactory().id], actor=platform_admin)
    assert caught.value.status == 422
    meeting = past_event(municipality)
    with pytest.raises(DomainError):
        services.record_officials(meeting, [a_staff.id], actor=platform_admin)
    counts = {(r.measure, r.municipality_id): r.count for r in homes.results()}
    assert counts[("officials_trained", municipality.id)] == 2
    assert counts[("events_held", None)] == 2
    assert counts[("events_held", municipality.id)] == 1


def test_evidence_for_forums_with_minutes_and_breakdowns(app, municipality, staff):
    forum = past_event(municipality, kind="forum", title="Foro multiactor")
    now = utcnow()
    since = now - timedelta(days=365)
    with app.test_request_context():
        assert registrations._forums_evidence(municipality, now, since) == []
        services.publish_minutes(forum, "Acta", actor=staff)
        found = registrations._forums_evidence(municipality, now, since)
        assert [link for _label, link in found] == [f"/m/villa-norte/events/{forum.id}"]
        assert registrations._attendance_evidence(municipality, now, since) == []
        services.record_attendance(forum, 5, {"age": {"30_44": 5}}, actor=staff)
        assert len(registrations._attendance_evidence(municipality, now, since)) == 1
