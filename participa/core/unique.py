"""Rows that a unique constraint allows once: the database, not a prior SELECT, decides."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from participa.extensions import db


def add_if_new(row: object) -> bool:
    """Add and flush ``row`` in a savepoint; False when a unique constraint already holds it.

    A concurrent request may have stored the same row between any check and this insert; only
    the savepoint is rolled back, so the caller's transaction goes on.
    """
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return False
    return True
