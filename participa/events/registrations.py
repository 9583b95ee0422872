"""What events contribute to the systems other features serve: personal data, evidence for the
self-assessment (PAR-07, PAR-08), and the "Related events" section of linked pages."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import exists, select

from participa.core.features import Contributions
from participa.core.related import has_linked
from participa.events import services
from participa.events.linkable import kind_of
from participa.events.models import AttendanceCount, Event, EventStatus, OfficialAttendance
from participa.events.models import Registration as EventRegistration
from participa.extensions import db

if TYPE_CHECKING:
    from participa.core.features import Evidence
    from participa.municipalities.models import Municipality

contributions = Contributions()

# A person's registrations are theirs: exported, and deleted with the account (the counts of
# places come back from the rows). Officials' attendance at trainings is the network's record
# of who was trained, exported to them and deleted with the account too.
contributions.add(
    "personal_data_rows",
    "event_registrations",
    EventRegistration,
    "user_id",
    ("event_id", "status", "created_at", "reminded_at"),
    on_erase="delete",
)
contributions.add(
    "personal_data_rows",
    "event_trainings",
    OfficialAttendance,
    "user_id",
    ("event_id", "municipality_id"),
    on_erase="delete",
)


def _forums_evidence(municipality: Municipality, now: datetime, since: datetime) -> Evidence:
    """Multi-stakeholder forums with published minutes in the period (PAR-07)."""
    events = db.session.scalars(
        select(Event)
        .where(
            Event.municipality_id == municipality.id,
            Event.kind == "forum",
            Event.status == EventStatus.PUBLISHED,
            Event.minutes_published_at.is_not(None),
            Event.starts_at >= since,
            Event.starts_at <= now,
        )
        .order_by(Event.starts_at.desc())
        .limit(10)
    )
    return [(_l("Forum minutes: %(title)s", title=e.title), services.event_url(e)) for e in events]


def _attendance_evidence(municipality: Municipality, now: datetime, since: datetime) -> Evidence:
    """Events in person or hybrid with attendance broken down (PAR-08)."""
    events = db.session.scalars(
        select(Event)
        .where(
            Event.municipality_id == municipality.id,
            Event.status == EventStatus.PUBLISHED,
            Event.format.in_(("in_person", "hybrid")),
            Event.starts_at >= since,
            Event.starts_at <= now,
            exists().where(AttendanceCount.event_id == Event.id),
        )
        .order_by(Event.starts_at.desc())
        .limit(10)
    )
    return [
        (
            _l("Attendance by gender, age or territory: %(title)s", title=e.title),
            services.event_url(e),
        )
        for e in events
    ]


contributions.add("indicator_evidence", "event_forum_minutes", _forums_evidence)
contributions.add("indicator_evidence", "event_attendance", _attendance_evidence)


def related_events(target: Any) -> Markup:
    """The "Related events" section of a page showing ``target`` (empty when none)."""
    kind = kind_of(target)
    if kind is None or not has_linked("events", kind, target.id):
        return Markup("")
    events = services.events_linked_to(kind, target.id)
    if not events:
        return Markup("")
    return Markup(  # noqa: S704 - an autoescaped template
        render_template(
            "events/_related.html",
            events=events,
            event_url=services.event_url,
            kind_label=services.kind_label,
        )
    )


def setup(app: Flask) -> None:
    """Install the ``related_events`` template global the linked features' pages call."""
    app.jinja_env.globals["related_events"] = related_events
