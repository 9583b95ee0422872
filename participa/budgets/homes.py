"""What participatory budgets show on the homes (core.homes): open budgets, published results."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from participa.budgets.models import Budget, BudgetStatus
from participa.consultations.services import closed_in_public, open_in_public
from participa.core.homes import Activity, OpenItem, activities, open_item


def open_now(municipality_id: int | None, limit: int) -> list[OpenItem]:
    """Budgets open for voting."""
    items = []
    for budget in open_in_public(
        Budget, BudgetStatus.DRAFT, BudgetStatus.OPEN, municipality_id, limit
    ):
        items.append(
            open_item(
                budget,
                "budgets.detail",
                budget_id=budget.id,
                kind=_("Participatory budget"),
                state=_("Voting open"),
                closes_at=budget.consultation.voting_ends_at,
            )
        )
    return items


def activity(municipality_id: int | None, limit: int) -> list[Activity]:
    """Budgets whose results were published (at their close)."""
    return activities(
        closed_in_public(Budget, BudgetStatus.DRAFT, BudgetStatus.CLOSED, municipality_id, limit),
        _("Participatory budget results published"),
        lambda slug, budget_id: url_for("budgets.results", municipality=slug, budget_id=budget_id),
    )
