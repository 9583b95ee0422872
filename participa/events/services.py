"""Events: staff create, publish and cancel them; people register (with a waiting list);
afterwards staff publish minutes, record attendance and the officials trained."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, delete, func, select

from participa.core import audit
from participa.core.authz import is_authenticated
from participa.core.errors import DomainError
from participa.core.mail import url_context
from participa.core.topics import TOPICS
from participa.core.unique import add_if_new
from participa.core.values import is_web_url
from participa.db import utcnow
from participa.events.linkable import linkable
from participa.events.models import (
    KINDS,
    AgendaItem,
    AttendanceCount,
    Dimension,
    Event,
    EventFormat,
    EventLink,
    EventStatus,
    OfficialAttendance,
    Registration,
    RegistrationStatus,
)
from participa.extensions import db
from participa.municipalities.models import Membership, Municipality
from participa.notifications.services import notify

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.authz import Visitor

# Reminders go out this long before an event starts.
REMINDER_AHEAD = timedelta(hours=24)

KIND_LABELS: dict[str, Any] = {
    "meeting": _l("Meeting"),
    "forum": _l("Multi-stakeholder forum"),
    "training": _l("Training course"),
    "webinar": _l("Webinar"),
    "workshop": _l("Workshop"),
}
FORMAT_LABELS: dict[str, Any] = {
    "in_person": _l("In person"),
    "online": _l("Online"),
    "hybrid": _l("Hybrid (in person and online)"),
}
STATUS_LABELS: dict[str, Any] = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "cancelled": _l("Cancelled"),
}
GENDERS: dict[str, Any] = {
    "women": _l("Women"),
    "men": _l("Men"),
    "other": _l("Another gender identity"),
    "unstated": _l("Gender not stated"),
}
AGE_BANDS: dict[str, Any] = {
    "under_18": _l("Under 18"),
    "18_29": _l("18 to 29"),
    "30_44": _l("30 to 44"),
    "45_64": _l("45 to 64"),
    "65_over": _l("65 and over"),
    "unstated": _l("Age not stated"),
}
DIMENSION_LABELS: dict[str, Any] = {
    "gender": _l("Gender"),
    "age": _l("Age band"),
    "territory": _l("Territory"),
}
STAFF_ROLES = ("admin", "moderator")


def kind_label(code: str) -> str:
    """The translated name of an event kind."""
    return str(KIND_LABELS.get(code, code))


def format_label(code: str) -> str:
    """The translated name of an event format."""
    return str(FORMAT_LABELS.get(code, code))


def category_label(dimension: str, category: str) -> str:
    """The translated name of an attendance category (territories are names already)."""
    labels = {"gender": GENDERS, "age": AGE_BANDS}.get(dimension, {})
    return str(labels.get(category, category))


def event_url(event: Event, *, external: bool = False) -> str:
    """The event's page: under its member, or the network's for the network's own events."""
    if event.municipality is None:
        return url_for("events_network.detail", event_id=event.id, _external=external)
    return url_for(
        "events.detail",
        municipality=event.municipality.slug,
        event_id=event.id,
        _external=external,
    )


def _tell(
    event: Event,
    user_ids: list[int],
    kind: str,
    message: Callable[[str], str],
    **extra: Any,
) -> int:
    """Notify ``user_ids`` about ``event``, linking its page; ``message(title)`` is the summary."""
    # Read once here: the summary is rendered later, in each recipient's language.
    title = event.title
    with url_context():
        url = event_url(event)
    return notify(
        user_ids,
        kind,
        target=event,
        url=url,
        summary=lambda: message(title),
        municipality_id=event.municipality_id,
        **extra,
    )


# Creating and changing ---------------------------------------------------------------------------


@dataclass
class AgendaEntry:
    title: str
    time: str | None = None
    description: str | None = None


@dataclass
class EventData:
    title: str
    starts_at: datetime
    ends_at: datetime
    kind: str = "meeting"
    format: str = "in_person"
    description: str = ""
    address: str | None = None
    online_url: str | None = None
    topic: str | None = None
    registration_open: bool = False
    capacity: int | None = None
    agenda: list[AgendaEntry] = field(default_factory=list)


def check_data(data: EventData) -> None:
    """Raise a 422 DomainError when the event's details do not fit together."""
    if data.kind not in KINDS:
        raise DomainError(_("Choose a kind of event."), status=422)
    if data.format not in FORMAT_LABELS:
        raise DomainError(_("Choose how people attend."), status=422)
    if data.ends_at < data.starts_at:
        raise DomainError(_("The event cannot end before it starts."), status=422)
    if data.format != EventFormat.ONLINE and not (data.address or "").strip():
        raise DomainError(_("An event in person needs an address."), status=422)
    if data.format != EventFormat.IN_PERSON and not is_web_url(data.online_url):
        raise DomainError(
            _("An online event needs the web address where people join it."), status=422
        )
    if data.topic is not None and data.topic not in TOPICS:
        raise DomainError(_("Choose a topic from the list."), status=422)
    if data.capacity is not None and data.capacity < 1:
        raise DomainError(_("The capacity must be at least one place."), status=422)


def _apply(event: Event, data: EventData) -> None:
    event.title = data.title.strip()
    event.description = data.description or ""
    event.kind = data.kind
    event.format = data.format
    event.address = (data.address or "").strip() or None if data.format != "online" else None
    event.online_url = data.online_url if data.format != "in_person" else None
    event.starts_at = data.starts_at
    event.ends_at = data.ends_at
    event.topic = data.topic
    event.registration_open = data.registration_open
    event.capacity = data.capacity
    event.agenda.clear()
    db.session.flush()
    for position, entry in enumerate(data.agenda, start=1):
        event.agenda.append(
            AgendaItem(
                position=position,
                time=(entry.time or "").strip() or None,
                title=entry.title.strip(),
                description=(entry.description or "").strip() or None,
            )
        )


def create_event(municipality: Municipality | None, data: EventData, *, actor: User) -> Event:
    """Create a draft event of ``municipality`` (None: of the network itself)."""
    check_data(data)
    event = Event(
        municipality_id=municipality.id if municipality is not None else None,
        time_zone=municipality.timezone if municipality is not None else "UTC",
        status=EventStatus.DRAFT,
    )
    if municipality is not None:
        event.municipality = municipality
    _apply(event, data)
    db.session.add(event)
    db.session.flush()
    audit.record_on(event, "events.create", actor=actor)
    return event


def update_event(event: Event, data: EventData, *, actor: User) -> Event:
    """Change an event's details and agenda (not once it is cancelled)."""
    if event.is_cancelled:
        raise DomainError(_("A cancelled event cannot be changed."))
    check_data(data)
    capacity_before = event.capacity
    _apply(event, data)
    db.session.flush()
    if event.capacity != capacity_before:
        _lock_event(event.id)
        _promote_waiting(event)
    audit.record_on(event, "events.update", actor=actor)
    return event


def publish_event(event: Event, *, actor: User) -> None:
    """Make a draft event public."""
    if event.status != EventStatus.DRAFT:
        raise DomainError(_("Only a draft event can be published."))
    event.status = EventStatus.PUBLISHED
    event.published_at = utcnow()
    db.session.flush()
    audit.record_on(event, "events.publish", actor=actor)


def cancel_event(event: Event, *, actor: User, reason: str | None = None) -> int:
    """Cancel an event that has not ended; tell the registered people. Returns how many."""
    if event.is_cancelled:
        raise DomainError(_("This event is already cancelled."))
    if event.ends_at < utcnow():
        raise DomainError(_("An event that has already taken place cannot be cancelled."))
    was_public = event.is_published
    event.status = EventStatus.CANCELLED
    event.cancelled_at = utcnow()
    event.registration_open = False
    db.session.flush()
    audit.record_on(event, "events.cancel", actor=actor, reason=reason)
    if not was_public:
        return 0
    return _tell(
        event,
        registered_ids(event),
        "event_cancelled",
        lambda title: _("Cancelled: %(title)s", title=title),
        actor_id=actor.id,
    )


# Registration ------------------------------------------------------------------------------------


def registration_closed(event: Event) -> DomainError | None:
    """Why nobody may register for ``event`` now, or None (what anonymous visitors see too)."""
    if not event.is_published:
        return DomainError(_("This event is not open for registration."), status=403)
    if event.is_cancelled:
        return DomainError(_("This event has been cancelled."))
    if not event.registration_open:
        return DomainError(_("Registration for this event is closed."))
    if event.starts_at <= utcnow():
        return DomainError(_("This event has already started."))
    return None


def registration_refusal(user: Visitor, event: Event) -> DomainError | None:
    """Why ``user`` may not register for ``event`` now, or None: the one registration rule."""
    if not is_authenticated(user):
        return DomainError(_("Sign in to register."), status=403)
    if getattr(user, "email_confirmed_at", None) is None:
        return DomainError(_("Confirm your e-mail address to register."), status=403)
    return registration_closed(event)


def register(event: Event, *, user: User) -> Registration:
    """Give ``user`` a place, or a place in the waiting list when the event is full."""
    refusal = registration_refusal(user, event)
    if refusal is not None:
        raise refusal
    # Every registration of one event waits here on PostgreSQL, so the count below is exact;
    # SQLite's requests already hold the database write lock (BEGIN IMMEDIATE).
    _lock_event(event.id)
    already = _("You are already registered for this event.")
    if registration_of(user, event) is not None:
        raise DomainError(already)
    # Inserted first, then counted: on SQLite the insert takes the database write lock (a
    # request's reads before its first write see no lock), so the count after it is exact.
    registration = Registration(
        event_id=event.id, user_id=user.id, status=RegistrationStatus.WAITING
    )
    if not add_if_new(registration):
        raise DomainError(already)  # a parallel request of the same person won
    confirmed = confirmed_count(event.id)
    full = event.capacity is not None and confirmed >= event.capacity
    if not full:
        registration.status = RegistrationStatus.CONFIRMED
        db.session.flush()
    if full:
        message = lambda title: _("You are on the waiting list for %(title)s", title=title)  # noqa: E731
    else:
        message = lambda title: _("Your place is confirmed: %(title)s", title=title)  # noqa: E731
    _tell(event, [user.id], "event_registration", message)
    return registration


def unregister(event: Event, *, user: User) -> None:
    """Give up a place (or a place in the waiting list); the first waiting person moves up."""
    if event.starts_at <= utcnow():
        raise DomainError(_("This event has already started."))
    _lock_event(event.id)
    registration = registration_of(user, event)
    if registration is None:
        raise DomainError(_("You are not registered for this event."))
    db.session.delete(registration)
    db.session.flush()
    _promote_waiting(event)


def _promote_waiting(event: Event) -> list[Registration]:
    """Confirm waiting people, in the order they registered, while places are free."""
    waiting = list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.event_id == event.id, Registration.status == RegistrationStatus.WAITING
            )
            .order_by(Registration.id)
        )
    )
    if not waiting:
        return []
    free = None if event.capacity is None else event.capacity - confirmed_count(event.id)
    promoted = waiting if free is None else waiting[: max(0, free)]
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
    db.session.flush()
    if promoted and not event.is_cancelled:
        _tell(
            event,
            [r.user_id for r in promoted],
            "event_registration",
            lambda title: _("A place is free: your place is confirmed for %(title)s", title=title),
        )
    return promoted


def _lock_event(event_id: int) -> None:
    # PostgreSQL: the event's row serialises its registrations; SQLite has no row locks (and
    # SQLAlchemy leaves FOR UPDATE out there).
    db.session.execute(select(Event.id).where(Event.id == event_id).with_for_update())


def _count_registrations(*conditions: ColumnElement[bool]) -> int:
    return db.session.scalar(select(func.count()).select_from(Registration).where(*conditions)) or 0


def confirmed_count(event_id: int) -> int:
    """How many people hold a confirmed place."""
    return _count_registrations(
        Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED
    )


def registration_of(user: Visitor, event: Event) -> Registration | None:
    """The person's registration for ``event``, or None."""
    if not is_authenticated(user):
        return None
    return db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id, Registration.user_id == user.id
        )
    ).first()


def waiting_position(registration: Registration) -> int:
    """The registration's place in the waiting list (1 is next)."""
    return _count_registrations(
        Registration.event_id == registration.event_id,
        Registration.status == RegistrationStatus.WAITING,
        Registration.id <= registration.id,
    )


def places_left(event: Event) -> int | None:
    """Free places (None: no limit)."""
    if event.capacity is None:
        return None
    return max(0, event.capacity - confirmed_count(event.id))


def registered_ids(event: Event) -> list[int]:
    """Who holds a place or waits for one."""
    return list(
        db.session.scalars(
            select(Registration.user_id)
            .where(Registration.event_id == event.id)
            .order_by(Registration.id)
        )
    )


def registration_counts(event: Event) -> tuple[int, int]:
    """(confirmed, waiting) registrations, in one query."""
    rows = dict(
        db.session.execute(
            select(Registration.status, func.count())
            .where(Registration.event_id == event.id)
            .group_by(Registration.status)
        ).all()
    )
    return rows.get("confirmed", 0), rows.get("waiting", 0)


# Reminders ---------------------------------------------------------------------------------------


def send_reminders(now: datetime | None = None) -> int:
    """Remind confirmed people of the events starting within a day; each once. How many."""
    now = now or utcnow()
    rows = db.session.execute(
        select(Registration, Event)
        .join(Event, Event.id == Registration.event_id)
        .where(
            Event.status == EventStatus.PUBLISHED,
            Event.starts_at > now,
            Event.starts_at <= now + REMINDER_AHEAD,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.reminded_at.is_(None),
        )
        .order_by(Event.id, Registration.id)
    ).all()
    by_event: dict[int, tuple[Event, list[Registration]]] = {}
    for registration, event in rows:
        by_event.setdefault(event.id, (event, []))[1].append(registration)
    sent = 0
    for event, registrations in by_event.values():
        sent += _tell(
            event,
            [r.user_id for r in registrations],
            "event_reminder",
            lambda title: _("Reminder: %(title)s starts soon", title=title),
        )
        for registration in registrations:
            registration.reminded_at = now
    db.session.flush()
    return sent


# After the event ---------------------------------------------------------------------------------


def _check_ended(event: Event) -> None:
    if not event.is_published:
        raise DomainError(_("Only a published event has minutes and attendance."))
    if event.starts_at > utcnow():
        raise DomainError(_("Minutes and attendance are recorded once the event has started."))


def publish_minutes(event: Event, text: str, *, actor: User) -> None:
    """Publish (or correct) the minutes of an event that took place."""
    _check_ended(event)
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the minutes."), status=422)
    first = event.minutes_published_at is None
    event.minutes = text
    if first:
        event.minutes_published_at = utcnow()
    db.session.flush()
    audit.record_on(event, "events.minutes", actor=actor)


def record_attendance(
    event: Event,
    total: int,
    breakdown: Mapping[str, Mapping[str, int | None]],
    *,
    actor: User,
) -> None:
    """Record how many attended, with optional counts by gender, age band and territory.

    Aggregates only; each breakdown may leave people out (not stated) but never exceed the
    total (a 422).
    """
    _check_ended(event)
    if total < 0:
        raise DomainError(_("The number of attendees cannot be negative."), status=422)
    rows: list[AttendanceCount] = []
    for dimension, counts in breakdown.items():
        if dimension not in DIMENSION_LABELS:
            raise DomainError(_("Unknown breakdown."), status=422)
        given = {category: n for category, n in counts.items() if n}
        if any(n < 0 for n in given.values()):
            raise DomainError(_("A count cannot be negative."), status=422)
        if sum(given.values()) > total:
            raise DomainError(
                _(
                    "The counts by %(dimension)s add up to more than the attendees.",
                    dimension=str(DIMENSION_LABELS[dimension]).lower(),
                ),
                status=422,
            )
        rows += [
            AttendanceCount(event_id=event.id, dimension=dimension, category=c, count=n)
            for c, n in given.items()
        ]
    db.session.execute(delete(AttendanceCount).where(AttendanceCount.event_id == event.id))
    db.session.add_all(rows)
    event.attendance_total = total
    event.attendance_recorded_at = utcnow()
    db.session.flush()
    audit.record_on(event, "events.attendance", actor=actor, total=total)


def attendance_of(event: Event) -> dict[str, list[tuple[str, int]]]:
    """The recorded breakdowns: dimension -> (category label, count), in the forms' order."""
    found: dict[str, dict[str, int]] = {}
    for row in db.session.scalars(
        select(AttendanceCount).where(AttendanceCount.event_id == event.id)
    ):
        found.setdefault(row.dimension, {})[row.category] = row.count
    ordered: dict[str, list[tuple[str, int]]] = {}
    for dimension in (Dimension.GENDER, Dimension.AGE, Dimension.TERRITORY):
        counts = found.get(dimension.value)
        if not counts:
            continue
        known = {"gender": list(GENDERS), "age": list(AGE_BANDS)}.get(dimension.value, [])
        order = [c for c in known if c in counts] + sorted(c for c in counts if c not in known)
        ordered[dimension.value] = [(category_label(dimension.value, c), counts[c]) for c in order]
    return ordered


def staff_candidates(event: Event) -> list[tuple[User, Municipality]]:
    """The officials who may have attended: the staff of the event's member, or of every
    member for the network's events (each person once, with their first member)."""
    from participa.accounts.models import User

    query = (
        select(User, Municipality)
        .join(Membership, Membership.user_id == User.id)
        .join(Municipality, Municipality.id == Membership.municipality_id)
        .where(
            Membership.role.in_(STAFF_ROLES),
            User.deleted_at.is_(None),
            Municipality.archived_at.is_(None),
        )
        .order_by(Municipality.name, User.display_name, User.id)
    )
    if event.municipality_id is not None:
        query = query.where(Membership.municipality_id == event.municipality_id)
    seen: set[int] = set()
    found: list[tuple[User, Municipality]] = []
    for user, municipality in db.session.execute(query):
        if user.id not in seen:
            seen.add(user.id)
            found.append((user, municipality))
    return found


def officials_of(event: Event) -> set[int]:
    """The ids of the officials recorded as attending."""
    return set(
        db.session.scalars(
            select(OfficialAttendance.user_id).where(OfficialAttendance.event_id == event.id)
        )
    )


def record_officials(event: Event, user_ids: Iterable[int], *, actor: User) -> int:
    """Record which officials attended a training or webinar (replacing the earlier list)."""
    if not event.is_training:
        raise DomainError(_("Officials are recorded for training courses and webinars."))
    _check_ended(event)
    candidates = {user.id: municipality for user, municipality in staff_candidates(event)}
    chosen = set(user_ids)
    if chosen - set(candidates):
        raise DomainError(_("Choose officials from the list."), status=422)
    db.session.execute(delete(OfficialAttendance).where(OfficialAttendance.event_id == event.id))
    db.session.add_all(
        OfficialAttendance(event_id=event.id, user_id=uid, municipality_id=candidates[uid].id)
        for uid in sorted(chosen)
    )
    db.session.flush()
    audit.record_on(event, "events.officials", actor=actor, officials=len(chosen))
    return len(chosen)


# Links -------------------------------------------------------------------------------------------


def link_event(event: Event, kind: str, target_id: int, *, actor: User) -> EventLink:
    """Link the event to a consultation, draft or proposal of the same member."""
    entry = linkable(kind)
    if entry is None or event.municipality_id is None:
        raise DomainError(_("This event cannot be linked to that."), status=422)
    target = db.session.get(entry.model, target_id)
    if target is None or getattr(target, "municipality_id", None) != event.municipality_id:
        raise DomainError(_("Choose something of the same member."), status=422)
    exists = db.session.scalar(
        select(EventLink.id).where(
            EventLink.event_id == event.id,
            EventLink.target_kind == kind,
            EventLink.target_id == target_id,
        )
    )
    if exists is not None:
        raise DomainError(_("The event is already linked to it."))
    link = EventLink(event_id=event.id, target_kind=kind, target_id=target_id)
    db.session.add(link)
    db.session.flush()
    audit.record_on(event, "events.link", actor=actor, kind=kind, target_id=target_id)
    return link


def unlink_event(event: Event, link_id: int, *, actor: User) -> None:
    """Remove one of the event's links."""
    link = db.session.get(EventLink, link_id)
    if link is None or link.event_id != event.id:
        raise DomainError(_("This link does not exist."), status=404)
    db.session.delete(link)
    db.session.flush()
    audit.record_on(
        event, "events.unlink", actor=actor, kind=link.target_kind, target_id=link.target_id
    )


@dataclass(frozen=True)
class ShownLink:
    id: int
    label: str
    title: str
    url: str


def links_of(event: Event, *, public_only: bool = True) -> list[ShownLink]:
    """The event's links to what the installed features show (one query per linked kind)."""
    links = list(
        db.session.scalars(
            select(EventLink).where(EventLink.event_id == event.id).order_by(EventLink.id)
        )
    )
    by_kind: dict[str, list[EventLink]] = {}
    for link in links:
        by_kind.setdefault(link.target_kind, []).append(link)
    shown: list[ShownLink] = []
    for kind, kind_links in by_kind.items():
        entry = linkable(kind)
        if entry is None:
            continue
        model: Any = entry.model
        objects = {
            o.id: o
            for o in db.session.scalars(
                select(model).where(model.id.in_([link.target_id for link in kind_links]))
            )
        }
        for link in kind_links:
            obj = objects.get(link.target_id)
            if obj is None or (public_only and not entry.public(obj)):
                continue
            shown.append(ShownLink(link.id, str(entry.label), entry.title(obj), entry.url(obj)))
    return shown


def links_probe(kind: str, target_id: int) -> Select[int]:
    """The public events linked to one item, as a probe for core.related."""
    return (
        select(EventLink.id)
        .join(Event, Event.id == EventLink.event_id)
        .where(
            EventLink.target_kind == kind,
            EventLink.target_id == target_id,
            Event.status != EventStatus.DRAFT,
        )
    )


def events_linked_to(kind: str, target_id: int) -> list[Event]:
    """The public events linked to one item, soonest first."""
    return list(
        db.session.scalars(
            select(Event)
            .join(EventLink, EventLink.event_id == Event.id)
            .where(
                EventLink.target_kind == kind,
                EventLink.target_id == target_id,
                Event.status != EventStatus.DRAFT,
            )
            .order_by(Event.starts_at, Event.id)
        )
    )


def attendance_rows(event: Event) -> list[AttendanceCount]:
    """The recorded counts of an event, as stored."""
    return list(
        db.session.scalars(select(AttendanceCount).where(AttendanceCount.event_id == event.id))
    )


def attendance_field(dimension: str, category: str, territories: list[str]) -> str | None:
    """The attendance form's field for one stored count, or None when it has none any more."""
    if dimension == "territory":
        return f"territory_{territories.index(category)}" if category in territories else None
    return f"{dimension}_{category}"
