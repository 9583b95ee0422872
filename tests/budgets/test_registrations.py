"""What budgets declare for other features: funded projects as follow-up sources (load, url,
title, the decision chain) and the ``budget_closed`` system, tried without the follow-up
feature installed."""

from __future__ import annotations

from decimal import Decimal

from flask import g
from sqlalchemy import select

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


def test_closing_opens_a_follow_up_result_per_funded_project(app, client, municipality, staff):
    from participa.followup.models import Result

    budget = make_budget(municipality, staff=staff, districts=[("Norte", 40)],
                         projects=[(0, "Plaza norte", 40), (None, "Parque", 50),
                                   (None, "Costanera", 30)])  # fmt: skip
    vote(budget, factories.UserFactory(), 0, 1)
    vote(budget, factories.UserFactory(), 1)
    with app.test_request_context("/"):
        g.municipality = municipality
        funded = services.close_budget(budget, actor=staff)
    db.session.commit()
    results = db.session.scalars(select(Result).order_by(Result.source_id)).all()
    assert [(r.source_kind, r.source_id, r.title, r.amount, r.district, r.currency, r.status)
            for r in results] == [
        ("budget_project", funded[0].id, "Plaza norte", Decimal(40), "Norte", "ARS", "planned"),
        ("budget_project", funded[1].id, "Parque", Decimal(50), None, "ARS", "planned"),
    ]  # fmt: skip
    # The result's public page leads back to the project, its budget and the vote.
    page = client.get(f"/m/villa-norte/follow-up/{results[0].id}")
    assert page.status_code == 200
    for path in (f"/budgets/projects/{funded[0].id}", f"/budgets/{budget.id}/results"):
        assert path in page.text


def test_a_budget_the_platform_closes_opens_its_follow_up_results(app, municipality, staff):
    # At the end of its voting phase nobody closes it: the platform does, with no actor.
    from participa.core.models import AuditEntry
    from participa.followup.models import Result

    budget = make_budget(municipality, staff=staff, projects=[(None, "Parque", 50)])
    vote(budget, factories.UserFactory(), 0)
    with app.test_request_context("/"):
        g.municipality = municipality
        (funded,) = services.close_budget(budget, actor=None)
    db.session.commit()
    result = db.session.scalars(select(Result)).one()
    assert (result.source_id, result.title) == (funded.id, "Parque")
    created = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "followup.create_result")
    ).one()
    assert created.actor_id is None


def test_budgets_are_evidence_of_participatory_budgeting(app, municipality, staff):
    from datetime import timedelta

    from participa.db import utcnow
    from participa.indicators import suggestions

    make_budget(municipality, status="draft", staff=staff)
    closed = make_budget(municipality, status="closed", staff=staff)
    provider = suggestions._providers["participatory_budget"]
    now = utcnow()
    with app.test_request_context("/"):
        found = provider(municipality, now, now - timedelta(days=365))
        assert found == [(closed.title, f"/m/villa-norte/budgets/{closed.id}/results")]
        assert provider(municipality, now, now + timedelta(days=1)) == []  # closed before
