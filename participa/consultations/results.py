"""What consultations count on the network's results dashboard (core.results)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.consultations.models import Consultation, ConsultationStatus
from participa.core.results import ResultCount, counted_monthly


def results() -> list[ResultCount]:
    """Consultations held (published, archived ones included), per member and month of
    publication (one query)."""
    return counted_monthly(
        Consultation.municipality_id,
        Consultation.published_at,
        Consultation.status.in_((ConsultationStatus.PUBLISHED, ConsultationStatus.ARCHIVED)),
        measure="consultations_held",
        label=_l("Consultations held"),
        order=10,
    )
