"""The proposals, as an open dataset: described in ``datasets.json``, read by the query below
(see participa.core.datasets)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, func, select

from participa.accounts.models import User
from participa.consultations.models import Category, Consultation
from participa.core.datasets import described, fields_of
from participa.places.models import District
from participa.proposals.models import Proposal


def _proposals(municipality_id: int) -> Select[*tuple[Any, ...]]:
    return (
        select(
            *fields_of(Proposal, "id", "consultation_id", "title", "body"),
            Category.name.label("topic"),
            # A deleted participant's proposal stays, anonymised.
            case((User.deleted_at.is_(None), User.display_name), else_=None).label("author"),
            Proposal.state.label("state"),
            Proposal.supports_count.label("supports"),
            Proposal.comments_count.label("comments"),
            Proposal.qualifies.label("qualifies"),
            Proposal.answer_text.label("answer"),
            *fields_of(Proposal, "answered_at", "merged_into_id"),
            Proposal.location_text.label("place"),
            District.name.label("district"),
            *fields_of(Proposal, "latitude", "longitude", "created_at"),
            func.coalesce(Proposal.answered_at, Proposal.edited_at, Proposal.created_at).label(
                "changed_at"
            ),
        )
        .join(Consultation, Consultation.id == Proposal.consultation_id)
        .outerjoin(Category, Category.id == Proposal.category_id)
        .outerjoin(District, District.id == Proposal.district_id)
        .outerjoin(User, User.id == Proposal.author_id)
        .where(
            Proposal.municipality_id == municipality_id,
            Proposal.hidden_at.is_(None),
            Consultation.status != "draft",
        )
    )


contributions = described(__package__, {"proposals": _proposals})
