"""What other features add to consultations, declared in their manifests: values for a
consultation's page (and the questions behind them, answered in one query), and what to do when
a consultation's support threshold changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from participa.consultations.models import Consultation

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.core.viewer import Probe

DetailContext = Callable[["Visitor", Consultation], dict[str, Any]]
ThresholdListener = Callable[[Consultation], None]
# A feature's own section of the consultation page (its ballots, its budgets), or None.
Section = Callable[["Visitor", Consultation], Markup | None]
# What a feature's values or section will ask the database about the page's reader.
Questions = Callable[["Visitor", Consultation], "list[Probe | None]"]

_detail_contexts: list[DetailContext] = []
_threshold_listeners: list[ThresholdListener] = []
_sections: list[Section] = []
_questions: list[Questions] = []


def reset() -> None:
    """Forget every contribution (before the features are installed)."""
    _detail_contexts.clear()
    _threshold_listeners.clear()
    _sections.clear()
    _questions.clear()


def add_section(fn: Section) -> None:
    """Let ``fn(user, consultation)`` render a section of the consultation's page."""
    if fn not in _sections:
        _sections.append(fn)


def sections(user: Visitor, consultation: Consultation) -> list[Markup]:
    """The sections the installed features add to the consultation's page, in install order."""
    return [html for fn in _sections if (html := fn(user, consultation)) is not None]


def add_questions(fn: Questions) -> None:
    """Let ``fn(user, consultation)`` name what its values or section will ask, so that the page
    asks it together with the rest (``core.viewer.prefetch``)."""
    if fn not in _questions:
        _questions.append(fn)


def questions(user: Visitor, consultation: Consultation) -> list[Probe | None]:
    """What the installed features will ask about the reader of the consultation's page."""
    return [probe for fn in _questions for probe in fn(user, consultation)]


def add_detail_context(fn: DetailContext) -> None:
    """Let ``fn(user, consultation)`` add values to the consultation's page."""
    if fn not in _detail_contexts:
        _detail_contexts.append(fn)


def add_threshold_listener(fn: ThresholdListener) -> None:
    """Call ``fn(consultation)`` when the consultation's support threshold changes."""
    if fn not in _threshold_listeners:
        _threshold_listeners.append(fn)


def detail_context(user: Visitor, consultation: Consultation) -> dict[str, Any]:
    """The values every installed feature adds to the consultation's page."""
    values: dict[str, Any] = {}
    for fn in _detail_contexts:
        values.update(fn(user, consultation))
    return values


def threshold_changed(consultation: Consultation) -> None:
    """Tell the features that depend on it that the support threshold changed."""
    for fn in _threshold_listeners:
        fn(consultation)
