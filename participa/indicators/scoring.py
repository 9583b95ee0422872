"""Scores of an assessment: pure functions over (dimension code, answer) pairs, no database.

An answer is True (yes), False (no) or None (not answered yet). A score counts the yes answers
and gives two shares: among the answered indicators, and among every indicator of the framework
(the published figure, comparable across municipalities only once all are answered).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    met: int
    answered: int
    total: int

    @property
    def share_of_answered(self) -> float | None:
        """Share of yes among answered indicators; None while nothing is answered."""
        return self.met / self.answered if self.answered else None

    @property
    def share_of_total(self) -> float:
        """Share of yes among every indicator, unanswered ones counting as not met."""
        return self.met / self.total if self.total else 0.0

    @property
    def is_complete(self) -> bool:
        return self.answered == self.total

    @property
    def percent(self) -> int:
        return round(self.share_of_total * 100)


def score(values: Iterable[bool | None], total: int | None = None) -> Score:
    """Score a list of answers; ``total`` is the number of indicators if more than listed."""
    values = list(values)
    met = sum(1 for value in values if value is True)
    answered = sum(1 for value in values if value is not None)
    total = len(values) if total is None else total
    if total < answered:
        raise ValueError("total cannot be smaller than the number of answers")
    return Score(met=met, answered=answered, total=total)


def scores_by_dimension(
    rows: Iterable[tuple[str, bool | None]], totals: Mapping[str, int] | None = None
) -> dict[str, Score]:
    """Score each dimension, in the order dimensions first appear (or the order of ``totals``)."""
    grouped: dict[str, list[bool | None]] = {code: [] for code in (totals or {})}
    for code, value in rows:
        grouped.setdefault(code, []).append(value)
    return {
        code: score(values, (totals or {}).get(code, len(values)))
        for code, values in grouped.items()
    }


def overall(by_dimension: Mapping[str, Score]) -> Score:
    """Add dimension scores into the assessment's score."""
    return Score(
        met=sum(s.met for s in by_dimension.values()),
        answered=sum(s.answered for s in by_dimension.values()),
        total=sum(s.total for s in by_dimension.values()),
    )


def change(current: Score, previous: Score | None) -> int | None:
    """Indicators met now minus those met in the previous period; None without a previous one."""
    return None if previous is None else current.met - previous.met


def indicator_changes(
    current: Mapping[str, bool | None], previous: Mapping[str, bool | None]
) -> tuple[list[str], list[str]]:
    """Indicator codes newly met and no longer met since the previous period."""
    gained = [code for code, value in current.items() if value is True and not previous.get(code)]
    lost = [code for code, value in previous.items() if value is True and not current.get(code)]
    return sorted(gained), sorted(lost)
