"""Which projects the votes fund, computed with ``pabutools`` (the rules' reference library).

Two rules, chosen by staff for each budget, applied to each pool of money (a district, or the
whole municipality) with the ballots that chose something in that pool:

- **greedy** (Decidim, CONSUL): the most voted project first, then the next, while the money
  lasts; a project that no longer fits is skipped. pabutools' utilitarian greedy rule with cost
  satisfaction orders projects exactly by votes.
- **Method of Equal Shares**: every voter holds an equal share of the money; a project is
  funded when its supporters can pay for it from their shares, the cheapest per supporter first
  (pabutools' ``method_of_equal_shares`` with one unit of satisfaction per funded project). The
  money it leaves is spent as pabutools' ``exhaustion_by_budget_increase`` does: the shares grow
  in steps of 1 % of the budget until the outcome would no longer fit or nothing more fits; the
  step is found by bisection instead of one step at a time (the same outcome when the funded
  cost grows with the shares, as it does in practice, in a handful of runs rather than hundreds),
  and then the most voted projects that still fit are added (pabutools' greedy rule again).

Ties go to the project with more votes, then to the lower project number.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from natsort import natsort_keygen
from pabutools.election import (
    ApprovalBallot,
    ApprovalProfile,
    Cardinality_Sat,
    Cost_Sat,
    Instance,
    Project,
    total_cost,
)
from pabutools.fractions import frac, str_as_frac
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
from pabutools.tiebreaking import TieBreakingRule

from participa.budgets.models import ResultRule

_natural = natsort_keygen()


@dataclass(frozen=True)
class Candidate:
    """A project as the rules see it: its key (Pabulib ``project_id``) and its cost."""

    key: str
    cost: Decimal


def count_votes(ballots: Iterable[Collection[str]]) -> Counter[str]:
    """How many ballots chose each project key."""
    counts: Counter[str] = Counter()
    for ballot in ballots:
        counts.update(set(ballot))
    return counts


def funded(
    amount: Decimal,
    candidates: Sequence[Candidate],
    ballots: Iterable[Collection[str]],
    rule: str,
) -> list[str]:
    """The keys of the projects ``rule`` funds with ``amount``, in the order it funds them.

    ``ballots`` are the project keys each voter chose; keys of other pools are ignored, and a
    ballot choosing nothing here does not take part (it would hold a share of this money under
    the Method of Equal Shares). A project nobody chose is never funded.
    """
    keys = {c.key for c in candidates}
    chosen = [frozenset(k for k in ballot if k in keys) for ballot in ballots]
    chosen = [ballot for ballot in chosen if ballot]
    votes = count_votes(chosen)
    projects = {c.key: Project(c.key, _frac(c.cost)) for c in candidates if votes[c.key] > 0}
    if not projects:
        return []
    instance = Instance(projects.values(), budget_limit=_frac(amount))
    profile = ApprovalProfile(
        [ApprovalBallot(projects[k] for k in ballot) for ballot in chosen], instance=instance
    ).as_multiprofile()
    tie = TieBreakingRule(lambda _inst, _prof, project: (-votes[project.name],
                                                        _natural(project.name)))  # fmt: skip
    if rule == ResultRule.EQUAL_SHARES:
        allocation = _equal_shares(instance, profile, tie)
    else:
        allocation = _greedy(instance, profile, tie)
    return [project.name for project in allocation]


def _frac(value: Decimal) -> Any:
    return str_as_frac(format(value, "f"))


def _greedy(instance: Any, profile: Any, tie: Any, initial: Any = None) -> Any:
    # Cost satisfaction: a project's total satisfaction over its cost is its number of votes.
    return greedy_utilitarian_welfare(
        instance, profile, sat_class=Cost_Sat, tie_breaking=tie,
        initial_budget_allocation=initial,
    )  # fmt: skip


def _equal_shares(instance: Any, profile: Any, tie: Any) -> Any:
    sat_profile = profile.as_sat_profile(Cardinality_Sat)
    budget = instance.budget_limit
    step = budget * frac(1, 100)
    last = 100 * profile.num_ballots()  # exhaustion_by_budget_increase's bound: n + 1 budgets
    outcomes: dict[int, Any] = {}

    def outcome(k: int) -> Any:
        if k not in outcomes:
            raised = Instance(instance, budget_limit=budget + k * step)
            outcomes[k] = method_of_equal_shares(
                raised, profile, sat_profile=sat_profile, tie_breaking=tie
            )
        return outcomes[k]

    def stops(k: int) -> bool:
        found = outcome(k)
        return bool(total_cost(found) > budget or instance.is_exhaustive(found))

    # The first step at which raising the shares stops (exhaustion_by_budget_increase's loop
    # runs k = 0, 1, 2... up to ``last``): an exponential search, then a bisection.
    first: int | None = 0
    if not stops(0):
        low, high = 0, 1
        while high < last and not stops(high):
            low, high = high, 2 * high
        high = min(high, last)
        if high == last and not stops(last):
            first = None
        else:
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (low, middle) if stops(middle) else (middle, high)
            first = high
    if first is None:
        chosen = outcome(last)
    elif total_cost(outcome(first)) > budget:
        chosen = outcome(first - 1) if first > 0 else []
    else:
        chosen = outcome(first)
    return _greedy(instance, profile, tie, initial=list(chosen))
