"""Budget results, as an open dataset (see participa.core.datasets): one row per project of
every closed budget, with its votes and whether it is funded; never a ballot or a voter."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from participa.budgets.models import (
    RESULT_RULES,
    Budget,
    BudgetDistrict,
    BudgetProject,
    BudgetStatus,
)
from participa.core.datasets import Column, Dataset
from participa.core.features import Contributions

contributions = Contributions()


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
            BudgetProject.votes.label("votes"),
            BudgetProject.funded.label("funded"),
            Budget.result_rule.label("rule"),
            Budget.closed_at.label("closed_at"),
            Budget.updated_at.label("updated_at"),
        )
        .join(Budget, Budget.id == BudgetProject.budget_id)
        .outerjoin(BudgetDistrict, BudgetDistrict.id == BudgetProject.district_id)
        .where(Budget.municipality_id == municipality_id, Budget.status == BudgetStatus.CLOSED)
    )


contributions.add("dataset", Dataset(
    name="budget-results",
    title=_l("Participatory budget results"),
    description=_l("Every project of every closed participatory budget: its cost, the ballots "
                   "that chose it and whether it is funded. No ballot and no voter appears in "
                   "it."),
    columns=(
        Column("project_id", "integer", _l("Number of the project")),
        Column("budget_id", "integer", _l("Number of the budget")),
        Column("consultation_id", "integer", _l("The consultation it was held in")),
        Column("budget", "string", _l("Title of the budget")),
        Column("district", "string", _l("The district whose money the project shares (empty: "
                                        "the whole municipality)")),
        Column("project", "string", _l("Title of the project")),
        Column("cost", "number", _l("Cost of the project")),
        Column("currency", "string", _l("Currency of the cost (ISO 4217)")),
        Column("votes", "integer", _l("Ballots that chose the project")),
        Column("funded", "boolean", _l("Whether the budget's rule funds the project")),
        Column("rule", "string", _l("How the funded projects were chosen"),
               values=RESULT_RULES),
        Column("closed_at", "datetime", _l("When voting closed")),
        Column("updated_at", "datetime", _l("Last change of the budget")),
    ),
    query=_results,
    key="project_id",
    changed="updated_at",
    keywords=("presupuesto participativo", "participatory budgeting", "resultados"),
))  # fmt: skip
