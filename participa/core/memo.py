"""What a request remembers from the database until the session next writes.

A page asks some questions many times (which features link to an item, what the signed-in
reader may do); their answers are kept on ``g`` under a name given to :func:`forget_on_flush`,
and dropped whenever the session flushes, so that a write in the same request (or test) is seen
by the next question.
"""

from __future__ import annotations

from flask import g, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

_NAMES: set[str] = set()


def forget_on_flush(name: str) -> None:
    """Drop ``g.<name>`` after every flush of a session (safe to call at every installation)."""
    _NAMES.add(name)
    if not event.contains(Session, "after_flush", _forget):
        event.listen(Session, "after_flush", _forget)


def _forget(_session: Session, _context: object) -> None:
    if has_app_context():
        for name in _NAMES:
            g.pop(name, None)
