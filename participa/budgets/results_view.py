"""Results as people read them: a chart with its table per pool, and the CSV and JSON downloads.

No download names a person: projects, costs, vote counts and receipt codes only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _
from markupsafe import Markup

from participa.budgets.models import Budget
from participa.budgets.rules import money
from participa.budgets.services import PoolResult
from participa.core.charts import bar_chart
from participa.core.downloads import json_time

CSV_HEADER = [
    "district",
    "pool_amount",
    "project_id",
    "title",
    "cost",
    "currency",
    "votes",
    "funded",
]


@dataclass
class PoolView:
    result: PoolResult
    chart: Markup
    headers: list[str]
    rows: list[list[Any]]


def present(budget: Budget, pools: Sequence[PoolResult]) -> list[PoolView]:
    """A chart of votes per project, with its data table, for each pool."""
    views = []
    for result in pools:
        name = result.pool.name
        title = (
            _("Votes per project in %(district)s", district=name)
            if name
            else _("Votes per project")
        )
        chart = bar_chart(
            [(p.title, p.votes) for p in result.projects],
            title=title,
            description=_("Bars show how many ballots chose each project; funded projects are "
                          "marked in the table."),
        )  # fmt: skip
        rows = [
            [p.title, money(p.cost, budget.currency), format_decimal(p.votes),
             _("Funded") if p.funded else _("Not funded")]
            for p in result.projects
        ]  # fmt: skip
        headers = [_("Project"), _("Cost"), _("Votes"), _("Outcome")]
        views.append(PoolView(result, chart, headers, rows))
    return views


def csv_lines(budget: Budget, pools: Sequence[PoolResult]) -> Iterator[list[Any]]:
    """One row per project."""
    for result in pools:
        for project in result.projects:
            yield [
                result.pool.name,
                f"{result.pool.amount:.2f}",
                project.key,
                project.title,
                f"{project.cost:.2f}",
                budget.currency,
                project.votes,
                "yes" if project.funded else "no",
            ]


def as_json(
    budget: Budget,
    pools: Sequence[PoolResult],
    proposals: dict[int, list[int]],
    receipts: list[str],
) -> dict[str, Any]:
    """The results as plain data."""
    return {
        "budget": {
            "id": budget.id,
            "title": budget.title,
            "consultation_id": budget.consultation_id,
            "currency": budget.currency,
            "total_amount": f"{budget.total_amount:.2f}",
            "vote_rule": budget.vote_rule,
            "max_projects": budget.max_projects,
            "min_spend_percent": budget.min_spend_percent,
            "result_rule": budget.result_rule,
            "opened_at": json_time(budget.opened_at),
            "closed_at": json_time(budget.closed_at),
            "ballots": budget.ballots_count,
        },
        "pools": [
            {
                "district": result.pool.name or None,
                "amount": f"{result.pool.amount:.2f}",
                "voters": result.voters,
                "funded_cost": f"{result.funded_cost:.2f}",
                "left": f"{result.left:.2f}",
                "projects": [
                    {
                        "id": p.id,
                        "key": p.key,
                        "title": p.title,
                        "cost": f"{p.cost:.2f}",
                        "location": p.location_text,
                        "votes": p.votes,
                        "funded": p.funded,
                        "proposal_ids": proposals.get(p.id, []),
                    }
                    for p in result.projects
                ],
            }
            for result in pools
        ],
        "receipts": receipts,
    }
