"""Follow-up results of what citizens decided, their dated updates and their milestones."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.db import IdMixin, MunicipalityScopedMixin, TimestampMixin, cascade_fk, utcnow
from participa.extensions import Model


class Status(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


STATUSES = tuple(s.value for s in Status)
_STATUSES_SQL = ", ".join(f"'{s}'" for s in STATUSES)


class Result(IdMixin, MunicipalityScopedMixin, TimestampMixin, Model):
    """The public follow-up of one decision (an accepted proposal, a funded budget project)."""

    __tablename__ = "followup_results"

    # What the result carries out: a kind served through "followup_source" and its id.
    source_kind: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)  # Markdown
    status: Mapped[str] = mapped_column(
        String(20), default=Status.PLANNED, server_default=Status.PLANNED.value
    )
    progress: Mapped[int] = mapped_column(default=0, server_default="0")
    district: Mapped[str | None] = mapped_column(String(120))
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    # The amount citizens voted (or staff set aside), in ``currency``.
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3))
    # When staff last published an update: the lists sort on it and PAR-10 asks for it.
    last_update_at: Mapped[datetime | None]

    municipality: Mapped[Any] = relationship("Municipality")

    __table_args__ = (
        UniqueConstraint("municipality_id", "source_kind", "source_id"),
        CheckConstraint(f"status IN ({_STATUSES_SQL})", name="status"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress"),
        Index("ix_followup_results_municipality_status", "municipality_id", "status"),
    )

    def __repr__(self) -> str:
        return f"<Result {self.id} {self.source_kind}:{self.source_id}>"


class ResultUpdate(IdMixin, MunicipalityScopedMixin, Model):
    """One dated update published by staff: the status and progress it set, and a note.

    Who wrote it is in the audit log; the public history needs no person.
    """

    __tablename__ = "followup_updates"

    result_id: Mapped[int] = cascade_fk("followup_results.id")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(20))
    progress: Mapped[int]
    previous_status: Mapped[str] = mapped_column(String(20))
    previous_progress: Mapped[int]
    note: Mapped[str | None] = mapped_column(Text)  # Markdown

    __table_args__ = (
        CheckConstraint(f"status IN ({_STATUSES_SQL})", name="status"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress"),
    )


class Milestone(IdMixin, MunicipalityScopedMixin, Model):
    """A step of a result with its due date and, once reached, the date it was done."""

    __tablename__ = "followup_milestones"

    result_id: Mapped[int] = cascade_fk("followup_results.id")
    title: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date | None]
    done_date: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_done(self) -> bool:
        return self.done_date is not None
