"""Who may prepare, open and close budgets, vote on them, and read or export their results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from participa.budgets import services
from participa.core.authz import Rules, can, is_staff

if TYPE_CHECKING:
    from participa.budgets.models import Budget
    from participa.consultations.models import Consultation
    from participa.core.authz import Visitor

rules = Rules()


def can_view(user: Visitor, budget: Budget | None) -> bool:
    """Public with its consultation once opened; drafts only for staff."""
    if budget is None or not can(user, "consultations.view", budget.consultation):
        return False
    return not budget.is_draft or is_staff(user, budget)


def can_create(user: Visitor, consultation: Consultation) -> bool:
    """Staff of the consultation's municipality, while it is not archived."""
    return is_staff(user, consultation) and not consultation.is_archived


def can_edit(user: Visitor, budget: Budget) -> bool:
    """Staff, until the budget closes (once open, only its wording)."""
    return is_staff(user, budget) and not budget.is_closed


def can_edit_projects(user: Visitor, budget: Budget) -> bool:
    """Staff, while the budget is a draft."""
    return is_staff(user, budget) and budget.is_draft


def can_open(user: Visitor, budget: Budget) -> bool:
    """Staff open a draft budget."""
    return is_staff(user, budget) and budget.is_draft


def can_close(user: Visitor, budget: Budget) -> bool:
    """Staff close an open budget."""
    return is_staff(user, budget) and budget.is_open


def can_participate(user: Visitor, budget: Budget) -> bool:
    """People meeting the budget's rule (registered, or verified residents), on a visible one."""
    return can_view(user, budget) and not budget.is_draft and services.may_vote(user, budget)


def can_vote(user: Visitor, budget: Budget) -> bool:
    """People meeting the budget's rule, while voting is open."""
    return can_participate(user, budget) and services.voting_is_open(budget)


def can_view_results(user: Visitor, budget: Budget) -> bool:
    """Everyone who sees the budget, once it is closed."""
    return can_view(user, budget) and budget.is_closed


def can_export(user: Visitor, budget: Budget) -> bool:
    """Staff export a closed budget as Pabulib files (they list every anonymous ballot)."""
    return is_staff(user, budget) and budget.is_closed


rules.register("budgets.view", can_view)
rules.register("budgets.create", can_create)
rules.register("budgets.edit", can_edit)
rules.register("budgets.edit_projects", can_edit_projects)
rules.register("budgets.open", can_open)
rules.register("budgets.close", can_close)
rules.register("budgets.participate", can_participate)
rules.register("budgets.vote", can_vote)
rules.register("budgets.view_results", can_view_results)
rules.register("budgets.export", can_export)
