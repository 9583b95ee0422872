"""Make results followable and linkable from procurement processes, and follow the answers of
proposals and the close of budgets: an accepted proposal and a funded budget project get their
result (proposals and budgets import nothing from here)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.core.features import Contributions
from participa.extensions import db
from participa.followup import services
from participa.followup.models import Result, Status
from participa.followup.queries import LINK_KIND
from participa.indicators.services import latest_in_period

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.budgets.models import Budget, BudgetProject
    from participa.core.features import Evidence
    from participa.municipalities.models import Municipality
    from participa.proposals.models import Proposal

contributions = Contributions()


def result_url(result: Result) -> str:
    return services.result_path(result)


def _load(municipality_id: int, result_id: int) -> Result | None:
    result = db.session.get(Result, result_id)
    return result if result is not None and result.municipality_id == municipality_id else None


# Results are public: anyone confirmed may follow them.
contributions.add("followable", "result", Result, url=result_url)
# Staff link a procurement process to the result it carries out (any source kind).
contributions.add(
    "contracting_link_target",
    LINK_KIND,
    label=_l("Follow-up result"),
    load=_load,
    url=result_url,
    title=lambda r: r.title,
)


def _proposal_answered(proposal: Proposal, *, old_state: str, actor: User) -> None:
    # Accepted: its follow-up opens. Implemented: it is completed. Rejected after being
    # accepted: its follow-up is cancelled. Proposal states are plain strings here.
    state = proposal.state
    if state in ("accepted", "implemented"):
        result = services.ensure_result(
            proposal.municipality, "proposal", proposal.id, title=proposal.title,
            actor=actor, description=proposal.answer_text,
        )  # fmt: skip
        if state == "implemented" and result.status != Status.COMPLETED:
            services.update_result(result, actor=actor, status=Status.COMPLETED, progress=100,
                                   note=proposal.answer_details or None)  # fmt: skip
    elif state == "rejected" and old_state == "accepted":
        found = services.result_of(proposal.municipality, "proposal", proposal.id)
        if found is not None and found.status != Status.CANCELLED:
            services.update_result(found, actor=actor, status=Status.CANCELLED,
                                   progress=found.progress,
                                   note=proposal.answer_details or None)  # fmt: skip


contributions.add("proposal_answered", _proposal_answered)


def _budget_closed(budget: Budget, *, funded: Sequence[BudgetProject], actor: User | None) -> None:
    # Each project the budget funds gets its follow-up result (budgets import nothing from here;
    # the "budget_project" source is theirs).
    for project in funded:
        services.ensure_result(
            budget.municipality, "budget_project", project.id, title=project.title,
            amount=project.cost, district=project.district.name if project.district else None,
            actor=actor, description=project.description or None, currency=budget.currency,
        )  # fmt: skip


contributions.add("budget_closed", _budget_closed)


def _project_links(project: Any) -> list[tuple[Any, str]]:
    # A funded project's page leads to its follow-up: status, progress and contracts.
    result = services.result_of(project.budget.municipality, "budget_project", project.id)
    return [] if result is None else [(_l("Follow its execution"), result_url(result))]


contributions.add("budget_project_links", _project_links)


def _followup_evidence(municipality: Municipality, now: datetime, since: datetime) -> Evidence:
    # PAR-10: results whose progress was published in the period.
    found = latest_in_period(
        Result, Result.last_update_at, municipality, now, since, Result.last_update_at.is_not(None)
    )
    return [(r.title, result_url(r)) for r in found]


contributions.add("indicator_evidence", "followup_published", _followup_evidence)


# INN-09 asks for a dashboard updated in the last six months, not twelve.
DASHBOARD_FRESHNESS = timedelta(days=183)


def _dashboard_evidence(municipality: Municipality, now: datetime, since: datetime) -> Evidence:
    # INN-09: the public follow-up page is a management dashboard once a result on it was
    # updated recently.
    fresh = db.session.scalar(
        select(Result.id)
        .where(
            Result.municipality_id == municipality.id,
            Result.last_update_at.is_not(None),
            Result.last_update_at >= max(since, now - DASHBOARD_FRESHNESS),
            Result.last_update_at <= now,
        )
        .limit(1)
    )
    if fresh is None:
        return []
    link = url_for("followup.list", municipality=municipality.slug)
    return [(_l("Public follow-up of results"), link)]


contributions.add("indicator_evidence", "management_dashboard", _dashboard_evidence)
