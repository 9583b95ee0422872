"""Notifications, follows and each person's e-mail preference."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from participa.db import IdMixin, cascade_fk, utcnow
from participa.extensions import Model


class EmailMode(StrEnum):
    IMMEDIATE = "immediate"
    DIGEST = "digest"
    NONE = "none"


class Notification(IdMixin, Model):
    """Something that happened and that one person should know about."""

    __tablename__ = "notifications"

    user_id: Mapped[int] = cascade_fk("users.id")
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE")
    )
    event: Mapped[str] = mapped_column(String(40))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int]
    # A local path; checked with core.security.is_safe_next before any redirect.
    url: Mapped[str] = mapped_column(String(500))
    # Plain text, already in the recipient's language when the notification was created.
    summary: Mapped[str] = mapped_column(String(300))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_notifications_user_id_read_at", "user_id", "read_at"),)

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def __repr__(self) -> str:
        return f"<Notification {self.id} {self.event} for {self.user_id}>"


class Follow(IdMixin, Model):
    """A person following a consultation, proposal or other followable object."""

    __tablename__ = "follows"

    user_id: Mapped[int] = cascade_fk("users.id")
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int]
    municipality_id: Mapped[int | None] = cascade_fk("municipalities.id")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("user_id", "target_type", "target_id"),
        Index("ix_follows_target_type_target_id", "target_type", "target_id"),
    )


class NotificationPreference(Model):
    """How a person wants notifications by e-mail; no row means immediate."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    email_mode: Mapped[str] = mapped_column(
        String(10), default=EmailMode.IMMEDIATE, server_default=EmailMode.IMMEDIATE.value
    )
    digest_last_sent_at: Mapped[datetime | None]

    __table_args__ = (
        CheckConstraint("email_mode IN ('immediate', 'digest', 'none')", name="email_mode"),
    )
