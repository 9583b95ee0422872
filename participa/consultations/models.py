"""Consultations (participatory processes), their phases and the categories they use."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.core.participation import Participation
from participa.db import IdMixin, MunicipalityScopedMixin, TimestampMixin, cascade_fk, utcnow
from participa.extensions import Model

if TYPE_CHECKING:
    from participa.core.models import Upload
    from participa.municipalities.models import Municipality


class ConsultationStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class PhaseKind(StrEnum):
    INFORMATION = "information"
    PROPOSALS = "proposals"
    SUPPORTS = "supports"
    VOTING = "voting"
    RESULTS = "results"
    CLOSED = "closed"


PHASE_KINDS = tuple(kind.value for kind in PhaseKind)
_PHASE_SQL = ", ".join(f"'{kind}'" for kind in PHASE_KINDS)


class Category(IdMixin, MunicipalityScopedMixin, Model):
    """A topic a municipality files its consultations and proposals under."""

    __tablename__ = "categories"

    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("municipality_id", "name"),)

    def __repr__(self) -> str:
        return f"<Category {self.id} {self.name!r}>"


class Consultation(IdMixin, MunicipalityScopedMixin, TimestampMixin, Model):
    """A participatory process with a timeline of phases, run by one municipality."""

    __tablename__ = "consultations"

    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="", server_default="")
    body: Mapped[str] = mapped_column(Text, default="", server_default="")
    cover_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id", ondelete="SET NULL"))
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(
        String(20), default=ConsultationStatus.DRAFT, server_default="draft"
    )
    # Staff may force a phase regardless of the dates (for example to close early).
    phase_override: Mapped[str | None] = mapped_column(String(20))
    participation: Mapped[str] = mapped_column(
        String(20), default=Participation.REGISTERED, server_default="registered"
    )
    supports_per_person: Mapped[int] = mapped_column(default=10, server_default="10")
    support_threshold: Mapped[int] = mapped_column(default=100, server_default="100")
    proposal_edit_minutes: Mapped[int] = mapped_column(default=60, server_default="60")
    comments_enabled: Mapped[bool] = mapped_column(default=True, server_default="1")
    proposals_count: Mapped[int] = mapped_column(default=0, server_default="0")
    supports_count: Mapped[int] = mapped_column(default=0, server_default="0")
    participants_count: Mapped[int] = mapped_column(default=0, server_default="0")
    comments_count: Mapped[int] = mapped_column(default=0, server_default="0")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    copied_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="SET NULL")
    )
    published_at: Mapped[datetime | None]
    archived_at: Mapped[datetime | None]

    municipality: Mapped[Municipality] = relationship("Municipality")
    cover: Mapped[Upload | None] = relationship("Upload", foreign_keys=[cover_id], lazy="joined")
    category: Mapped[Category | None] = relationship("Category", lazy="joined")
    phases: Mapped[list[Phase]] = relationship(
        "Phase",
        order_by="Phase.position, Phase.starts_at",
        cascade="all, delete-orphan",
        lazy="selectin",
        back_populates="consultation",
    )

    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published', 'archived')", name="status"),
        CheckConstraint(f"phase_override IS NULL OR phase_override IN ({_PHASE_SQL})",
                        name="phase_override"),
        CheckConstraint("participation IN ('registered', 'verified')", name="participation"),
        CheckConstraint("supports_per_person >= 1", name="supports_per_person"),
        CheckConstraint("support_threshold >= 1", name="support_threshold"),
        CheckConstraint("proposal_edit_minutes >= 0", name="proposal_edit_minutes"),
        Index("ix_consultations_municipality_id_status", "municipality_id", "status"),
    )  # fmt: skip

    @property
    def is_draft(self) -> bool:
        return self.status == ConsultationStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == ConsultationStatus.PUBLISHED

    @property
    def is_archived(self) -> bool:
        return self.status == ConsultationStatus.ARCHIVED

    @property
    def current_phase(self) -> str | None:
        """The phase open now (see :func:`participa.consultations.phases.current_phase`)."""
        from participa.consultations.phases import current_phase

        if self.is_archived:
            return PhaseKind.CLOSED.value
        return current_phase(self.phases, self.phase_override, utcnow())

    @property
    def current_phase_ends_at(self) -> datetime | None:
        """When the phase open now ends by its dates (None when staff forced a phase, or none
        is open): what "closes in N days" counts down to."""
        if self.phase_override or not self.is_published:
            return None
        kind = self.current_phase
        if kind in (None, PhaseKind.CLOSED):
            return None
        ends = [p.ends_at for p in self.phases if p.kind == kind]
        return ends[0] if ends else None

    @property
    def has_voting_phase(self) -> bool:
        return any(phase.kind == PhaseKind.VOTING for phase in self.phases)

    @property
    def voting_ends_at(self) -> datetime | None:
        """When the voting phase ends by its dates (its ballots and budgets close then)."""
        return next((p.ends_at for p in self.phases if p.kind == PhaseKind.VOTING), None)

    @property
    def in_voting_phase(self) -> bool:
        """Published, and its voting phase is the one open now."""
        return self.is_published and self.current_phase == PhaseKind.VOTING

    def __repr__(self) -> str:
        return f"<Consultation {self.id} {self.status}>"


class Phase(IdMixin, Model):
    """One step of a consultation's timeline, open from ``starts_at`` until ``ends_at``."""

    __tablename__ = "consultation_phases"

    consultation_id: Mapped[int] = cascade_fk("consultations.id")
    kind: Mapped[str] = mapped_column(String(20))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    consultation: Mapped[Consultation] = relationship("Consultation", back_populates="phases")

    __table_args__ = (
        UniqueConstraint("consultation_id", "kind"),
        CheckConstraint(f"kind IN ({_PHASE_SQL})", name="kind"),
        CheckConstraint("ends_at > starts_at", name="dates"),
    )

    def __repr__(self) -> str:
        return f"<Phase {self.kind} of {self.consultation_id}>"
