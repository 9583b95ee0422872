"""One member's initiatives, filtered by state, newest first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select

from participa.initiatives.models import Initiative, InitiativeState
from participa.initiatives.services import PUBLIC_STATES, state_is

S = InitiativeState
# The filters of the public list, in their order; staff also filter the review queue.
PUBLIC_FILTERS = (S.COLLECTING, S.REACHED, S.ANSWERED, S.EXPIRED)
STAFF_FILTERS = (S.REVIEW, *PUBLIC_FILTERS, S.REJECTED)


def list_query(
    municipality_id: int, *, state: str | None, staff: bool, now: datetime
) -> Select[tuple[Initiative]]:
    """The member's initiatives the viewer may see, in ``state`` when given, newest first."""
    query: Select[Any] = select(Initiative).where(Initiative.municipality_id == municipality_id)
    if state is not None:
        query = query.where(state_is(state, now))
    if not staff:
        query = query.where(Initiative.state.in_(PUBLIC_STATES))
    return query.order_by(Initiative.id.desc())
