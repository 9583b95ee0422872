"""States that lapse at a deadline: a row stored as ``live`` whose deadline has passed is shown
as ``lapsed`` already, before a worker (or a staff action) records the change.

Lists filter by the state people see, so the SQL condition is written here once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_


def seen_state_is(
    state_column: Any,
    deadline: Any,
    state: str,
    *,
    live: str,
    lapsed: str,
    now: datetime,
) -> ColumnElement[bool]:
    """SQL: rows in ``state`` as people see it, ``live`` ones past ``deadline`` being ``lapsed``."""
    if state == live:
        return and_(state_column == live, deadline > now)
    if state == lapsed:
        return or_(state_column == lapsed, and_(state_column == live, deadline <= now))
    result: ColumnElement[bool] = state_column == state
    return result
