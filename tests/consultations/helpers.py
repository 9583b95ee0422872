"""Builders for consultations, proposals and supports shared by the consultation and proposal
tests."""

from __future__ import annotations

from datetime import timedelta

from participa.consultations.models import PHASE_KINDS, Consultation, Phase
from participa.db import utcnow
from participa.extensions import db
from participa.proposals import search
from participa.proposals.models import Proposal, Support
from tests import factories


def make_consultation(
    municipality, *, phase: str | None = "proposals", status="published", **fields
) -> Consultation:
    """A consultation with a timeline of consecutive 10-day phases where ``phase`` is open now.

    ``phase=None`` makes every phase lie in the future.
    """
    now = utcnow()
    index = PHASE_KINDS.index(phase) if phase else -1
    consultation = Consultation(
        municipality_id=municipality.id,
        title=fields.pop("title", "Presupuesto participativo"),
        summary=fields.pop("summary", "Decidimos juntos en qué invertir."),
        body=fields.pop("body", "Texto de la consulta."),
        status=status,
        published_at=now if status != "draft" else None,
        **fields,
    )
    start = (
        now - timedelta(days=5) - timedelta(days=10 * index) if phase else now + timedelta(days=1)
    )
    for position, kind in enumerate(PHASE_KINDS):
        consultation.phases.append(
            Phase(
                kind=kind,
                position=position,
                starts_at=start + timedelta(days=10 * position),
                ends_at=start + timedelta(days=10 * (position + 1)),
            )
        )
    db.session.add(consultation)
    db.session.commit()
    return consultation


def make_proposal(consultation, author=None, **fields) -> Proposal:
    author = author or factories.UserFactory()
    proposal = Proposal(
        municipality_id=consultation.municipality_id,
        consultation_id=consultation.id,
        author_id=author.id,
        title=fields.pop("title", "Más árboles en la plaza"),
        body=fields.pop("body", "Plantar árboles nativos en la plaza central del barrio."),
        **fields,
    )
    db.session.add(proposal)
    db.session.flush()
    search.index_proposal(db.session, proposal)
    consultation.proposals_count += 1
    db.session.commit()
    return proposal


def add_supports(proposal, users) -> None:
    for user in users:
        db.session.add(
            Support(
                user_id=user.id,
                proposal_id=proposal.id,
                consultation_id=proposal.consultation_id,
                municipality_id=proposal.municipality_id,
            )
        )
    proposal.supports_count += len(users)
    db.session.commit()
