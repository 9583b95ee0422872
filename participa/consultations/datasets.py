"""The consultations and their phases, as open datasets: described in ``datasets.json``, read by
the queries below (see participa.core.datasets)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from participa.consultations.models import Category, Consultation, Phase
from participa.core.datasets import described, fields_of


def _consultations(municipality_id: int) -> Select[*tuple[Any, ...]]:
    return (
        select(
            *fields_of(Consultation, "id", "title", "summary"),
            Category.name.label("topic"),
            *fields_of(Consultation, "status", "participation"),
            Consultation.proposals_count.label("proposals"),
            Consultation.supports_count.label("supports"),
            Consultation.participants_count.label("participants"),
            Consultation.comments_count.label("comments"),
            *fields_of(Consultation, "published_at", "archived_at", "updated_at"),
        )
        .outerjoin(Category, Category.id == Consultation.category_id)
        .where(Consultation.municipality_id == municipality_id, Consultation.status != "draft")
    )


def _phases(municipality_id: int) -> Select[*tuple[Any, ...]]:
    return (
        select(
            *fields_of(Phase, "id", "consultation_id"),
            Phase.kind.label("phase"),
            *fields_of(Phase, "starts_at", "ends_at"),
            Consultation.updated_at.label("updated_at"),
        )
        .join(Consultation, Consultation.id == Phase.consultation_id)
        .where(Consultation.municipality_id == municipality_id, Consultation.status != "draft")
    )


contributions = described(
    __package__,
    {
        "consultations": _consultations,
        "consultation-phases": _phases,
    },
)
