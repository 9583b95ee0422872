"""Challenges (open-innovation calls, co-design labs, hackathons), their partners and the
solutions people and organisations submit."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.db import IdMixin, MunicipalityScopedMixin, cascade_fk, sql_in, utcnow
from participa.extensions import Model

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.models import Upload
    from participa.municipalities.models import Municipality


class ChallengeKind(StrEnum):
    OPEN_INNOVATION = "open_innovation"
    CO_DESIGN_LAB = "co_design_lab"
    HACKATHON = "hackathon"


class ChallengeState(StrEnum):
    DRAFT = "draft"
    OPEN = "open"  # taking solutions until the deadline
    EVALUATING = "evaluating"
    CLOSED = "closed"  # closed with its report


class PartnerKind(StrEnum):
    UNIVERSITY = "university"
    CIVIL_SOCIETY = "civil_society"
    COMPANY = "company"
    PUBLIC_BODY = "public_body"
    OTHER = "other"


class SolutionStatus(StrEnum):
    SUBMITTED = "submitted"
    SHORTLISTED = "shortlisted"
    WINNER = "winner"


KINDS = tuple(k.value for k in ChallengeKind)
STATES = tuple(s.value for s in ChallengeState)
PARTNER_KINDS = tuple(k.value for k in PartnerKind)
SOLUTION_STATUSES = tuple(s.value for s in SolutionStatus)


class Challenge(IdMixin, MunicipalityScopedMixin, Model):
    """A problem a member publishes, with its rules, partners and deadline for solutions."""

    __tablename__ = "challenges"

    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    problem: Mapped[str] = mapped_column(Text)  # Markdown
    rules: Mapped[str] = mapped_column(Text)  # Markdown, published with the call (INN-06)
    topic: Mapped[str] = mapped_column(String(40))  # core.topics
    sessions: Mapped[str | None] = mapped_column(Text)  # co-design sessions, Markdown
    closes_at: Mapped[datetime]  # the deadline for solutions
    state: Mapped[str] = mapped_column(
        String(20), default=ChallengeState.DRAFT, server_default="draft"
    )
    report: Mapped[str | None] = mapped_column(Text)  # Markdown: outcome, winners, next steps
    published_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    municipality: Mapped[Municipality] = relationship("Municipality")
    partners: Mapped[list[ChallengePartner]] = relationship(
        "ChallengePartner",
        back_populates="challenge",
        order_by="ChallengePartner.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(KINDS)})", name="kind"),
        CheckConstraint(f"state IN ({sql_in(STATES)})", name="state"),
        # The lists filter a member's challenges by state and read them newest first.
        Index("ix_challenges_municipality_id_state_id", "municipality_id", "state", "id"),
    )

    @property
    def is_draft(self) -> bool:
        return self.state == ChallengeState.DRAFT

    @property
    def is_closed(self) -> bool:
        return self.state == ChallengeState.CLOSED

    def __repr__(self) -> str:
        return f"<Challenge {self.id} {self.state}>"


class ChallengePartner(IdMixin, MunicipalityScopedMixin, Model):
    """An organisation co-running a challenge, with its agreement (a link or a document)."""

    __tablename__ = "challenge_partners"

    challenge_id: Mapped[int] = cascade_fk("challenges.id")
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    agreement_url: Mapped[str | None] = mapped_column(String(500))
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("uploads.id", ondelete="SET NULL"), index=True
    )
    # The agreement is current until this day (none: without an end).
    agreement_ends_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship("Municipality")
    challenge: Mapped[Challenge] = relationship("Challenge", back_populates="partners")
    agreement: Mapped[Upload | None] = relationship("Upload", lazy="joined")

    __table_args__ = (CheckConstraint(f"kind IN ({sql_in(PARTNER_KINDS)})", name="kind"),)

    @property
    def has_agreement(self) -> bool:
        return bool(self.agreement_url or self.agreement_id)


class Solution(IdMixin, MunicipalityScopedMixin, Model):
    """A solution a person (alone or for an organisation) submits to a challenge."""

    __tablename__ = "challenge_solutions"

    challenge_id: Mapped[int] = mapped_column(ForeignKey("challenges.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(150))
    description: Mapped[str] = mapped_column(Text)  # Markdown
    organisation: Mapped[str | None] = mapped_column(String(200))
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("uploads.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(
        String(20), default=SolutionStatus.SUBMITTED, server_default="submitted"
    )
    # Staff's note on the shortlist, published with the report.
    note: Mapped[str | None] = mapped_column(Text)
    shortlisted_at: Mapped[datetime | None]
    hidden_at: Mapped[datetime | None]  # set by moderation
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]

    municipality: Mapped[Municipality] = relationship("Municipality")
    challenge: Mapped[Challenge] = relationship("Challenge")
    author: Mapped[User | None] = relationship("User", lazy="joined")
    document: Mapped[Upload | None] = relationship("Upload", lazy="joined")

    __table_args__ = (
        CheckConstraint(f"status IN ({sql_in(SOLUTION_STATUSES)})", name="status"),
        Index("ix_challenge_solutions_challenge_id_id", "challenge_id", "id"),
    )

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_selected(self) -> bool:
        """Shortlisted or a winner: shown publicly once the report is out."""
        return self.status in (SolutionStatus.SHORTLISTED, SolutionStatus.WINNER)
