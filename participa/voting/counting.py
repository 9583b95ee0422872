"""Counting ballots: plain tallies, and instant-runoff rounds for ranked questions.

Pure functions over ballot contents (``{"<question id>": [option ids, in order]}``), so the
count is the same in the service, the benchmark and the tests.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, TypedDict


class Round(TypedDict):
    counts: dict[str, int]
    exhausted: int
    eliminated: int | None
    winner: int | None


class QuestionCount(TypedDict):
    counts: dict[str, int]
    blank: int
    rounds: list[Round]
    winner: int | None


def count_ballots(
    ballots: Iterable[dict[str, Any]], questions: Sequence[tuple[int, str, Sequence[int]]]
) -> dict[str, Any]:
    """Count every ballot for ``questions`` given as (id, kind, option ids in display order)."""
    total = 0
    tallies: dict[int, Counter[int]] = {qid: Counter() for qid, _, _ in questions}
    blanks: Counter[int] = Counter()
    # Ranked questions are counted in rounds; identical rankings are grouped first, so the
    # rounds cost the number of distinct rankings, not the number of ballots.
    rankings: dict[int, Counter[tuple[int, ...]]] = {
        qid: Counter() for qid, kind, _ in questions if kind == "ranked"
    }
    for content in ballots:
        total += 1
        for qid, kind, _ in questions:
            chosen = content.get(str(qid)) or []
            if not chosen:
                blanks[qid] += 1
                continue
            if kind == "ranked":
                rankings[qid][tuple(chosen)] += 1
                tallies[qid][chosen[0]] += 1
            else:
                tallies[qid].update(chosen)
    result: dict[str, QuestionCount] = {}
    for qid, kind, option_ids in questions:
        rounds = instant_runoff(rankings[qid], option_ids) if kind == "ranked" else []
        winner = rounds[-1]["winner"] if rounds else None
        result[str(qid)] = {
            "counts": {str(o): tallies[qid][o] for o in option_ids},
            "blank": blanks[qid],
            "rounds": rounds,
            "winner": winner,
        }
    return {"ballots": total, "questions": result}


def instant_runoff(rankings: Counter[tuple[int, ...]], option_ids: Sequence[int]) -> list[Round]:
    """Eliminate the weakest option round by round until one has a majority of live ballots.

    A tie for last place eliminates the option with fewer votes in the latest earlier round
    where the tied options differ, and failing that the one listed last on the ballot, so the
    count is reproducible by anyone.
    """
    continuing = list(option_ids)
    rounds: list[Round] = []
    while continuing:
        live = set(continuing)
        counts = dict.fromkeys(continuing, 0)
        exhausted = 0
        for ranking, weight in rankings.items():
            choice = next((o for o in ranking if o in live), None)
            if choice is None:
                exhausted += weight
            else:
                counts[choice] += weight
        active = sum(counts.values())
        step: Round = {
            "counts": {str(o): n for o, n in counts.items()},
            "exhausted": exhausted,
            "eliminated": None,
            "winner": None,
        }
        rounds.append(step)
        if active == 0:
            break
        leader = max(continuing, key=lambda o: (counts[o], -continuing.index(o)))
        if counts[leader] * 2 > active or len(continuing) == 1:
            step["winner"] = leader
            break
        weakest = _weakest(continuing, counts, rounds[:-1])
        step["eliminated"] = weakest
        continuing.remove(weakest)
    return rounds


def _weakest(continuing: list[int], counts: dict[int, int], earlier: list[Round]) -> int:
    low = min(counts[o] for o in continuing)
    tied = [o for o in continuing if counts[o] == low]
    for previous in reversed(earlier):
        if len(tied) == 1:
            break
        least = min(previous["counts"].get(str(o), 0) for o in tied)
        tied = [o for o in tied if previous["counts"].get(str(o), 0) == least]
    return tied[-1]
