"""Which phase of a consultation is open: a pure function of its timeline and the clock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Protocol

CLOSED = "closed"


class PhaseLike(Protocol):
    kind: str
    starts_at: datetime
    ends_at: datetime
    position: int


def current_phase(phases: Iterable[PhaseLike], override: str | None, now: datetime) -> str | None:
    """Return the kind of the phase open at ``now``.

    A staff override wins. Otherwise the phase whose ``[starts_at, ends_at)`` window contains
    ``now``; when windows overlap, the one that started last (then the later position). After
    the last phase has ended the consultation is ``closed``; before the first one starts, or in a
    gap between two phases, no phase is open (``None``).
    """
    if override:
        return override
    phases = list(phases)
    if not phases:
        return None
    open_now = [p for p in phases if p.starts_at <= now < p.ends_at]
    if open_now:
        return max(open_now, key=lambda p: (p.starts_at, p.position)).kind
    if now >= max(p.ends_at for p in phases):
        return CLOSED
    return None


def has_started(phases: Iterable[PhaseLike], now: datetime) -> bool:
    """Tell whether the first phase has begun."""
    starts = [p.starts_at for p in phases]
    return bool(starts) and now >= min(starts)
