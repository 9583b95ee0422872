"""What the indicators count on the network's results dashboard (core.results)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.core.results import ResultCount, counted_monthly
from participa.indicators.models import Assessment, AssessmentStatus


def results() -> list[ResultCount]:
    """Self-assessments published (validated by a reviewer), per member and month (one query)."""
    return counted_monthly(
        Assessment.municipality_id,
        Assessment.validated_at,
        Assessment.status == AssessmentStatus.VALIDATED,
        measure="assessments_published",
        label=_l("Self-assessments published"),
        order=60,
    )
