"""What budgets add to other features: a section on the consultation page, funded projects as
sources of follow-up results, and the person's record of having voted (never what)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from participa.budgets import services
from participa.budgets.models import Budget, BudgetProject, BudgetStatus
from participa.core.features import Contributions
from participa.core.sections import consultation_section
from participa.extensions import db
from participa.voting.models import BoxVoter

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.features import Evidence
    from participa.municipalities.models import Municipality

contributions = Contributions()


contributions.add(
    "consultation_section",
    consultation_section(
        "budgets",
        manage="budgets.create",
        linked="budgets",
        name="budgets",
        listed=services.budgets_query,
    ),
)


def project_url(project: BudgetProject) -> str:
    return url_for(
        "budgets.project", municipality=project.budget.municipality.slug, project_id=project.id
    )


def _load_project(municipality_id: int, project_id: int) -> BudgetProject | None:
    project = db.session.get(BudgetProject, project_id)
    if project is None or project.municipality_id != municipality_id:
        return None
    return project if not project.budget.is_draft else None


def _steps(project: BudgetProject) -> list[tuple[Any, str, str | None]]:
    # The decision chain shown on the follow-up page: proposal → budget → vote.
    budget = project.budget
    slug = budget.municipality.slug
    steps: list[tuple[Any, str, str | None]] = [
        (_l("Proposal"), proposal.title,
         url_for("proposals.detail", municipality=slug, proposal_id=proposal.id))
        for proposal in services.linked_proposals([project]).get(project.id, [])
    ]  # fmt: skip
    steps.append(
        (_l("Participatory budget"), budget.title,
         url_for("budgets.detail", municipality=slug, budget_id=budget.id))
    )  # fmt: skip
    if budget.is_closed:
        votes = ngettext("%(num)s vote", "%(num)s votes", project.votes)
        steps.append(
            (_l("Vote"), votes, url_for("budgets.results", municipality=slug, budget_id=budget.id))
        )
    return steps


# Follow-up results carry out funded projects; the follow-up feature opens them through its
# receiver of ``budget_closed`` (see participa.budgets.hooks).
contributions.add(
    "followup_source",
    "budget_project",
    load=_load_project,
    url=project_url,
    title=lambda p: p.title,
    label=_l("Funded budget project"),
    steps=_steps,
)


def _export_budget_votes(user: User) -> list[dict[str, Any]]:
    # That the person voted on a budget, and how; what they chose is linked to no one.
    rows = db.session.execute(
        select(BoxVoter.channel, BoxVoter.created_at, Budget.id, Budget.title)
        .join(Budget, Budget.box_id == BoxVoter.box_id)
        .where(BoxVoter.user_id == user.id)
        .order_by(BoxVoter.id)
    )
    return [
        {"budget_id": budget_id, "budget_title": title, "channel": channel,
         "recorded_at": created_at.isoformat()}
        for channel, created_at, budget_id, title in rows
    ]  # fmt: skip


contributions.add("personal_data_export", "budget_votes_cast", _export_budget_votes)


def _budget_evidence(municipality: Municipality, now: datetime, since: datetime) -> Evidence:
    # PAR-03: budgets voted in the period; a closed one links to its results page (the funded
    # projects), an open one to its projects.
    query = (
        select(Budget)
        .where(
            Budget.municipality_id == municipality.id,
            Budget.status != BudgetStatus.DRAFT,
            Budget.opened_at <= now,
            (Budget.closed_at.is_(None)) | (Budget.closed_at >= since),
        )
        .order_by(Budget.opened_at.desc())
        .limit(3)
    )
    slug = municipality.slug
    return [
        (b.title, url_for("budgets.results" if b.is_closed else "budgets.detail",
                          municipality=slug, budget_id=b.id))
        for b in db.session.scalars(query)
    ]  # fmt: skip


contributions.add("indicator_evidence", "participatory_budget", _budget_evidence)
