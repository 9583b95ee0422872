"""What site-wide search shows of proposals: the visible ones of published consultations."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from participa.consultations.models import Consultation, ConsultationStatus
from participa.core.features import Contributions
from participa.core.search import page_document
from participa.core.text import markdown_text
from participa.extensions import db
from participa.proposals.models import Proposal

contributions = Contributions()


def proposal_document(proposal: Proposal) -> dict[str, Any] | None:
    """The search document of ``proposal``, or None while the public may not see it."""
    # Loaded by id: a proposal added in this flush has no relationship loaded yet.
    consultation = db.session.get(Consultation, proposal.consultation_id)
    if proposal.hidden_at is not None or consultation is None:
        return None
    if consultation.status == ConsultationStatus.DRAFT:
        return None
    body = markdown_text(proposal.body)
    if proposal.location_text:
        body = f"{body} {proposal.location_text}"
    return page_document(
        proposal,
        "proposals.detail",
        proposal_id=proposal.id,
        body=body,
        dated_at=proposal.created_at,
    )


contributions.add(
    "searchable",
    "proposal",
    Proposal,
    label=_l("Proposals"),
    document=proposal_document,
    # Their consultations loaded with them: the reindex reads one per proposal.
    every=lambda: select(Proposal).options(joinedload(Proposal.consultation)),
    watch=("title", "body", "location_text", "hidden_at", "consultation_id"),
    depends_on=(
        (
            Consultation,
            ("status",),
            lambda c: select(Proposal).where(Proposal.consultation_id == c.id),
        ),
    ),
    order=20,
)
