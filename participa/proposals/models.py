"""Citizen proposals in a consultation, and the supports people give them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.db import IdMixin, MunicipalityScopedMixin, cascade_fk, sql_in, utcnow
from participa.extensions import Model
from participa.places.models import District

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.consultations.models import Category, Consultation
    from participa.core.models import Upload
    from participa.municipalities.models import Municipality


class ProposalState(StrEnum):
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"
    UNDER_EVALUATION = "under_evaluation"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    IMPLEMENTED = "implemented"


STATES = tuple(state.value for state in ProposalState)


class Proposal(MunicipalityScopedMixin, Model):
    """An idea a person submits to a consultation, for others to support."""

    __tablename__ = "proposals"

    # Declared here, not by IdMixin: merged_into's remote_side refers to it.
    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(150))
    body: Mapped[str] = mapped_column(Text)
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL"), index=True
    )
    location_text: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    district_id: Mapped[int | None] = mapped_column(
        ForeignKey("districts.id", ondelete="SET NULL"), index=True
    )
    image_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(
        String(20), default=ProposalState.PUBLISHED, server_default="published"
    )
    answer_text: Mapped[str | None] = mapped_column(Text)
    # The reason of a rejection or the details of an implementation.
    answer_details: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    supports_count: Mapped[int] = mapped_column(default=0, server_default="0")
    comments_count: Mapped[int] = mapped_column(default=0, server_default="0")
    qualifies: Mapped[bool] = mapped_column(default=False, server_default="0")
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL")
    )
    hidden_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]

    municipality: Mapped[Municipality] = relationship("Municipality")
    consultation: Mapped[Consultation] = relationship("Consultation")
    author: Mapped[User | None] = relationship("User", foreign_keys=[author_id], lazy="joined")
    category: Mapped[Category | None] = relationship("Category", lazy="joined")
    image: Mapped[Upload | None] = relationship("Upload", foreign_keys=[image_id], lazy="joined")
    district: Mapped[District | None] = relationship(District, lazy="joined")
    merged_into: Mapped[Proposal | None] = relationship("Proposal", remote_side=[id])

    __table_args__ = (
        CheckConstraint(f"state IN ({sql_in(STATES)})", name="state"),
        CheckConstraint("latitude IS NULL OR (latitude >= -90 AND latitude <= 90)",
                        name="latitude"),
        CheckConstraint("longitude IS NULL OR (longitude >= -180 AND longitude <= 180)",
                        name="longitude"),
        CheckConstraint("supports_count >= 0", name="supports_count"),
        # The list's sorts end on the id: with it in the index a page is read in order,
        # without sorting every proposal of the consultation (migration 0014).
        Index("ix_proposals_consultation_id_supports_count_id",
              "consultation_id", "supports_count", "id"),
        Index("ix_proposals_consultation_id_created_at_id", "consultation_id", "created_at", "id"),
        # The list's count (consultation, not hidden) from the index alone.
        Index("ix_proposals_consultation_id_hidden_at", "consultation_id", "hidden_at"),
    )  # fmt: skip

    @property
    def is_withdrawn(self) -> bool:
        return self.state == ProposalState.WITHDRAWN

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def __repr__(self) -> str:
        return f"<Proposal {self.id} {self.state}>"


class Support(IdMixin, MunicipalityScopedMixin, Model):
    """One person's support for one proposal; the unique constraint forbids a second one."""

    __tablename__ = "supports"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    proposal_id: Mapped[int] = cascade_fk("proposals.id")
    # Denormalised from the proposal so the per-person limit is one indexed count.
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("user_id", "proposal_id"),
        Index("ix_supports_user_id_consultation_id", "user_id", "consultation_id"),
        Index("ix_supports_consultation_id", "consultation_id"),
    )
