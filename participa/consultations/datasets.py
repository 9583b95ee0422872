"""The consultations and their phases, as open datasets (see participa.core.datasets)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from participa.consultations.models import PHASE_KINDS, Category, Consultation, Phase
from participa.core.datasets import Column, Dataset
from participa.core.features import Contributions

contributions = Contributions()


def _consultations(municipality_id: int) -> Select[*tuple[Any, ...]]:
    return (
        select(
            Consultation.id.label("id"),
            Consultation.title.label("title"),
            Consultation.summary.label("summary"),
            Category.name.label("topic"),
            Consultation.status.label("status"),
            Consultation.participation.label("participation"),
            Consultation.proposals_count.label("proposals"),
            Consultation.supports_count.label("supports"),
            Consultation.participants_count.label("participants"),
            Consultation.comments_count.label("comments"),
            Consultation.published_at.label("published_at"),
            Consultation.archived_at.label("archived_at"),
            Consultation.updated_at.label("updated_at"),
        )
        .outerjoin(Category, Category.id == Consultation.category_id)
        .where(Consultation.municipality_id == municipality_id, Consultation.status != "draft")
    )


def _phases(municipality_id: int) -> Select[*tuple[Any, ...]]:
    return (
        select(
            Phase.id.label("id"),
            Phase.consultation_id.label("consultation_id"),
            Phase.kind.label("phase"),
            Phase.starts_at.label("starts_at"),
            Phase.ends_at.label("ends_at"),
            Consultation.updated_at.label("updated_at"),
        )
        .join(Consultation, Consultation.id == Phase.consultation_id)
        .where(Consultation.municipality_id == municipality_id, Consultation.status != "draft")
    )


contributions.add("dataset", Dataset(
    name="consultations",
    title=_l("Consultations"),
    description=_l("Every published participatory process, with its participation figures."),
    columns=(
        Column("id", "integer", _l("Number of the consultation on this platform")),
        Column("title", "string", _l("Title")),
        Column("summary", "string", _l("Summary")),
        Column("topic", "string", _l("Topic (empty when none)")),
        Column("status", "string", _l("Published, or archived once over"),
               values=("published", "archived")),
        Column("participation", "string", _l("Who may take part: anyone with an account, or "
                                             "verified residents only"),
               values=("registered", "verified")),
        Column("proposals", "integer", _l("Proposals visible to everyone")),
        Column("supports", "integer", _l("Supports given to its proposals")),
        Column("participants", "integer", _l("People who supported at least one proposal")),
        Column("comments", "integer", _l("Comments")),
        Column("published_at", "datetime", _l("When it was published")),
        Column("archived_at", "datetime", _l("When it was archived (empty while open)")),
        Column("updated_at", "datetime", _l("Last change")),
    ),
    query=_consultations,
    changed="updated_at",
    keywords=("participación", "consultas", "participation"),
))  # fmt: skip
contributions.add("dataset", Dataset(
    name="consultation-phases",
    title=_l("Consultation phases"),
    description=_l("The timeline of every published consultation: each phase and its dates."),
    columns=(
        Column("id", "integer", _l("Number of the phase")),
        Column("consultation_id", "integer", _l("The consultation (see the consultations "
                                                "dataset)")),
        Column("phase", "string", _l("Kind of phase"), values=PHASE_KINDS),
        Column("starts_at", "datetime", _l("When the phase opens")),
        Column("ends_at", "datetime", _l("When the phase ends")),
        Column("updated_at", "datetime", _l("Last change of the consultation")),
    ),
    query=_phases,
    changed="updated_at",
    keywords=("participación", "participation"),
))  # fmt: skip
