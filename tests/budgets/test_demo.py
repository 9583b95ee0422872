"""The demo's "80 millones" consultation in Bahía Blanca has a participatory budget: projects
(one from an accepted proposal), votes that respect its rule, closed, counted and funded."""

from __future__ import annotations

from sqlalchemy import select

from participa.budgets import rules, services
from participa.budgets.models import Budget, ProjectProposal
from participa.cli import DEMO_PASSWORD
from participa.core.features import load_demo
from participa.extensions import db
from participa.voting import box as boxes


def test_demo_budget(client):
    load_demo(DEMO_PASSWORD)
    db.session.commit()
    budget = db.session.scalars(select(Budget)).one()
    assert "80 millones" in budget.consultation.summary
    assert budget.municipality.slug == "bahia-blanca" and budget.is_closed
    projects = services.projects_of(budget)
    assert len(budget.districts) == 3 and len(projects) == 9
    assert budget.ballots_count == boxes.count(budget.box) >= 10
    funded = [p for p in projects if p.funded]
    assert 3 <= len(funded) < len(projects)
    assert db.session.scalar(select(ProjectProposal.project_id)) in {p.id for p in funded}
    for content in boxes.contents(budget.box):
        assert rules.tally(budget, projects, content["projects"]).ok
    page = client.get(f"/m/bahia-blanca/budgets/{budget.id}/results")
    assert page.status_code == 200 and funded[0].title in page.text
    consultation = client.get(f"/m/bahia-blanca/consultations/{budget.consultation_id}")
    assert budget.title in consultation.text
