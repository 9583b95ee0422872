"""A person's data download says that they voted on a budget, never what they chose; no table
links a person to a budget choice once the box is sealed."""

from __future__ import annotations

import json

from sqlalchemy import select

from participa.accounts.privacy import export_data
from participa.extensions import db
from participa.voting.models import BoxBallot
from tests import factories
from tests.budgets.helpers import make_budget, projects, vote


def test_the_export_says_that_the_person_voted_not_what(municipality, staff):
    budget = make_budget(municipality, staff=staff)
    person = factories.UserFactory()
    vote(budget, person, 2)
    data = export_data(person)
    assert [(row["budget_id"], row["channel"]) for row in data["budget_votes_cast"]] == [
        (budget.id, "online")
    ]
    chosen = projects(budget)[2]
    text = json.dumps(data, default=str)
    assert chosen.title not in text and f'"projects": [{chosen.id}]' not in text


def test_after_the_close_no_ballot_links_to_anyone(municipality, staff):
    from participa.budgets import services

    budget = make_budget(municipality, staff=staff)
    for n in range(3):
        vote(budget, factories.UserFactory(), n)
    services.close_budget(budget, actor=staff)
    db.session.commit()
    assert db.session.scalars(select(BoxBallot.link)).all() == [None, None, None]
    assert budget.box.link_key is None
