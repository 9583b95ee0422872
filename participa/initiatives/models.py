"""Citizen initiatives, the rules each member sets for them, and the signatures they gather."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.db import IdMixin, MunicipalityScopedMixin, cascade_fk, sql_in, utcnow
from participa.extensions import Model

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality


class InitiativeState(StrEnum):
    REVIEW = "review"  # waiting for staff to admit or reject it
    REJECTED = "rejected"
    COLLECTING = "collecting"  # admitted, gathering signatures until its deadline
    REACHED = "reached"  # the threshold was reached: an answer is due
    ANSWERED = "answered"
    EXPIRED = "expired"  # the deadline passed without the threshold


STATES = tuple(state.value for state in InitiativeState)


class InitiativeRules(IdMixin, MunicipalityScopedMixin, Model):
    """The member's published norm for citizen initiatives (one row per member)."""

    __tablename__ = "initiative_rules"

    enabled: Mapped[bool] = mapped_column(default=False, server_default="0")
    signature_threshold: Mapped[int] = mapped_column(default=100, server_default="100")
    collection_days: Mapped[int] = mapped_column(default=90, server_default="90")
    answer_days: Mapped[int] = mapped_column(default=30, server_default="30")
    # Staff are reminded this many days before an answer is due.
    reminder_days: Mapped[int] = mapped_column(default=7, server_default="7")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("municipality_id"),
        CheckConstraint("signature_threshold >= 1", name="signature_threshold"),
        CheckConstraint("collection_days >= 1", name="collection_days"),
        CheckConstraint("answer_days >= 1", name="answer_days"),
        CheckConstraint("reminder_days >= 0", name="reminder_days"),
    )


class Initiative(IdMixin, MunicipalityScopedMixin, Model):
    """A petition a person starts; admitted by staff, it gathers signatures until its deadline."""

    __tablename__ = "initiatives"

    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(150))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(
        String(20), default=InitiativeState.REVIEW, server_default="review"
    )
    # The rules in force when it was admitted: later changes do not move its goalposts.
    signature_threshold: Mapped[int] = mapped_column(default=0, server_default="0")
    answer_days: Mapped[int] = mapped_column(default=0, server_default="0")
    signatures_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Staff's reason to admit or reject it, shown on its page.
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None]
    admitted_at: Mapped[datetime | None]
    collection_ends_at: Mapped[datetime | None]
    reached_at: Mapped[datetime | None]
    answer_due_at: Mapped[datetime | None]
    answer_text: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    # When staff were reminded of the coming and of the passed due date (once each).
    reminded_at: Mapped[datetime | None]
    overdue_reminded_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship("Municipality")
    author: Mapped[User | None] = relationship("User", lazy="joined")

    __table_args__ = (
        CheckConstraint(f"state IN ({sql_in(STATES)})", name="state"),
        CheckConstraint("signatures_count >= 0", name="signatures_count"),
        # Lists read one member's initiatives by state, newest first.
        Index("ix_initiatives_municipality_id_state_id", "municipality_id", "state", "id"),
    )

    def __repr__(self) -> str:
        return f"<Initiative {self.id} {self.state}>"


class Signature(IdMixin, MunicipalityScopedMixin, Model):
    """One verified resident's signature; the unique constraint forbids a second one."""

    __tablename__ = "initiative_signatures"

    initiative_id: Mapped[int] = cascade_fk("initiatives.id")
    user_id: Mapped[int] = cascade_fk("users.id")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("initiative_id", "user_id"),)
