"""Builders for budgets in every state, shared by the budget tests and the route table."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from participa.budgets import services
from participa.budgets.models import Budget, BudgetProject
from participa.extensions import db
from tests import factories
from tests.consultations.helpers import make_consultation

# (district position or None, title, cost)
ProjectSpec = tuple[int | None, str, int]
PROJECTS: Sequence[ProjectSpec] = (
    (None, "Plaza", 40),
    (None, "Parque", 50),
    (None, "Costanera", 30),
    (None, "Bicisenda", 20),
)


def make_budget(
    municipality,
    *,
    status: str = "open",
    phase: str = "voting",
    participation: str = "registered",
    vote_rule: str = "within_budget",
    max_projects: int | None = None,
    min_spend_percent: int | None = None,
    result_rule: str = "greedy",
    total: int = 100,
    districts: Sequence[tuple[str, int]] = (),
    projects: Sequence[ProjectSpec] = PROJECTS,
    staff=None,
    consultation=None,
) -> Budget:
    """A budget in a consultation whose ``phase`` is open now, in ``status``."""
    consultation = consultation or make_consultation(municipality, phase=phase)
    actor = staff or factories.member(municipality, "admin")
    budget = services.create_budget(
        consultation,
        actor=actor,
        data={"title": "Presupuesto participativo", "description": "", "total_amount":
              Decimal(total), "participation": participation, "vote_rule": vote_rule,
              "max_projects": max_projects, "min_spend_percent": min_spend_percent,
              "result_rule": result_rule},
        districts=[{"name": name, "amount": Decimal(amount)} for name, amount in districts],
    )  # fmt: skip
    for district, title, cost in projects:
        services.save_project(
            budget, actor=actor,
            data={"title": title, "cost": Decimal(cost),
                  "district_id": budget.districts[district].id if district is not None else None},
        )  # fmt: skip
    if status in ("open", "closed"):
        services.open_budget(budget, actor=actor)
    if status == "closed":
        services.close_budget(budget, actor=actor)
    db.session.commit()
    return budget


def projects(budget: Budget) -> list[BudgetProject]:
    return services.projects_of(budget)


def vote(budget: Budget, user, *positions: int) -> str:
    """Vote for the projects at ``positions`` (page order) and commit."""
    found = projects(budget)
    receipt = services.cast_vote(budget, user=user, chosen=[found[i].id for i in positions])
    db.session.commit()
    return receipt
