"""What consultations count on the network's results dashboard (core.results)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.consultations.models import Consultation, ConsultationStatus
from participa.core.results import ResultCount, counted_monthly


def results() -> list[ResultCount]:
    """Consultations held (published, archived ones included), per member and month of
    publication (one query)."""
    held = Consultation.status.in_((ConsultationStatus.PUBLISHED, ConsultationStatus.ARCHIVED))
    label = _l("Consultations held")
    return counted_monthly(
        Consultation, Consultation.published_at, held, "consultations_held", label, 10
    )
