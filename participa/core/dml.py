"""UPDATE and DELETE statements whose row count decides what happens next."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Delete, Update

from participa.extensions import db


def rows_changed(statement: Update | Delete) -> int:
    """Run ``statement`` in the session and return how many rows it updated or deleted.

    The count, not a prior SELECT, tells whether the change happened, so a concurrent request
    cannot slip in between a check and the write. Objects already loaded are left as they are
    (no session synchronisation): callers expire or refresh what they read again.
    """
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    # A DML statement gives a CursorResult; Session.execute is typed for SELECTs.
    return cast(CursorResult[Any], result).rowcount or 0
