"""The proposals, as an open dataset (see participa.core.datasets)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, case, func, select

from participa.accounts.models import User
from participa.consultations.models import Category, Consultation
from participa.core.datasets import Column, Dataset
from participa.core.features import Contributions
from participa.proposals.models import STATES, Proposal

contributions = Contributions()


def _proposals(municipality_id: int) -> Select[*tuple[Any, ...]]:
    return (
        select(
            Proposal.id.label("id"),
            Proposal.consultation_id.label("consultation_id"),
            Proposal.title.label("title"),
            Proposal.body.label("body"),
            Category.name.label("topic"),
            # A deleted participant's proposal stays, anonymised.
            case((User.deleted_at.is_(None), User.display_name), else_=None).label("author"),
            Proposal.state.label("state"),
            Proposal.supports_count.label("supports"),
            Proposal.comments_count.label("comments"),
            Proposal.qualifies.label("qualifies"),
            Proposal.answer_text.label("answer"),
            Proposal.answered_at.label("answered_at"),
            Proposal.merged_into_id.label("merged_into_id"),
            Proposal.location_text.label("place"),
            Proposal.latitude.label("latitude"),
            Proposal.longitude.label("longitude"),
            Proposal.created_at.label("created_at"),
            func.coalesce(Proposal.answered_at, Proposal.edited_at, Proposal.created_at).label(
                "changed_at"
            ),
        )
        .join(Consultation, Consultation.id == Proposal.consultation_id)
        .outerjoin(Category, Category.id == Proposal.category_id)
        .outerjoin(User, User.id == Proposal.author_id)
        .where(
            Proposal.municipality_id == municipality_id,
            Proposal.hidden_at.is_(None),
            Consultation.status != "draft",
        )
    )


contributions.add("dataset", Dataset(
    name="proposals",
    title=_l("Proposals"),
    description=_l("Citizen proposals visible to everyone, with their supports and the "
                   "municipality's official answers."),
    columns=(
        Column("id", "integer", _l("Number of the proposal")),
        Column("consultation_id", "integer", _l("The consultation (see the consultations "
                                                "dataset)")),
        Column("title", "string", _l("Title")),
        Column("body", "string", _l("Text, in Markdown")),
        Column("topic", "string", _l("Topic (empty when none)")),
        Column("author", "string", _l("Public name of the author; empty when the account "
                                      "was deleted")),
        Column("state", "string", _l("State of the proposal"), values=STATES),
        Column("supports", "integer", _l("Supports received")),
        Column("comments", "integer", _l("Comments visible to everyone")),
        Column("qualifies", "boolean", _l("Whether it reached the supports needed")),
        Column("answer", "string", _l("Official answer, in Markdown (empty when unanswered)")),
        Column("answered_at", "datetime", _l("When it was answered")),
        Column("merged_into_id", "integer", _l("The proposal it was merged into, if any")),
        Column("place", "string", _l("Place, as the author described it")),
        Column("latitude", "number", _l("Latitude (WGS 84), when given")),
        Column("longitude", "number", _l("Longitude (WGS 84), when given")),
        Column("created_at", "datetime", _l("When it was published")),
        Column("changed_at", "datetime", _l("Last edit or answer")),
    ),
    query=_proposals,
    changed="changed_at",
    keywords=("propuestas", "participación", "proposals"),
))  # fmt: skip
