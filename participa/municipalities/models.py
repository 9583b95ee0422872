"""Municipalities (tenants), staff memberships and residency verification."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.db import IdMixin, MunicipalityScopedMixin, TimestampMixin, cascade_fk, utcnow
from participa.extensions import Model

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.models import Upload


class Role(StrEnum):
    ADMIN = "admin"
    MODERATOR = "moderator"
    RESIDENT = "resident"


class MemberKind(StrEnum):
    """The kind of network member a space belongs to; features declare the kinds they serve."""

    MUNICIPALITY = "municipality"
    LEGISLATURE = "legislature"  # a council, a provincial legislature, a national congress
    ASSOCIATION = "association"  # an association of municipalities


class VerificationStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class Municipality(IdMixin, TimestampMixin, Model):
    """A member of the network with its own space, staff and data: a local government, a
    legislature or an association of municipalities (``kind``)."""

    __tablename__ = "municipalities"

    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(
        String(20), default=MemberKind.MUNICIPALITY, server_default=MemberKind.MUNICIPALITY.value
    )
    country: Mapped[str] = mapped_column(String(2), index=True)  # ISO 3166-1 alpha-2
    region: Mapped[str | None] = mapped_column(String(120))
    population: Mapped[int | None]
    default_locale: Mapped[str] = mapped_column(String(5), default="es", server_default="es")
    timezone: Mapped[str] = mapped_column(String(64), default="America/Argentina/Buenos_Aires")
    accent_color: Mapped[str] = mapped_column(
        String(7), default="#1d4ed8", server_default="#1d4ed8"
    )
    logo_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id", ondelete="SET NULL"))
    description: Mapped[str | None] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(String(300))
    # Unique across the installation: ocids are global, and two tenants sharing a prefix collide.
    # (A unique index rather than a constraint: SQLite adds it without rebuilding the table.)
    ocid_prefix: Mapped[str | None] = mapped_column(String(40), unique=True, index=True)
    archived_at: Mapped[datetime | None]

    # Loaded when shown: every page loads its municipality, and only a shell rendered anew (or
    # the settings page) shows the logo; core.shell keys the shell on ``logo_id``.
    logo: Mapped[Upload | None] = relationship("Upload", foreign_keys=[logo_id])

    __table_args__ = (
        CheckConstraint("length(country) = 2", name="country_code"),
        CheckConstraint("kind IN ('municipality', 'legislature', 'association')", name="kind"),
    )

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def __repr__(self) -> str:
        return f"<Municipality {self.slug}>"


class Membership(IdMixin, MunicipalityScopedMixin, Model):
    """A role a person holds in one municipality."""

    __tablename__ = "memberships"

    user_id: Mapped[int] = cascade_fk("users.id")
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship("User", lazy="joined")
    municipality: Mapped[Municipality] = relationship("Municipality", lazy="joined")

    __table_args__ = (
        UniqueConstraint("user_id", "municipality_id", "role"),
        CheckConstraint("role IN ('admin', 'moderator', 'resident')", name="role"),
    )


class ResidencyRequest(IdMixin, MunicipalityScopedMixin, TimestampMixin, Model):
    """A person's request to be verified as a resident; one live request per municipality."""

    __tablename__ = "residency_requests"

    user_id: Mapped[int] = cascade_fk("users.id")
    status: Mapped[str] = mapped_column(String(20), default=VerificationStatus.PENDING)
    method: Mapped[str] = mapped_column(String(20), default="manual")  # manual | census
    note: Mapped[str | None] = mapped_column(Text)  # what the person tells staff
    decision_reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]

    user: Mapped[User] = relationship("User", foreign_keys=[user_id], lazy="joined")

    __table_args__ = (
        UniqueConstraint("user_id", "municipality_id"),
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status"),
        CheckConstraint("method IN ('manual', 'census')", name="method"),
    )


class CensusEntry(IdMixin, MunicipalityScopedMixin, Model):
    """A keyed hash of one resident identifier from a census list; the identifier is never kept."""

    __tablename__ = "census_entries"

    id_hash: Mapped[str] = mapped_column(String(64))
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    claimed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("municipality_id", "id_hash"),)
