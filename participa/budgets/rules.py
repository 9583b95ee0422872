"""The voting rules: what a voter may select, the running totals, and the messages.

Pure functions of a budget, its projects and a selection; the services call
:func:`check_selection` before a ballot goes into the box, the vote page shows :func:`tally`.
With districts, each district's money is its own pool, and so is the money left for projects
of the whole municipality; the rules apply pool by pool.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from flask_babel import format_currency, format_decimal, ngettext
from flask_babel import gettext as _

from participa.budgets.models import VoteRule
from participa.core.errors import DomainError

if TYPE_CHECKING:
    from participa.budgets.models import Budget, BudgetProject


class InDistrict(Protocol):
    """What the pools need of a project (a stored one, or one being checked): its district."""

    @property
    def district_id(self) -> int | None: ...


@dataclass(frozen=True)
class Pool:
    """Money a group of projects shares: one district's, or the whole municipality's."""

    district_id: int | None
    name: str
    amount: Decimal


@dataclass
class PoolTally:
    """How much of one pool a selection spends, and what still fits."""

    pool: Pool
    projects: list[Any] = field(default_factory=list)
    chosen: list[Any] = field(default_factory=list)

    @property
    def spent(self) -> Decimal:
        return sum((p.cost for p in self.chosen), Decimal(0))

    @property
    def remaining(self) -> Decimal:
        return self.pool.amount - self.spent

    @property
    def over(self) -> Decimal:
        return max(Decimal(0), self.spent - self.pool.amount)

    @property
    def percent_spent(self) -> int:
        return min(100, int(self.spent * 100 / self.pool.amount)) if self.pool.amount else 0

    def fits(self, project: Any) -> bool:
        """Whether the project, not chosen yet, still fits the money left."""
        return bool(project.cost <= self.remaining)


@dataclass
class Tally:
    """A selection checked against the budget's rule, pool by pool."""

    pools: list[PoolTally]
    chosen_ids: set[int]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def count(self) -> int:
        return len(self.chosen_ids)


def whole_municipality() -> str:
    return str(_("Whole municipality"))


def pools(budget: Budget, projects: Sequence[InDistrict] = ()) -> list[Pool]:
    """The budget's pools: one per district, and one for projects without a district."""
    if not budget.districts:
        return [Pool(None, "", budget.total_amount)]
    found = [Pool(d.id, d.name, d.amount) for d in budget.districts]
    left = budget.total_amount - sum((d.amount for d in budget.districts), Decimal(0))
    if left > 0 or any(p.district_id is None for p in projects):
        found.append(Pool(None, whole_municipality(), max(left, Decimal(0))))
    return found


def tally(budget: Budget, projects: Sequence[BudgetProject], chosen: Iterable[int]) -> Tally:
    """Check a selection (project ids) against the budget's rule and add up each pool."""
    chosen_ids = set(chosen)
    by_id = {p.id: p for p in projects}
    problems: list[str] = []
    if chosen_ids - set(by_id):
        problems.append(_("Choose among the listed projects."))
        chosen_ids &= set(by_id)
    tallies = [PoolTally(pool) for pool in pools(budget, projects)]
    by_district = {t.pool.district_id: t for t in tallies}
    for project in projects:
        pool = by_district[project.district_id]
        pool.projects.append(project)
        if project.id in chosen_ids:
            pool.chosen.append(project)
    if not chosen_ids:
        problems.append(_("Choose at least one project."))
    for pool_tally in tallies:
        problems.extend(_pool_problems(budget, pool_tally))
    return Tally(tallies, chosen_ids, problems)


def check_selection(
    budget: Budget, projects: Sequence[BudgetProject], chosen: Iterable[int]
) -> Tally:
    """Raise a 422 DomainError naming what breaks the rule; otherwise return the tally."""
    result = tally(budget, projects, chosen)
    if result.problems:
        raise DomainError(" ".join(result.problems), status=422)
    return result


def money(amount: Decimal, currency: str) -> str:
    """An amount as people read it, in the page's language."""
    return str(format_currency(amount, currency))


def _pool_problems(budget: Budget, pool_tally: PoolTally) -> list[str]:
    if not pool_tally.chosen:
        return []
    pool, name = pool_tally.pool, pool_tally.pool.name
    if budget.vote_rule == VoteRule.WITHIN_BUDGET:
        if pool_tally.over > 0:
            over = money(pool_tally.over, budget.currency)
            if name:
                return [_("Your selection for %(district)s is over its budget by %(amount)s. "
                          "Remove a project or choose cheaper ones.", district=name,
                          amount=over)]  # fmt: skip
            return [_("Your selection is over the budget by %(amount)s. Remove a project or "
                      "choose cheaper ones.", amount=over)]  # fmt: skip
        percent = budget.min_spend_percent or 0
        minimum = pool.amount * percent / 100
        if pool_tally.spent < minimum:
            values = {"spent": money(pool_tally.spent, budget.currency),
                      "minimum": money(minimum, budget.currency),
                      "percent": format_decimal(percent)}  # fmt: skip
            if name:
                return [_("Your selection for %(district)s adds up to %(spent)s: choose projects "
                          "worth at least %(minimum)s (%(percent)s%% of its budget).",
                          district=name, **values)]  # fmt: skip
            return [_("Your selection adds up to %(spent)s: choose projects worth at least "
                      "%(minimum)s (%(percent)s%% of the budget).", **values)]  # fmt: skip
    if budget.vote_rule == VoteRule.AT_MOST and budget.max_projects:
        limit = budget.max_projects
        if len(pool_tally.chosen) > limit:
            if name:
                return [ngettext("Choose at most %(num)s project for %(district)s.",
                                 "Choose at most %(num)s projects for %(district)s.", limit,
                                 district=name)]  # fmt: skip
            return [ngettext("Choose at most %(num)s project.",
                             "Choose at most %(num)s projects.", limit)]  # fmt: skip
    return []


def rule_summary(budget: Budget) -> str:
    """The voting rule in one sentence for voters."""
    if budget.vote_rule == VoteRule.WITHIN_BUDGET:
        text = _("Choose the projects you want, as long as their costs add up to no more than "
                 "the money available.")  # fmt: skip
        if budget.districts:
            text = _("Choose the projects you want; in each district, their costs must add up "
                     "to no more than the district's money.")  # fmt: skip
        if budget.min_spend_percent:
            text += " " + _("Your choice must spend at least %(percent)s%% of the money.",
                            percent=format_decimal(budget.min_spend_percent))  # fmt: skip
    elif budget.vote_rule == VoteRule.AT_MOST:
        limit = budget.max_projects or 1
        if budget.districts:
            text = ngettext("Choose up to %(num)s project in each district.",
                            "Choose up to %(num)s projects in each district.", limit)  # fmt: skip
        else:
            text = ngettext("Choose up to %(num)s project.", "Choose up to %(num)s projects.",
                            limit)  # fmt: skip
    else:
        text = _("Choose every project you approve of: there is no limit.")
    return str(text)
