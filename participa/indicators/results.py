"""What the indicators count on the network's results dashboard (core.results)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.core.results import ResultCount, counted_monthly
from participa.indicators.models import Assessment, AssessmentStatus


def results() -> list[ResultCount]:
    """Self-assessments published (validated by a reviewer), per member and month (one query)."""
    validated = Assessment.status == AssessmentStatus.VALIDATED
    label = _l("Self-assessments published")
    return counted_monthly(
        Assessment, Assessment.validated_at, validated, "assessments_published", label, 60
    )
