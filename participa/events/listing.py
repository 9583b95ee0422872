"""The event lists' filters and queries (a member's, or the network's across members)."""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, or_, select

from participa.core.filtering import equal_to_chosen_fields
from participa.core.topics import TOPICS
from participa.events.models import FORMATS, KINDS, Event, EventStatus
from participa.extensions import db
from participa.municipalities.models import Municipality

WHEN = ("upcoming", "past")


@dataclass
class Filters:
    when: str = "upcoming"
    kind: str | None = None
    format: str | None = None
    topic: str | None = None
    member: str | None = None  # a member's slug, on the network's list ("network": its own)

    def args(self) -> dict[str, str]:
        """The filters as URL arguments (for the links between upcoming and past)."""
        values = {
            "kind": self.kind,
            "format": self.format,
            "topic": self.topic,
            "member": self.member,
        }
        return {name: value for name, value in values.items() if value}


def filters_from(args: Mapping[str, str], *, network: bool) -> Filters:
    """The filters named in the query string; unknown values are ignored."""

    def one_of(name: str, allowed: Container[str]) -> str | None:
        value = args.get(name) or None
        return value if value in allowed else None

    return Filters(
        when=one_of("when", WHEN) or "upcoming",
        kind=one_of("kind", KINDS),
        format=one_of("format", FORMATS),
        topic=one_of("topic", TOPICS),
        member=(args.get("member") or "")[:80] or None if network else None,
    )


def _public() -> ColumnElement[bool]:
    return Event.status.in_((EventStatus.PUBLISHED, EventStatus.CANCELLED))


def events_query(
    member: Municipality | None, filters: Filters, *, now: datetime, include_drafts: bool = False
) -> Select[Event]:
    """The events of ``member`` (None: every public event of the network and its members)."""
    query = select(Event)
    if member is not None:
        query = query.where(Event.municipality_id == member.id)
    else:
        # Members' events too, unless the member is archived.
        query = query.outerjoin(Municipality, Municipality.id == Event.municipality_id).where(
            or_(Event.municipality_id.is_(None), Municipality.archived_at.is_(None))
        )
        if filters.member == "network":
            query = query.where(Event.municipality_id.is_(None))
        elif filters.member:
            query = query.where(Municipality.slug == filters.member)
    if not include_drafts:
        query = query.where(_public())
    query = equal_to_chosen_fields(query, Event, filters, "kind", "format", "topic")
    if filters.when == "past":
        return query.where(Event.ends_at < now).order_by(Event.starts_at.desc(), Event.id.desc())
    return query.where(Event.ends_at >= now).order_by(Event.starts_at, Event.id)


def members_with_events() -> list[tuple[str, str]]:
    """(slug, name) of the live members with a public event, for the network's filter."""
    return [
        (slug, name)
        for slug, name in db.session.execute(
            select(Municipality.slug, Municipality.name)
            .where(
                Municipality.archived_at.is_(None),
                Municipality.id.in_(select(Event.municipality_id).where(_public())),
            )
            .order_by(Municipality.name)
        )
    ]


def feed_events(member: Municipality | None, *, since: datetime) -> list[Event]:
    """The public events of a calendar feed: a member's, or the network's and every member's."""
    query = select(Event).where(_public(), Event.ends_at >= since)
    if member is not None:
        query = query.where(Event.municipality_id == member.id)
    else:
        query = query.outerjoin(Municipality, Municipality.id == Event.municipality_id).where(
            or_(Event.municipality_id.is_(None), Municipality.archived_at.is_(None))
        )
    return list(db.session.scalars(query.order_by(Event.starts_at, Event.id).limit(2000)))
