"""What a follow-up result can carry out, served to manifests as the ``followup_source`` system.

A feature whose decisions get a follow-up declares its kind in its registrations::

    contributions.add(
        "followup_source", "proposal",
        load=lambda municipality_id, proposal_id: ...,  # the object, or None when gone or hidden
        url=proposal_url, title=lambda p: p.title,
        label=_l("Accepted proposal"),                   # optional: what the source is
        steps=lambda p: [Step(_("Vote"), "1.234 votes", url)],  # optional: the decision chain
    )

and then calls :func:`participa.followup.services.ensure_result` (or lets a receiver do it) when a
decision is taken. ``steps`` may return plain ``(label, text, url or None)`` tuples: the result
page shows them between the source and the procurement processes (proposal → vote → budget line).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple


class Step(NamedTuple):
    label: Any  # a (lazy) translated string
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Source:
    kind: str
    load: Callable[[int, int], Any]  # (municipality id, source id) -> object or None
    url: Callable[[Any], str]
    title: Callable[[Any], str]
    label: Any = None
    steps: Callable[[Any], Sequence[tuple[Any, str, str | None]]] | None = None


_sources: dict[str, Source] = {}


def register_source(
    kind: str,
    *,
    load: Callable[[int, int], Any],
    url: Callable[[Any], str],
    title: Callable[[Any], str],
    label: Any = None,
    steps: Callable[[Any], Sequence[tuple[Any, str, str | None]]] | None = None,
) -> None:
    """Declare a kind of decision that follow-up results carry out (served to manifests)."""
    existing = _sources.get(kind)
    if existing is not None and existing.load is not load:
        raise ValueError(f"follow-up source {kind!r} is declared twice")
    _sources[kind] = Source(kind, load, url, title, label, steps)


def reset() -> None:
    """Forget the declared sources (before the features are installed)."""
    _sources.clear()


def source(kind: str) -> Source | None:
    """The declared source ``kind``, or None when no installed feature declares it."""
    return _sources.get(kind)


def kinds() -> list[str]:
    return sorted(_sources)
