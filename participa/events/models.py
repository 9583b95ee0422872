"""Events: meetings, forums, trainings, webinars and workshops, with their registrations."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.db import IdMixin, cascade_fk, sql_in, utcnow
from participa.extensions import Model

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality


class EventKind(StrEnum):
    MEETING = "meeting"
    FORUM = "forum"
    TRAINING = "training"
    WEBINAR = "webinar"
    WORKSHOP = "workshop"


class EventFormat(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class EventStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class RegistrationStatus(StrEnum):
    CONFIRMED = "confirmed"
    WAITING = "waiting"


class Dimension(StrEnum):
    GENDER = "gender"
    AGE = "age"
    TERRITORY = "territory"


KINDS = tuple(k.value for k in EventKind)
FORMATS = tuple(f.value for f in EventFormat)
# Trainings and webinars count the officials who attended.
TRAINING_KINDS = frozenset({EventKind.TRAINING.value, EventKind.WEBINAR.value})


class Event(IdMixin, Model):
    """An event of a member, or of the network itself when ``municipality_id`` is None."""

    __tablename__ = "events"

    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    kind: Mapped[str] = mapped_column(
        String(20), default=EventKind.MEETING, server_default="meeting"
    )
    format: Mapped[str] = mapped_column(
        String(20), default=EventFormat.IN_PERSON, server_default="in_person"
    )
    address: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    # The zone the times were given in (the member's, or the network's for its own events).
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    topic: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(
        String(20), default=EventStatus.DRAFT, server_default="draft"
    )
    registration_open: Mapped[bool] = mapped_column(default=False, server_default="0")
    # None: no limit.
    capacity: Mapped[int | None]
    minutes: Mapped[str | None] = mapped_column(Text)
    minutes_published_at: Mapped[datetime | None]
    attendance_total: Mapped[int | None]
    attendance_recorded_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality | None] = relationship("Municipality", lazy="joined")
    agenda: Mapped[list[AgendaItem]] = relationship(
        "AgendaItem",
        order_by="AgendaItem.position",
        cascade="all, delete-orphan",
        back_populates="event",
    )

    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(KINDS)})", name="kind"),
        CheckConstraint(f"format IN ({sql_in(FORMATS)})", name="format"),
        CheckConstraint("status IN ('draft', 'published', 'cancelled')", name="status"),
        CheckConstraint("ends_at >= starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity >= 1", name="capacity"),
        CheckConstraint("attendance_total IS NULL OR attendance_total >= 0", name="attendance"),
        Index("ix_events_status_starts_at", "status", "starts_at"),
    )

    @property
    def is_network(self) -> bool:
        return self.municipality_id is None

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def is_training(self) -> bool:
        return self.kind in TRAINING_KINDS

    @property
    def has_place(self) -> bool:
        return self.format in (EventFormat.IN_PERSON, EventFormat.HYBRID)

    @property
    def is_online(self) -> bool:
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.kind} {self.status}>"


class AgendaItem(IdMixin, Model):
    """One item of an event's agenda, in order."""

    __tablename__ = "event_agenda_items"

    event_id: Mapped[int] = cascade_fk("events.id")
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    # The local time of day, as staff wrote it ("09:30"); free text keeps ranges possible.
    time: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship("Event", back_populates="agenda")


class Registration(IdMixin, Model):
    """One person's place (or place in the waiting list) at one event."""

    __tablename__ = "event_registrations"

    event_id: Mapped[int] = cascade_fk("events.id")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(
        String(20), default=RegistrationStatus.CONFIRMED, server_default="confirmed"
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the reminder went out: the reminder job sends each one once.
    reminded_at: Mapped[datetime | None]

    user: Mapped[User] = relationship("User")

    __table_args__ = (
        UniqueConstraint("event_id", "user_id"),
        CheckConstraint("status IN ('confirmed', 'waiting')", name="status"),
        Index("ix_event_registrations_event_id_status", "event_id", "status", "id"),
    )


class AttendanceCount(IdMixin, Model):
    """How many attendees of an event fell in one category (aggregates only, never people)."""

    __tablename__ = "event_attendance_counts"

    event_id: Mapped[int] = cascade_fk("events.id")
    dimension: Mapped[str] = mapped_column(String(20))
    # A gender or age-band code, or the name of a territory (a district).
    category: Mapped[str] = mapped_column(String(120))
    count: Mapped[int]

    __table_args__ = (
        UniqueConstraint("event_id", "dimension", "category"),
        CheckConstraint("dimension IN ('gender', 'age', 'territory')", name="dimension"),
        CheckConstraint("count >= 0", name="count"),
    )


class OfficialAttendance(IdMixin, Model):
    """An official (a member's staff account) who attended a training or webinar."""

    __tablename__ = "event_officials"

    event_id: Mapped[int] = cascade_fk("events.id")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The member the official works for, when they attended.
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )

    user: Mapped[User] = relationship("User")
    municipality: Mapped[Municipality] = relationship("Municipality")

    __table_args__ = (UniqueConstraint("event_id", "user_id"),)


class EventLink(IdMixin, Model):
    """An event linked to a consultation, a draft or a proposal of the same member."""

    __tablename__ = "event_links"

    event_id: Mapped[int] = cascade_fk("events.id")
    target_kind: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int]

    __table_args__ = (
        UniqueConstraint("event_id", "target_kind", "target_id"),
        Index("ix_event_links_target_kind_target_id", "target_kind", "target_id"),
    )
