"""Budget results, as an open dataset: described in ``datasets.json``, read by the query below
(see participa.core.datasets); one row per project of every closed budget, with its votes and
whether it is funded; never a ballot or a voter."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from participa.budgets.models import (
    Budget,
    BudgetDistrict,
    BudgetProject,
    BudgetStatus,
)
from participa.core.datasets import described, fields_of


def _results(municipality_id: int) -> Select[*tuple[Any, ...]]:
    return (
        select(
            BudgetProject.id.label("project_id"),
            Budget.id.label("budget_id"),
            Budget.consultation_id.label("consultation_id"),
            Budget.title.label("budget"),
            BudgetDistrict.name.label("district"),
            BudgetProject.title.label("project"),
            BudgetProject.cost.label("cost"),
            Budget.currency.label("currency"),
            *fields_of(BudgetProject, "votes", "funded"),
            Budget.result_rule.label("rule"),
            *fields_of(Budget, "closed_at", "updated_at"),
        )
        .join(Budget, Budget.id == BudgetProject.budget_id)
        .outerjoin(BudgetDistrict, BudgetDistrict.id == BudgetProject.district_id)
        .where(Budget.municipality_id == municipality_id, Budget.status == BudgetStatus.CLOSED)
    )


contributions = described(__package__, {"budget-results": _results})
