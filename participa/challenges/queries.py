"""The challenge lists (a member's and the network's) with their filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import contains_eager

from participa.challenges.models import KINDS, STATES, Challenge, ChallengeState
from participa.core.lapsing import Lapse
from participa.core.topics import TOPICS
from participa.db import utcnow
from participa.extensions import db
from participa.municipalities.models import Municipality


@dataclass
class Filters:
    state: str | None = None
    kind: str | None = None
    topic: str | None = None
    municipality_id: int | None = None  # the network list's member filter

    @classmethod
    def of(cls, args: Any, municipality_id: int | None = None) -> Filters:
        """The filters in a query string; unknown values are ignored."""
        state, kind, topic = args.get("state"), args.get("kind"), args.get("topic")
        return cls(
            state=state if state in STATES else None,
            kind=kind if kind in KINDS else None,
            topic=topic if topic in TOPICS else None,
            municipality_id=municipality_id,
        )

    def args(self) -> dict[str, Any]:
        """The filters as query-string values (for links that keep them)."""
        found = {"state": self.state, "kind": self.kind, "topic": self.topic,
                 "member": self.municipality_id}  # fmt: skip
        return {name: value for name, value in found.items() if value}


_PHASES = Lapse(
    Challenge.state, Challenge.closes_at, live=ChallengeState.OPEN, lapsed=ChallengeState.EVALUATING
)


def _phase_is(state: str, now: datetime) -> Any:
    """Challenges in ``state`` as people see it: an open one past its deadline is evaluated."""
    return _PHASES.state_is(state, now)


def listing_query(
    filters: Filters, *, municipality_id: int | None = None, with_drafts: bool = False
) -> Select[Any]:
    """Challenges newest first, with their member; drafts only when asked (a member's staff)."""
    query = (
        select(Challenge)
        .join(Municipality, Municipality.id == Challenge.municipality_id)
        .options(contains_eager(Challenge.municipality))
        .where(Municipality.archived_at.is_(None))
        .order_by(Challenge.id.desc())
    )
    member = municipality_id if municipality_id is not None else filters.municipality_id
    if member is not None:
        query = query.where(Challenge.municipality_id == member)
    if not with_drafts:
        query = query.where(Challenge.state != ChallengeState.DRAFT)
    if filters.state:
        query = query.where(_phase_is(filters.state, utcnow()))
    if filters.kind:
        query = query.where(Challenge.kind == filters.kind)
    if filters.topic:
        query = query.where(Challenge.topic == filters.topic)
    return query


def members_with_challenges() -> list[Municipality]:
    """The members that published a challenge (the network list's member filter)."""
    return list(
        db.session.scalars(
            select(Municipality)
            .where(
                Municipality.archived_at.is_(None),
                Municipality.id.in_(
                    select(Challenge.municipality_id).where(Challenge.state != ChallengeState.DRAFT)
                ),
            )
            .order_by(Municipality.name)
        )
    )
