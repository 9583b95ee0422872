"""What the indicators count on the network's results dashboard (core.results)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participa.core.results import ResultCount, month_of, monthly
from participa.extensions import db
from participa.indicators.models import Assessment, AssessmentStatus


def results() -> list[ResultCount]:
    """Self-assessments published (validated by a reviewer), per member and month (one query)."""
    month = month_of(Assessment.validated_at)
    rows = db.session.execute(
        select(Assessment.municipality_id, month, func.count())
        .where(
            Assessment.status == AssessmentStatus.VALIDATED, Assessment.validated_at.is_not(None)
        )
        .group_by(Assessment.municipality_id, month)
    )
    return monthly(rows, "assessments_published", _l("Self-assessments published"), order=60)
