"""What consultations count on the network's results dashboard (core.results)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participa.consultations.models import Consultation, ConsultationStatus
from participa.core.results import ResultCount, month_of, monthly
from participa.extensions import db


def results() -> list[ResultCount]:
    """Consultations held (published, archived ones included), per member and month of
    publication (one query)."""
    month = month_of(Consultation.published_at)
    rows = db.session.execute(
        select(Consultation.municipality_id, month, func.count())
        .where(
            Consultation.status.in_((ConsultationStatus.PUBLISHED, ConsultationStatus.ARCHIVED)),
            Consultation.published_at.is_not(None),
        )
        .group_by(Consultation.municipality_id, month)
    )
    return monthly(rows, "consultations_held", _l("Consultations held"), order=10)
