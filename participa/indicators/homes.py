"""What indicators show on the staff home (core.homes): the self-assessments to work on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import format_decimal as number
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from participa.core.authz import can
from participa.core.homes import StaffTask, list_task
from participa.extensions import db
from participa.indicators.models import Assessment, AssessmentStatus

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.municipalities.models import Municipality


def staff_tasks(user: Visitor, municipality: Municipality) -> list[StaffTask]:
    """Self-assessments in progress or returned by a reviewer, and those awaiting review."""
    if not can(user, "indicators.edit", municipality):
        return []
    counts = dict(
        db.session.execute(
            select(Assessment.status, func.count(Assessment.id))
            .where(Assessment.municipality_id == municipality.id)
            .group_by(Assessment.status)
        ).all()
    )
    to_work = counts.get(AssessmentStatus.DRAFT, 0) + counts.get(AssessmentStatus.RETURNED, 0)
    submitted = counts.get(AssessmentStatus.SUBMITTED, 0)
    return list_task(
        _("Indicators self-assessment"),
        "indicators.list",
        municipality,
        ngettext(
            "%(count)s self-assessment to complete or correct.",
            "%(count)s self-assessments to complete or correct.",
            to_work,
            count=number(to_work),
        ),
        ngettext(
            "%(count)s waiting for review.",
            "%(count)s waiting for review.",
            submitted,
            count=number(submitted),
        ),
        waiting=to_work,
        order=60,
    )
