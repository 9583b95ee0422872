"""What site-wide search shows of consultations: every one but drafts."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from participa.consultations.models import Consultation, ConsultationStatus
from participa.core.features import Contributions
from participa.core.search import page_document
from participa.core.text import markdown_text

contributions = Contributions()


def consultation_document(consultation: Consultation) -> dict[str, Any] | None:
    """The search document of ``consultation``, or None while it is a draft."""
    if consultation.status == ConsultationStatus.DRAFT:
        return None
    return page_document(
        consultation,
        "consultations.detail",
        consultation_id=consultation.id,
        body=" ".join(filter(None, [consultation.summary, markdown_text(consultation.body)])),
        dated_at=consultation.published_at or consultation.created_at,
    )


contributions.add(
    "searchable",
    "consultation",
    Consultation,
    label=_l("Consultations"),
    document=consultation_document,
    watch=("title", "summary", "body", "status", "published_at"),
    order=10,
)
