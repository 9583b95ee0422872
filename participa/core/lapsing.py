"""States that lapse at a deadline: a row stored as ``live`` whose deadline has passed is shown
as ``lapsed`` already, before a worker (or a staff action) records the change.

A feature declares its rule once (``Lapse(Model.state, Model.ends_at, live=..., lapsed=...)``);
lists filter by the state people see through :meth:`Lapse.state_is`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_


@dataclass(frozen=True)
class Lapse:
    state: Any  # the stored state's column
    deadline: Any  # the deadline's column
    live: str
    lapsed: str

    def state_is(self, state: str, now: datetime) -> ColumnElement[bool]:
        """SQL: rows in ``state`` as people see it at ``now``."""
        if state == self.live:
            return and_(self.state == self.live, self.deadline > now)
        if state == self.lapsed:
            return or_(
                self.state == self.lapsed, and_(self.state == self.live, self.deadline <= now)
            )
        result: ColumnElement[bool] = self.state == state
        return result
