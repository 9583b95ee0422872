"""What participatory budgets show on the homes (core.homes): open budgets, published results."""

from __future__ import annotations

from typing import TypeVar

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from participa.budgets.models import Budget, BudgetStatus
from participa.consultations.models import PhaseKind
from participa.consultations.services import closed_in_public, held_in_public
from participa.core.homes import Activity, OpenItem, Where
from participa.extensions import db

Q = TypeVar("Q")  # a SELECT of any columns, returned with its own type


def _public(query: Q, municipality_id: int | None) -> Q:
    """Budgets everyone may see (see ``consultations.services.held_in_public``)."""
    return held_in_public(query, Budget, BudgetStatus.DRAFT, municipality_id)


def open_now(municipality_id: int | None, limit: int) -> list[OpenItem]:
    """Budgets open for voting."""
    query = (
        _public(select(Budget), municipality_id)
        .options(contains_eager(Budget.municipality), contains_eager(Budget.consultation))
        .where(Budget.status == BudgetStatus.OPEN)
        .order_by(Budget.opened_at.desc(), Budget.id.desc())
        .limit(limit)
    )
    items = []
    for budget in db.session.scalars(query).unique():
        ends = [p.ends_at for p in budget.consultation.phases if p.kind == PhaseKind.VOTING]
        items.append(
            OpenItem(
                kind=_("Participatory budget"),
                title=budget.title,
                url=url_for(
                    "budgets.detail", municipality=budget.municipality.slug, budget_id=budget.id
                ),
                state=_("Voting open"),
                where=Where(budget.municipality.slug, budget.municipality.name),
                participation=budget.participation,
                closes_at=max(ends) if ends else None,
            )
        )
    return items


def activity(municipality_id: int | None, limit: int) -> list[Activity]:
    """Budgets whose results were published (at their close)."""
    rows = closed_in_public(Budget, BudgetStatus.DRAFT, BudgetStatus.CLOSED, municipality_id, limit)
    return [
        Activity(
            at,
            _("Participatory budget results published"),
            title,
            url_for("budgets.results", municipality=slug, budget_id=budget_id),
            Where(slug, name),
        )
        for budget_id, title, at, slug, name in rows
        if at is not None  # the query keeps closed ones only
    ]
