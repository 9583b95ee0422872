"""What budgets declare for other features: funded projects as follow-up sources (load, url,
title, the decision chain) and the ``budget_closed`` system, tried without the follow-up
feature installed."""

from __future__ import annotations

from decimal import Decimal

from flask import g

from participa.budgets import registrations, services
from participa.core import features
from participa.extensions import db
from tests import factories
from tests.budgets.helpers import make_budget, projects, vote
from tests.consultations.helpers import make_consultation, make_proposal


def _source() -> dict:
    (args, kwargs), = registrations.contributions["followup_source"]  # fmt: skip
    assert args == ("budget_project",)
    return kwargs


def test_funded_projects_are_follow_up_sources(app, municipality, other_municipality, staff):
    consultation = make_consultation(municipality, phase="voting")
    proposal = make_proposal(consultation, title="Juegos inclusivos", state="accepted")
    budget = make_budget(municipality, consultation=consultation, status="draft", staff=staff)
    services.projects_from_proposals(budget, actor=staff, rows=[(proposal, Decimal(10), None)])
    services.open_budget(budget, actor=staff)
    db.session.commit()
    found = projects(budget)[-1]
    source = _source()
    with app.test_request_context("/"):
        g.municipality = municipality
        assert source["load"](municipality.id, found.id) is found
        assert source["load"](other_municipality.id, found.id) is None
        assert source["url"](found) == f"/m/villa-norte/budgets/projects/{found.id}"
        assert source["title"](found) == "Juegos inclusivos"
        vote(budget, factories.UserFactory(), len(projects(budget)) - 1)
        services.close_budget(budget, actor=staff)
        steps = [(str(label), text, url) for label, text, url in source["steps"](found)]
    assert steps == [
        ("Proposal", "Juegos inclusivos", f"/m/villa-norte/proposals/{proposal.id}"),
        ("Participatory budget", budget.title, f"/m/villa-norte/budgets/{budget.id}"),
        ("Vote", "1 vote", f"/m/villa-norte/budgets/{budget.id}/results"),
    ]


def test_projects_of_draft_budgets_are_no_source(app, municipality, staff):
    budget = make_budget(municipality, status="draft", staff=staff)
    assert _source()["load"](municipality.id, projects(budget)[0].id) is None


def test_budgets_serve_budget_closed(app):
    served = {name for f in features.installed.features for name in f.serves}
    assert "budget_closed" in served
