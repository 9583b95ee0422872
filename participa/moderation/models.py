"""Reports, moderation decisions, appeals, blocks, reason templates and settings."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.db import IdMixin, MunicipalityScopedMixin, cascade_fk, sql_in, utcnow
from participa.extensions import Model

if TYPE_CHECKING:
    from participa.accounts.models import User


class Reason(StrEnum):
    SPAM = "spam"
    OFFENSIVE = "offensive"
    OFF_TOPIC = "off_topic"
    PERSONAL_DATA = "personal_data"
    OTHER = "other"


REASON_LABELS = {
    Reason.SPAM: _l("Spam"),
    Reason.OFFENSIVE: _l("Offensive"),
    Reason.OFF_TOPIC: _l("Off-topic"),
    Reason.PERSONAL_DATA: _l("Personal data"),
    Reason.OTHER: _l("Other"),
}


class Action(StrEnum):
    HIDE = "hide"
    RESTORE = "restore"
    DISMISS = "dismiss"
    APPROVE = "approve"
    AUTO_HIDE = "auto_hide"


ACTION_LABELS = {
    Action.HIDE: _l("Hide"),
    Action.RESTORE: _l("Restore"),
    Action.DISMISS: _l("Dismiss reports"),
    Action.APPROVE: _l("Approve"),
    Action.AUTO_HIDE: _l("Hidden automatically"),
}


class Report(IdMixin, MunicipalityScopedMixin, Model):
    """One person's report of one contribution; once per person and item."""

    __tablename__ = "reports"

    reportable_type: Mapped[str] = mapped_column(String(40))
    reportable_id: Mapped[int]
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(String(20))

    __table_args__ = (
        UniqueConstraint("reporter_id", "reportable_type", "reportable_id"),
        Index("ix_reports_reportable", "reportable_type", "reportable_id"),
        Index("ix_reports_municipality_resolved", "municipality_id", "resolved_at"),
        CheckConstraint(f"reason IN ({sql_in(Reason)})", name="reason"),
        CheckConstraint(
            "resolution IS NULL OR resolution IN ('hide', 'restore', 'dismiss')",
            name="resolution",
        ),
    )


class ModerationSettings(IdMixin, Model):
    """How a municipality moderates: auto-hide threshold, pre-moderation, link limits."""

    __tablename__ = "moderation_settings"

    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), unique=True
    )
    reports_to_hide: Mapped[int] = mapped_column(default=3, server_default="3")
    premoderate_new_accounts_days: Mapped[int] = mapped_column(default=0, server_default="0")
    premoderate_links: Mapped[bool] = mapped_column(default=False, server_default="0")
    new_account_days: Mapped[int] = mapped_column(default=7, server_default="7")
    new_account_link_limit: Mapped[int] = mapped_column(default=2, server_default="2")

    __table_args__ = (
        CheckConstraint("reports_to_hide >= 1", name="reports_to_hide"),
        CheckConstraint("premoderate_new_accounts_days >= 0", name="premoderate_days"),
        CheckConstraint("new_account_days >= 0", name="new_account_days"),
        CheckConstraint("new_account_link_limit >= 0", name="link_limit"),
    )


class ReasonTemplate(IdMixin, MunicipalityScopedMixin, Model):
    """A reusable explanation moderators pick when they act."""

    __tablename__ = "moderation_reason_templates"

    title: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ModerationDecision(IdMixin, MunicipalityScopedMixin, Model):
    """What a moderator (or the report threshold) did to one item, and why."""

    __tablename__ = "moderation_decisions"

    reportable_type: Mapped[str] = mapped_column(String(40))
    reportable_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(20))
    # The category shown in the public log (one of the report reasons).
    category: Mapped[str | None] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    moderator: Mapped[User | None] = relationship("User", foreign_keys=[moderator_id])

    __table_args__ = (
        Index("ix_moderation_decisions_reportable", "reportable_type", "reportable_id"),
        CheckConstraint(f"action IN ({sql_in(Action)})", name="action"),
        CheckConstraint(f"category IS NULL OR category IN ({sql_in(Reason)})", name="category"),
    )


class Appeal(IdMixin, MunicipalityScopedMixin, Model):
    """The author's one appeal against hiding an item; decided by another moderator."""

    __tablename__ = "moderation_appeals"

    reportable_type: Mapped[str] = mapped_column(String(40))
    reportable_id: Mapped[int]
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("moderation_decisions.id", ondelete="SET NULL")
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(String(20))  # upheld | overturned
    response: Mapped[str | None] = mapped_column(Text)

    decision: Mapped[ModerationDecision | None] = relationship("ModerationDecision")

    __table_args__ = (
        UniqueConstraint("reportable_type", "reportable_id"),
        CheckConstraint("outcome IS NULL OR outcome IN ('upheld', 'overturned')", name="outcome"),
    )


class ParticipationBlock(IdMixin, MunicipalityScopedMixin, Model):
    """A person may not participate in this municipality until ``until`` (NULL: indefinitely)."""

    __tablename__ = "participation_blocks"

    user_id: Mapped[int] = cascade_fk("users.id")
    until: Mapped[datetime | None]
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    lifted_at: Mapped[datetime | None]

    user: Mapped[User] = relationship("User", foreign_keys=[user_id])
