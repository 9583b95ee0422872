"""Exchanges of the learning space, the members taking part and their messages."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.db import IdMixin, MunicipalityScopedMixin, TimestampMixin, cascade_fk, utcnow
from participa.extensions import Model

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.indicators.models import Indicator
    from participa.municipalities.models import Municipality


class ExchangeKind(StrEnum):
    OFFER = "offer"
    REQUEST = "request"


class ExchangeStatus(StrEnum):
    OPEN = "open"  # waiting for members to join
    IN_PROGRESS = "in_progress"  # at least one member joined
    COMPLETED = "completed"  # finished with an outcome
    CLOSED = "closed"  # finished without an outcome


ACTIVE = (ExchangeStatus.OPEN, ExchangeStatus.IN_PROGRESS)


class ParticipantStatus(StrEnum):
    INVITED = "invited"  # the opener's staff invited the member; its staff have not answered
    JOINED = "joined"
    DECLINED = "declined"


class LearningExchange(IdMixin, MunicipalityScopedMixin, TimestampMixin, Model):
    """A member (``municipality``) offers or asks for help on a practice of one topic."""

    __tablename__ = "learning_exchanges"

    kind: Mapped[str] = mapped_column(String(10))
    topic: Mapped[str] = mapped_column(String(40), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    indicator_id: Mapped[int | None] = mapped_column(
        ForeignKey("indicators.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(
        String(12), default=ExchangeStatus.OPEN, server_default="open"
    )
    outcome: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    finished_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    finished_at: Mapped[datetime | None]

    municipality: Mapped[Municipality] = relationship("Municipality")
    indicator: Mapped[Indicator | None] = relationship("Indicator")
    participants: Mapped[list[ExchangeParticipant]] = relationship(
        back_populates="exchange",
        cascade="all, delete-orphan",
        order_by="ExchangeParticipant.id",
    )

    __table_args__ = (
        CheckConstraint("kind IN ('offer', 'request')", name="kind"),
        CheckConstraint("status IN ('open', 'in_progress', 'completed', 'closed')", name="status"),
        Index("ix_learning_exchanges_status_finished_at", "status", "finished_at"),
    )

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE


class ExchangeParticipant(IdMixin, MunicipalityScopedMixin, Model):
    """A member invited to, or taking part in, another member's exchange."""

    __tablename__ = "learning_participants"

    exchange_id: Mapped[int] = cascade_fk("learning_exchanges.id")
    status: Mapped[str] = mapped_column(
        String(10), default=ParticipantStatus.JOINED, server_default="joined"
    )
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    joined_at: Mapped[datetime | None]

    exchange: Mapped[LearningExchange] = relationship(back_populates="participants")
    municipality: Mapped[Municipality] = relationship("Municipality", lazy="joined")

    __table_args__ = (
        UniqueConstraint("exchange_id", "municipality_id"),
        CheckConstraint("status IN ('invited', 'joined', 'declined')", name="status"),
    )


class ExchangeMessage(IdMixin, MunicipalityScopedMixin, Model):
    """A message in an exchange (``municipality`` is the exchange's; ``member`` the author's)."""

    __tablename__ = "learning_messages"

    exchange_id: Mapped[int] = cascade_fk("learning_exchanges.id")
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="SET NULL")
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship("User")
    member: Mapped[Municipality | None] = relationship("Municipality", foreign_keys=[member_id])
