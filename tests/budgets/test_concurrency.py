"""Budget votes under real parallel requests: 200 voters at once give exactly the expected
totals, one person posting many selections keeps one ballot, and votes racing the close are
either counted or refused. Each request has its own client and database connection.

Runs against the session's database file (SQLite in WAL mode) or the PostgreSQL server of
DATABASE_URL.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from participa.accounts.models import User
from participa.budgets import services
from participa.budgets.models import Budget
from participa.extensions import db
from participa.voting import box as boxes
from participa.voting.models import BoxBallot
from tests import factories
from tests.budgets.helpers import make_budget, projects
from tests.concurrency import (
    _file_database,  # noqa: F401 - a fixture
    ballots_in_boxes,
    every_ballot_counted,
    one_ballot_kept,
    racing_the_close,
)

M = "/m/villa-norte"
# Selections within the money (Plaza 40, Parque 50, Costanera 30, Bicisenda 20 of 100).
SELECTIONS = [(0, 1), (1, 2), (0, 2, 3), (3,), (1, 3)]


def _form(ids: list[int]) -> dict:
    return {"project": [str(i) for i in ids], "action": "vote"}


def test_two_hundred_voters_at_once(app, municipality):
    budget = make_budget(municipality)
    ids = [p.id for p in projects(budget)]
    path = f"{M}/budgets/{budget.id}/ballot"
    people = [factories.UserFactory() for _ in range(200)]
    picks = {p.id: SELECTIONS[n % len(SELECTIONS)] for n, p in enumerate(people)}
    jobs = [(p.get_id(), path, _form([ids[i] for i in picks[p.id]])) for p in people]
    staff_id = factories.member(municipality, "admin").id
    budget_id = budget.id
    every_ballot_counted(app, jobs)
    budget = db.session.get(Budget, budget_id)
    services.close_budget(budget, actor=db.session.get(User, staff_id))
    db.session.commit()
    expected = Counter(ids[i] for chosen in picks.values() for i in chosen)
    assert {p.id: p.votes for p in projects(budget)} == dict(expected)
    assert budget.ballots_count == 200 == len(boxes.receipts(budget.box))


def test_one_person_posting_many_selections_keeps_one_ballot(app, municipality):
    budget = make_budget(municipality)
    ids = [p.id for p in projects(budget)]
    person = factories.UserFactory()
    path = f"{M}/budgets/{budget.id}/ballot"
    jobs = [(person.get_id(), path, _form([ids[i] for i in SELECTIONS[n % len(SELECTIONS)]]))
            for n in range(12)]  # fmt: skip
    budget_id = budget.id
    one_ballot_kept(app, jobs)
    content = db.session.scalar(select(BoxBallot.content))
    budget = db.session.get(Budget, budget_id)
    # The ballot kept is one whole selection that was posted, never a mix of two.
    assert tuple(ids.index(i) for i in content["projects"]) in SELECTIONS
    assert services.own_selection(budget, person) == content["projects"]


def test_votes_racing_the_close_are_counted_or_refused(app, municipality):
    budget = make_budget(municipality)
    ids = [p.id for p in projects(budget)]
    staff = factories.member(municipality, "admin")
    people = [factories.UserFactory() for _ in range(24)]
    votes = [(p.get_id(), f"{M}/budgets/{budget.id}/ballot", _form([ids[0]])) for p in people]
    close = (staff.get_id(), f"{M}/budgets/{budget.id}/close", {})
    budget_id = budget.id
    statuses = racing_the_close(app, votes, close)
    budget = db.session.get(Budget, budget_id)
    counted = budget.ballots_count
    assert counted == ballots_in_boxes()
    assert counted == statuses.count(302)
    assert projects(budget)[0].votes == counted
    assert set(statuses) <= {302, 409}
