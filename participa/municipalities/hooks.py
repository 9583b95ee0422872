"""What other features do when staff decide a residency request, declared in their manifests
(the ``residency_decided`` system): municipalities import none of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from participa.municipalities.models import Municipality, ResidencyRequest

# fn(request, municipality, decision): called inside the decision's transaction, after the flush;
# ``decision`` is "residency_approved", "residency_rejected" or "residency_revoked".
DecisionListener = Callable[["ResidencyRequest", "Municipality", str], None]

_listeners: list[DecisionListener] = []


def reset() -> None:
    """Forget every listener (before the features are installed)."""
    _listeners.clear()


def add_decision_listener(fn: DecisionListener) -> None:
    """Call ``fn(request, municipality, decision)`` after each residency decision."""
    if fn not in _listeners:
        _listeners.append(fn)


def decided(request: ResidencyRequest, municipality: Municipality, decision: str) -> None:
    """Tell the features that depend on it that staff decided ``request``."""
    for fn in _listeners:
        fn(request, municipality, decision)
