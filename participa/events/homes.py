"""What events show on the homes (core.homes) and count for the network's results."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeVarTuple

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, distinct, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute

from participa.core.homes import Activity, OpenItem, Where, activities, newest
from participa.core.results import ResultCount
from participa.db import utcnow
from participa.events.models import Event, EventStatus, OfficialAttendance
from participa.events.services import kind_label
from participa.extensions import db
from participa.municipalities.models import Municipality

NETWORK_SLUG = ""
Columns = TypeVarTuple("Columns")


def _rows(query: Select[*Columns], municipality_id: int | None) -> Select[*Columns]:
    query = query.outerjoin(Municipality, Municipality.id == Event.municipality_id).where(
        Event.status == EventStatus.PUBLISHED,
        or_(Event.municipality_id.is_(None), Municipality.archived_at.is_(None)),
    )
    if municipality_id is not None:
        query = query.where(Event.municipality_id == municipality_id)
    return query


def _url(slug: str | None, event_id: int) -> str:
    if slug is None:
        return url_for("events_network.detail", event_id=event_id)
    return url_for("events.detail", municipality=slug, event_id=event_id)


def _where(slug: str | None, name: str | None) -> Where:
    return Where(slug or NETWORK_SLUG, name or _("The network"))


def _newest(
    at: InstrumentedAttribute[datetime | None], municipality_id: int | None, limit: int
) -> Sequence[Any]:
    columns = select(Event.id, Event.title, at, Municipality.slug, Municipality.name)
    return newest(_rows(columns, municipality_id), at, Event.id, limit)


def open_now(municipality_id: int | None, limit: int) -> list[OpenItem]:
    """Upcoming events open for registration, soonest first."""
    rows = db.session.execute(
        _rows(
            select(
                Event.id,
                Event.title,
                Event.kind,
                Event.starts_at,
                Municipality.slug,
                Municipality.name,
            ),
            municipality_id,
        )
        .where(Event.registration_open.is_(True), Event.starts_at > utcnow())
        .order_by(Event.starts_at, Event.id)
        .limit(limit)
    )
    return [
        OpenItem(
            kind=kind_label(kind),
            title=title,
            url=_url(slug, eid),
            state=_("Open for registration"),
            where=_where(slug, name),
            closes_at=starts,
        )
        for eid, title, kind, starts, slug, name in rows
    ]


def activity(municipality_id: int | None, limit: int) -> list[Activity]:
    """Newly announced events and newly published minutes."""
    announced = _newest(Event.published_at, municipality_id, limit)
    minutes = _newest(Event.minutes_published_at, municipality_id, limit)
    return activities(announced, _("New event"), _url, _where) + activities(
        minutes, _("Minutes published"), _url, _where
    )


def _month(value: datetime) -> date:
    return date(value.year, value.month, 1)


def results() -> list[ResultCount]:
    """Events held (published, started) and officials trained, per member and month."""
    now = utcnow()
    held: dict[tuple[int | None, date], int] = {}
    for member_id, starts in db.session.execute(
        select(Event.municipality_id, Event.starts_at).where(
            Event.status == EventStatus.PUBLISHED, Event.starts_at <= now
        )
    ):
        key = (member_id, _month(starts))
        held[key] = held.get(key, 0) + 1
    trained: dict[tuple[int | None, date], set[int]] = {}
    for member_id, user_id, starts in db.session.execute(
        select(OfficialAttendance.municipality_id, OfficialAttendance.user_id, Event.starts_at)
        .join(Event, Event.id == OfficialAttendance.event_id)
        .where(Event.status == EventStatus.PUBLISHED)
    ):
        trained.setdefault((member_id, _month(starts)), set()).add(user_id)
    found = [
        ResultCount("events_held", _l("Events held"), member, month, count, order=20)
        for (member, month), count in sorted(held.items(), key=_key)
    ]
    found += [
        ResultCount(
            "officials_trained", _l("Officials trained"), member, month, len(people), order=10
        )
        for (member, month), people in sorted(trained.items(), key=_key)
    ]
    return found


def _key(item: tuple[tuple[int | None, date], object]) -> tuple[int, date]:
    (member, month), _value = item
    return (member or 0, month)


# Distinct people across the whole network (a person trained twice counts once).
def officials_trained_total() -> int:
    """How many different officials the network trained."""
    return db.session.scalar(select(func.count(distinct(OfficialAttendance.user_id)))) or 0
