"""What moderation shows on the staff home (core.homes): the queue and what waits in it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import url_for
from flask_babel import format_decimal as number
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from participa.core.authz import can
from participa.core.homes import StaffTask
from participa.extensions import db
from participa.moderation import registry
from participa.moderation.models import Report

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.municipalities.models import Municipality


def waiting(municipality_id: int) -> int:
    """Reported contributions with open reports, plus contributions waiting for approval."""
    reported = (
        select(Report.reportable_type, Report.reportable_id)
        .where(Report.municipality_id == municipality_id, Report.resolved_at.is_(None))
        .distinct()
        .subquery()
    )
    total = db.session.scalar(select(func.count()).select_from(reported)) or 0
    for kind in registry.registered_kinds():
        model: Any = registry.reportable(kind).model
        if not hasattr(model, "pending_review"):
            continue
        query = select(func.count(model.id)).where(
            model.municipality_id == municipality_id, model.pending_review.is_(True)
        )
        if hasattr(model, "deleted_at"):
            query = query.where(model.deleted_at.is_(None))
        total += db.session.scalar(query) or 0
    return total


def staff_tasks(user: Visitor, municipality: Municipality) -> list[StaffTask]:
    """The moderation queue, with how many contributions wait in it."""
    if not can(user, "moderation.moderate", municipality):
        return []
    count = waiting(municipality.id)
    return [
        StaffTask(
            title=_("Moderation queue"),
            url=url_for("moderation.queue", municipality=municipality.slug),
            text=ngettext(
                "%(count)s contribution waits for a moderator.",
                "%(count)s contributions wait for a moderator.",
                count,
                count=number(count),
            ),
            waiting=count,
            order=40,
        )
    ]
