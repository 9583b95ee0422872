"""What other features do when a budget closes, declared in their manifests.

Budgets serve the ``budget_closed`` system: an entry is a receiver
``fn(budget, *, funded, actor)`` called in the closing transaction, after the votes are
counted, with the funded projects (``BudgetProject`` rows: ``title``, ``cost``, ``district``,
``budget.currency``). The follow-up feature opens a result for each funded project this way;
budgets import nothing from it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

ClosedReceiver = Callable[..., None]

_closed_receivers: list[ClosedReceiver] = []


def reset() -> None:
    """Forget every receiver (before the features are installed)."""
    _closed_receivers.clear()


def add_closed_receiver(fn: ClosedReceiver) -> None:
    """Call ``fn(budget, funded=projects, actor=person)`` whenever a budget closes."""
    if fn not in _closed_receivers:
        _closed_receivers.append(fn)


def budget_closed(budget: Any, funded: Sequence[Any], actor: Any) -> None:
    """Tell the installed features that ``budget`` closed and funds ``funded``."""
    for fn in _closed_receivers:
        fn(budget, funded=list(funded), actor=actor)
