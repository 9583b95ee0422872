"""The counting rules as functions: the same outcomes as pabutools' own pipeline, and the
choices Participa makes on top of it (unvoted projects, ties, other pools' ballots)."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from natsort import natsort_keygen
from pabutools.election import (
    ApprovalBallot,
    ApprovalProfile,
    Cardinality_Sat,
    Cost_Sat,
    Instance,
    Project,
)
from pabutools.fractions import str_as_frac
from pabutools.rules import (
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)
from pabutools.tiebreaking import TieBreakingRule

from participa.budgets.results import Candidate, count_votes, funded


def _canonical(amount, candidates, ballots, rule) -> set[str]:
    """pabutools' documented pipeline, step by step (exhaustion one step at a time)."""
    voted = {key for ballot in ballots for key in ballot}
    projects = {c.key: Project(c.key, str_as_frac(str(c.cost))) for c in candidates
                if c.key in voted}  # fmt: skip
    instance = Instance(projects.values(), budget_limit=str_as_frac(str(amount)))
    profile = ApprovalProfile([ApprovalBallot(projects[k] for k in b) for b in ballots],
                              instance=instance)  # fmt: skip
    scores, natural = profile.approval_scores(), natsort_keygen()
    tie = TieBreakingRule(lambda _i, _p, project: (-scores[project], natural(project.name)))
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat,
                                             tie_breaking=tie)  # fmt: skip
    else:
        outcome = completion_by_rule_combination(
            instance, profile, [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [{"rule": method_of_equal_shares,
              "rule_params": {"sat_class": Cardinality_Sat, "tie_breaking": tie}},
             {"sat_class": Cost_Sat, "tie_breaking": tie}],
        )  # fmt: skip
    return {project.name for project in outcome}


@pytest.mark.parametrize("seed", range(12))
def test_random_elections_match_pabutools(seed):
    r = random.Random(seed)
    candidates = [Candidate(str(i), Decimal(r.randint(1, 60) * 1000)) for i in range(1, 13)]
    amount = Decimal(r.randint(50, 200) * 1000)
    ballots = [set(r.sample([c.key for c in candidates], r.randint(1, 4)))
               for _ in range(r.randint(10, 120))]  # fmt: skip
    for rule in ("greedy", "equal_shares"):
        assert set(funded(amount, candidates, ballots, rule)) == _canonical(
            amount, candidates, ballots, rule
        ), rule


@pytest.mark.parametrize("rule", ["greedy", "equal_shares"])
def test_a_project_nobody_chose_is_never_funded(rule):
    candidates = [Candidate("1", Decimal(10)), Candidate("2", Decimal(10))]
    assert funded(Decimal(100), candidates, [{"1"}, {"1"}], rule) == ["1"]
    assert funded(Decimal(100), candidates, [], rule) == []


def test_ties_go_to_more_votes_then_to_the_lower_number():
    # "9" and "10" both have 2 votes and only one fits: the lower number, not the first in
    # alphabetical order ("10" < "9").
    candidates = [Candidate("9", Decimal(60)), Candidate("10", Decimal(60))]
    assert funded(Decimal(100), candidates, [{"9"}, {"10"}, {"9"}, {"10"}], "greedy") == ["9"]


def test_votes_are_counted_once_per_ballot():
    assert count_votes([{"a", "b"}, {"a"}, ["a", "a"]]) == {"a": 3, "b": 1}
