"""Counting stored rows, for tests that check what a request or a service kept."""

from __future__ import annotations

from sqlalchemy import func, select

from participa.extensions import db


def count_rows(model, *where) -> int:
    """How many rows of ``model`` match the conditions ``where`` (all rows without any)."""
    return db.session.scalar(select(func.count()).select_from(model).where(*where))
