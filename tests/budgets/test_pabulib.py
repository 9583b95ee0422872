"""Pabulib files: winners of real-shaped elections computed by Participa match pabutools' own
computation, an imported file becomes a budget that counts the same way once people vote, and
an exported budget reads back as the same election."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pabutools.election import Cardinality_Sat, Cost_Sat
from pabutools.election.pabulib import parse_pabulib, parse_pabulib_from_string
from pabutools.rules import (
    completion_by_rule_combination,
    exhaustion_by_budget_increase,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)
from sqlalchemy import select

from participa.budgets import pabulib, results, services
from participa.budgets.models import Budget
from participa.core.errors import DomainError
from participa.extensions import db
from tests import factories
from tests.consultations.helpers import make_consultation

DATA = Path(__file__).parent / "data"
FILES = sorted(DATA.glob("*.pb"))
M = "/m/villa-norte/budgets"


def pabutools_winners(path: Path, rule: str) -> set[str]:
    """The funded projects as pabutools computes them, straight from the file."""
    instance, profile = parse_pabulib(str(path))
    if rule == "greedy":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    else:
        outcome = completion_by_rule_combination(
            instance, profile, [exhaustion_by_budget_increase, greedy_utilitarian_welfare],
            [{"rule": method_of_equal_shares, "rule_params": {"sat_class": Cardinality_Sat}},
             {"sat_class": Cost_Sat}],
        )  # fmt: skip
    return {project.name for project in outcome}


def test_the_fixtures_are_real_elections():
    assert len(FILES) == 3
    for path in FILES:
        instance, profile = parse_pabulib(str(path))
        scores = profile.approval_scores()
        # Every project has votes: the rules then see the same projects in both computations.
        assert all(scores.get(project, 0) > 0 for project in instance), path.name
        assert profile.num_ballots() >= 40


@pytest.mark.parametrize("rule", ["greedy", "equal_shares"])
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_winners_match_pabutools(app, path, rule):
    election = pabulib.read(path.read_bytes())
    candidates = [results.Candidate(p.key, p.cost) for p in election.projects]
    ours = results.funded(election.total_amount, candidates, election.ballots, rule)
    expected = pabutools_winners(path, rule)
    assert expected and set(ours) == expected
    assert len(ours) == len(set(ours))


def test_the_two_rules_differ_on_a_polarised_city():
    path = DATA / "city_equal_shares.pb"
    assert pabutools_winners(path, "greedy") != pabutools_winners(path, "equal_shares")


def _import(client, login, staff, consultation, path: Path):
    login(staff)
    return client.post(
        f"{M}/import/{consultation.id}",
        data={"file": (io.BytesIO(path.read_bytes()), path.name)},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_an_imported_election_counts_like_pabutools_once_people_vote(
    client, login, municipality, staff, path
):
    consultation = make_consultation(municipality, phase="voting")
    response = _import(client, login, staff, consultation, path)
    assert response.status_code == 302
    budget = db.session.scalars(select(Budget)).one()
    election = pabulib.read(path.read_bytes())
    assert budget.is_draft and budget.total_amount == election.total_amount
    assert budget.vote_rule == election.vote_rule and budget.result_rule == election.result_rule
    found = services.projects_of(budget)
    assert [(p.key, p.cost) for p in found] == [(p.key, p.cost) for p in election.projects]
    services.open_budget(budget, actor=staff)
    by_key = {p.key: p.id for p in found}
    for ballot in election.ballots:
        services.cast_vote(budget, user=factories.UserFactory(),
                           chosen=[by_key[k] for k in ballot])  # fmt: skip
    services.close_budget(budget, actor=staff)
    db.session.commit()
    funded = {p.key for p in services.projects_of(budget) if p.funded}
    assert funded == pabutools_winners(path, budget.result_rule)

    # The export reads back as the same election, with the same winners.
    response = client.get(f"{M}/{budget.id}/pabulib.pb")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    instance, profile = parse_pabulib_from_string(response.get_data(as_text=True))
    assert profile.num_ballots() == len(election.ballots)
    assert {p.name: int(p.cost * 100) for p in instance} == {
        p.key: int(p.cost * 100) for p in election.projects
    }
    assert {p.name for p in instance if instance.project_meta[p]["selected"] == "1"} == funded
    assert "voter" not in response.get_data(as_text=True).split("VOTES")[0]  # no names, no ids


def test_files_that_are_not_pabulib_are_refused(client, login, municipality, staff):
    consultation = make_consultation(municipality, phase="voting")
    for content, message in [
        (b"\xff\xfe not text", "not UTF-8"),
        (b"hello;world\n", "could not be read"),
        (b"META\nkey;value\nbudget;0\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;10\n"
         b"VOTES\nvoter_id;vote\n1;1\n", "more than zero"),
        (b"META\nkey;value\nbudget;100\nvote_type;ordinal\nPROJECTS\nproject_id;cost\n1;x\n"
         b"VOTES\nvoter_id;vote\n", "could not be read"),
        (b"META\nkey;value\nbudget;1e30\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;10\n"
         b"VOTES\nvoter_id;vote\n", "too large"),
        (b"META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
         + b"x" * 61 + b";10\nVOTES\nvoter_id;vote\n", "its own id"),
        # A NUL in a name was stored on SQLite and a 500 on PostgreSQL.
        (b"META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost;name\n"
         b"1;10;Hu\x00erta\nVOTES\nvoter_id;vote\n1;1\n", "null character"),
    ]:  # fmt: skip
        login(staff)
        response = client.post(
            f"{M}/import/{consultation.id}",
            data={"file": (io.BytesIO(content), "x.pb")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 422, content
        assert message in response.get_data(as_text=True)
    assert db.session.scalars(select(Budget)).all() == []


def test_reading_keeps_the_rules_of_the_file():
    election = pabulib.read((DATA / "at_most_three.pb").read_bytes())
    assert (election.vote_rule, election.max_projects) == ("at_most", 3)
    assert election.projects[0].cost == 12500.50 and election.votes == 45
    knapsack = pabulib.read((DATA / "district_knapsack.pb").read_bytes())
    assert knapsack.vote_rule == "within_budget" and knapsack.result_rule == "greedy"
    assert knapsack.title == "Budżet obywatelski 2023, dzielnica Północ"
    with pytest.raises(DomainError):
        pabulib.read(b"")


@pytest.mark.parametrize(
    "meta,rule",
    [("max_sum_cost;100\nmin_sum_cost;-50\n", ("within_budget", None, None)),
     ("max_sum_cost;100\nmin_sum_cost;50\n", ("within_budget", None, 50)),
     ("max_length;4\n", ("at_most", 4, None))],
)  # fmt: skip
def test_odd_rules_in_a_file_read_as_no_rule(meta, rule):
    # A negative minimum gave -50 %, which the database refuses: creating the budget was a 500.
    text = ("META\nkey;value\nbudget;100\nvote_type;approval\n" + meta +
            "PROJECTS\nproject_id;cost\n1;10\n2;20\nVOTES\nvoter_id;vote\n1;1\n")  # fmt: skip
    election = pabulib.read(text.encode())
    assert (election.vote_rule, election.max_projects, election.min_spend_percent) == rule
