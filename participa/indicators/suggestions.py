"""Evidence the platform itself can show: its own consultations, crowdlaw drafts, OCDS releases.
Each indicator names the kind of activity that proves it (``suggestion`` in the framework file);
the feature that owns that activity declares a provider for it in its manifest
(``contributions.add("indicator_evidence", name, provider)``), and the answer form proposes the
provider's links. A kind of activity that no installed feature provides suggests nothing.

Some evidence names its indicators itself (a library practice cites the indicators it
evidences, a learning exchange concerns one): such a provider is declared with ``by_code=True``
and returns (indicator code, label, link) triples, which go to the indicators of those codes
whatever their ``suggestion``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from participa.db import utcnow

if TYPE_CHECKING:
    from participa.indicators.models import Indicator
    from participa.municipalities.models import Municipality

# Activity older than this proves nothing about the current period.
WINDOW = timedelta(days=365)


@dataclass(frozen=True)
class Suggestion:
    label: str
    link: str  # a path on this platform, usable as the answer's evidence link


# provider(municipality, now, since) -> (label, link) pairs for activity between since and now.
Provider = Callable[[Any, datetime, datetime], Iterable[tuple[Any, str]]]

_providers: dict[str, Provider] = {}
# provider(municipality, now, since) -> (indicator code, label, link) triples.
CodedProvider = Callable[[Any, datetime, datetime], Iterable[tuple[str, Any, str]]]
_coded: dict[str, CodedProvider] = {}


def reset() -> None:
    """Forget every provider (before the features are installed)."""
    _providers.clear()
    _coded.clear()


def add_evidence_provider(
    suggestion: str, provider: Provider | CodedProvider, *, by_code: bool = False
) -> None:
    """Let ``provider`` propose evidence for the indicators whose ``suggestion`` is the name
    (with ``by_code``: for the indicators whose codes it names itself)."""
    found: dict[str, Any] = _coded if by_code else _providers
    if found.get(suggestion, provider) is not provider:
        raise ValueError(f"evidence for {suggestion!r} is provided twice")
    found[suggestion] = provider


def _coded_evidence(municipality: Municipality, now: datetime) -> dict[str, list[Suggestion]]:
    by_code: dict[str, list[Suggestion]] = {}
    for provider in _coded.values():
        for code, label, link in provider(municipality, now, now - WINDOW):
            by_code.setdefault(code, []).append(Suggestion(label=str(label), link=link))
    return by_code


def suggest_evidence(
    municipality: Municipality, indicators: Iterable[Indicator], now: datetime | None = None
) -> dict[int, list[Suggestion]]:
    """Suggested evidence links for the indicators that platform activity can prove."""
    now = now or utcnow()
    indicators = list(indicators)
    cache: dict[str, list[Suggestion]] = {}
    found: dict[int, list[Suggestion]] = {}
    coded: dict[str, list[Suggestion]] | None = None
    for indicator in indicators:
        # One kind of activity, or several separated by spaces (in-person ballots and online
        # questionnaires both prove inclusive channels).
        suggested: list[Suggestion] = []
        for key in (indicator.suggestion or "").split():
            if key not in _providers:
                continue
            if key not in cache:
                cache[key] = [
                    Suggestion(label=str(label), link=link)
                    for label, link in _providers[key](municipality, now, now - WINDOW)
                ]
            suggested.extend(cache[key])
        if _coded:
            if coded is None:
                coded = _coded_evidence(municipality, now)
            suggested.extend(coded.get(indicator.code, ()))
        if suggested:
            found[indicator.id] = suggested
    return found
