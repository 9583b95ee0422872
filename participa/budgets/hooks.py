"""What other features do when a budget closes, declared in their manifests.

Budgets serve the ``budget_closed`` system: an entry is a receiver
``fn(budget, *, funded, actor)`` called in the closing transaction, after the votes are
counted, with the funded projects (``BudgetProject`` rows: ``title``, ``cost``, ``district``,
``budget.currency``). The follow-up feature opens a result for each funded project this way;
budgets import nothing from it. They also serve ``budget_project_links``: ``fn(project)``
returning ``(label, url)`` pairs shown on the project's page (the way to its follow-up).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.budgets.models import Budget, BudgetProject

ClosedReceiver = Callable[..., None]
# What other features show on a project's page: ``fn(project) -> [(label, url), ...]``.
ProjectLinks = Callable[[Any], list[tuple[Any, str]]]

_closed_receivers: list[ClosedReceiver] = []
_project_links: list[ProjectLinks] = []


def reset() -> None:
    """Forget every receiver (before the features are installed)."""
    _closed_receivers.clear()
    _project_links.clear()


def add_project_links(fn: ProjectLinks) -> None:
    """Let ``fn(project)`` add links to a project's page (its follow-up, for example)."""
    if fn not in _project_links:
        _project_links.append(fn)


def project_links(project: Any) -> list[tuple[Any, str]]:
    """The links the installed features add to ``project``'s page."""
    return [link for fn in _project_links for link in fn(project)]


def add_closed_receiver(fn: ClosedReceiver) -> None:
    """Call ``fn(budget, funded=projects, actor=person)`` whenever a budget closes."""
    if fn not in _closed_receivers:
        _closed_receivers.append(fn)


def budget_closed(budget: Budget, funded: Sequence[BudgetProject], actor: User | None) -> None:
    """Tell the installed features that ``budget`` closed and funds ``funded``."""
    for fn in _closed_receivers:
        fn(budget, funded=list(funded), actor=actor)
