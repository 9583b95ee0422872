"""What other features do when a proposal gets its official answer, declared in their manifests
(the ``proposal_answered`` system): proposals import none of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from participa.proposals.models import Proposal

if TYPE_CHECKING:
    from participa.accounts.models import User

# fn(proposal, *, old_state, actor): called inside the answer's transaction, after the flush.
AnswerListener = Callable[..., None]

_answer_listeners: list[AnswerListener] = []


def reset() -> None:
    """Forget every listener (before the features are installed)."""
    _answer_listeners.clear()


def add_answer_listener(fn: AnswerListener) -> None:
    """Call ``fn(proposal, old_state=..., actor=...)`` after each official answer."""
    if fn not in _answer_listeners:
        _answer_listeners.append(fn)


def answered(proposal: Proposal, *, old_state: str, actor: User) -> None:
    """Tell the features that depend on it that ``proposal`` was answered."""
    for fn in _answer_listeners:
        fn(proposal, old_state=old_state, actor=actor)
