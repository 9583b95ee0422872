"""What follow-up shows on the homes (core.homes): the latest updates, and updates due (staff)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from flask import url_for
from flask_babel import format_decimal as number
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, or_, select

from participa.core.authz import can
from participa.core.homes import Activity, StaffTask, activities, list_task
from participa.db import utcnow
from participa.extensions import db
from participa.followup.models import Milestone, Result, ResultUpdate, Status
from participa.municipalities.models import Municipality
from participa.municipalities.services import of_live_members

if TYPE_CHECKING:
    from participa.core.authz import Visitor

# A result under way with no update for this long is due one: people follow it to see progress.
UPDATE_DUE_AFTER = timedelta(days=90)


def activity(municipality_id: int | None, limit: int) -> list[Activity]:
    """The newest updates of results (results are public)."""
    columns = select(
        Result.id, Result.title, ResultUpdate.created_at, Municipality.slug, Municipality.name
    )
    query = (
        of_live_members(
            columns.select_from(ResultUpdate).join(Result, Result.id == ResultUpdate.result_id),
            Result.municipality_id,
            municipality_id,
        )
        .order_by(ResultUpdate.created_at.desc(), ResultUpdate.id.desc())
        .limit(limit)
    )
    return activities(
        db.session.execute(query).all(),
        _("Follow-up update"),
        lambda slug, result_id: url_for("followup.detail", municipality=slug, result_id=result_id),
    )


def staff_tasks(user: Visitor, municipality: Municipality) -> list[StaffTask]:
    """Results under way without a recent update, and milestones past their due date."""
    if not can(user, "followup.manage", municipality):
        return []
    stale = (
        db.session.scalar(
            select(func.count(Result.id)).where(
                Result.municipality_id == municipality.id,
                Result.status.in_((Status.PLANNED, Status.IN_PROGRESS)),
                or_(
                    Result.last_update_at.is_(None),
                    Result.last_update_at < utcnow() - UPDATE_DUE_AFTER,
                ),
            )
        )
        or 0
    )
    overdue = (
        db.session.scalar(
            select(func.count(Milestone.id))
            .join(Result, Result.id == Milestone.result_id)
            .where(
                Milestone.municipality_id == municipality.id,
                Milestone.done_date.is_(None),
                Milestone.due_date < utcnow().date(),
                Result.status.in_((Status.PLANNED, Status.IN_PROGRESS)),
            )
        )
        or 0
    )
    return list_task(
        _("Follow-up updates due"),
        "followup.list",
        municipality,
        ngettext(
            "%(count)s result has had no update for three months.",
            "%(count)s results have had no update for three months.",
            stale,
            count=number(stale),
        ),
        ngettext(
            "%(count)s milestone is past its due date.",
            "%(count)s milestones are past their due date.",
            overdue,
            count=number(overdue),
        ),
        waiting=stale + overdue,
        order=70,
    )
