"""Officials trained: distinct people recorded at trainings and webinars, per member and topic."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import distinct, func, select

from participa.core.topics import topic_label
from participa.events.models import Event, EventStatus, OfficialAttendance
from participa.extensions import db
from participa.municipalities.models import Municipality


def officials_trained() -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(member name, officials) and (topic, officials), most first; each person once per row."""
    base = OfficialAttendance.event_id == Event.id
    by_member = db.session.execute(
        select(Municipality.name, func.count(distinct(OfficialAttendance.user_id)))
        .join(Event, base)
        .join(Municipality, Municipality.id == OfficialAttendance.municipality_id)
        .where(Event.status == EventStatus.PUBLISHED)
        .group_by(Municipality.name)
        .order_by(func.count(distinct(OfficialAttendance.user_id)).desc(), Municipality.name)
    )
    by_topic = db.session.execute(
        select(Event.topic, func.count(distinct(OfficialAttendance.user_id)))
        .join(Event, base)
        .where(Event.status == EventStatus.PUBLISHED)
        .group_by(Event.topic)
        .order_by(func.count(distinct(OfficialAttendance.user_id)).desc(), Event.topic)
    )
    return (
        [(name, count) for name, count in by_member],
        [(topic_label(topic) if topic else _("No topic"), count) for topic, count in by_topic],
    )
