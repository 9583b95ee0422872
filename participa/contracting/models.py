"""Procurement processes, parties, their append-only OCDS releases, settings and links."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.db import IdMixin, MunicipalityScopedMixin, TimestampMixin, cascade_fk, utcnow
from participa.extensions import Model
from participa.places.models import District

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from sqlalchemy.orm import Mapper

    from participa.accounts.models import User
    from participa.municipalities.models import Municipality


class Stage(StrEnum):
    DRAFT = "draft"  # created, nothing published yet
    PLANNING = "planning"
    TENDER = "tender"
    AWARD = "award"
    CONTRACT = "contract"
    IMPLEMENTATION = "implementation"


STAGES = [s.value for s in Stage]


class ContractingSettings(IdMixin, MunicipalityScopedMixin, TimestampMixin, Model):
    """How a municipality publishes its procurement data, and its red-flag thresholds."""

    __tablename__ = "contracting_settings"

    publisher_name: Mapped[str | None] = mapped_column(String(200))
    publisher_scheme: Mapped[str | None] = mapped_column(String(40))
    publisher_uid: Mapped[str | None] = mapped_column(String(80))
    publisher_uri: Mapped[str | None] = mapped_column(String(300))
    license_url: Mapped[str | None] = mapped_column(String(300))
    publication_policy_url: Mapped[str | None] = mapped_column(String(300))
    currency: Mapped[str | None] = mapped_column(String(3))
    short_tender_days: Mapped[int] = mapped_column(default=15, server_default="15")
    non_competitive_threshold: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    award_over_estimate_percent: Mapped[int] = mapped_column(default=20, server_default="20")
    amendment_increase_percent: Mapped[int] = mapped_column(default=20, server_default="20")
    new_supplier_days: Mapped[int] = mapped_column(default=30, server_default="30")
    publication_delay_days: Mapped[int] = mapped_column(default=10, server_default="10")

    __table_args__ = (UniqueConstraint("municipality_id"),)


class Party(IdMixin, MunicipalityScopedMixin, TimestampMixin, Model):
    """An organisation taking part in procurement, kept once per municipality."""

    __tablename__ = "contracting_parties"

    # The OCDS party id, stable forever: "{scheme}-{identifier}" when the organisation has one.
    ocds_id: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(300))
    scheme: Mapped[str | None] = mapped_column(String(40))
    identifier: Mapped[str | None] = mapped_column(String(80))
    legal_name: Mapped[str | None] = mapped_column(String(300))
    street_address: Mapped[str | None] = mapped_column(String(300))
    locality: Mapped[str | None] = mapped_column(String(120))
    region: Mapped[str | None] = mapped_column(String(120))
    postal_code: Mapped[str | None] = mapped_column(String(20))
    country_name: Mapped[str | None] = mapped_column(String(80))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_telephone: Mapped[str | None] = mapped_column(String(40))
    contact_url: Mapped[str | None] = mapped_column(String(300))
    # The municipality itself or one of its units (buyer, procuring entity, payer).
    is_public_body: Mapped[bool] = mapped_column(default=False, server_default="0")
    first_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship("Municipality")

    __table_args__ = (UniqueConstraint("municipality_id", "ocds_id"),)

    def __repr__(self) -> str:
        return f"<Party {self.ocds_id}>"


# The name a process goes by in every system that names content by kind (comments, followers,
# documents, search): one name, so a page asks about its process once.
PROCESS_KIND = "procurement_process"


class ProcurementProcess(IdMixin, MunicipalityScopedMixin, TimestampMixin, Model):
    """One contracting process: its working state and the columns the lists filter on."""

    __tablename__ = "procurement_processes"

    ocid: Mapped[str] = mapped_column(String(120), unique=True)
    identifier: Mapped[str] = mapped_column(String(80))  # the local part after the prefix
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    stage: Mapped[str] = mapped_column(String(20), default=Stage.DRAFT, server_default="draft")
    status: Mapped[str | None] = mapped_column(String(20))
    procurement_method: Mapped[str | None] = mapped_column(String(20), index=True)
    main_category: Mapped[str | None] = mapped_column(String(20))
    year: Mapped[int | None] = mapped_column(index=True)
    currency: Mapped[str | None] = mapped_column(String(3))
    tender_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    awarded_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    contracted_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    paid_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    buyer_id: Mapped[int | None] = mapped_column(
        ForeignKey("contracting_parties.id", ondelete="SET NULL"), index=True
    )
    # The working compiled state: OCDS sections (buyer, planning, tender, awards, contracts)
    # exactly as the next release will carry them. Published history lives in releases.
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The compiled release (ocdsmerge), kept so bulk record packages need no merging.
    compiled: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    red_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    red_flag_count: Mapped[int] = mapped_column(default=0, server_default="0", index=True)
    release_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Dates of the first and last releases (their OCDS "date", when the information was recorded).
    first_published_at: Mapped[datetime | None]
    last_published_at: Mapped[datetime | None] = mapped_column(index=True)
    # When the platform last published a release of the process: an import of old releases
    # is new to harvesters even though its release dates are not (API ``since``, publishedDate).
    last_platform_publication_at: Mapped[datetime | None] = mapped_column(index=True)
    comments_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # Where the work happens, when it is about a place (not part of the OCDS data).
    location_text: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    district_id: Mapped[int | None] = mapped_column(
        ForeignKey("districts.id", ondelete="SET NULL"), index=True
    )

    municipality: Mapped[Municipality] = relationship("Municipality")
    buyer: Mapped[Party | None] = relationship("Party", lazy="joined")
    district: Mapped[District | None] = relationship(District, lazy="joined")

    __table_args__ = (
        UniqueConstraint("municipality_id", "identifier"),
        CheckConstraint(
            "latitude IS NULL OR (latitude >= -90 AND latitude <= 90)", name="latitude"
        ),
        CheckConstraint(
            "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)", name="longitude"
        ),
        CheckConstraint(
            "stage IN ('draft', 'planning', 'tender', 'award', 'contract', 'implementation')",
            name="stage",
        ),
    )

    @property
    def is_published(self) -> bool:
        return self.release_count > 0

    def __repr__(self) -> str:
        return f"<ProcurementProcess {self.ocid}>"


class ProcessParty(IdMixin, Model):
    """Which party plays which role in which process (for supplier pages and filters)."""

    __tablename__ = "procurement_process_parties"

    process_id: Mapped[int] = cascade_fk("procurement_processes.id")
    party_id: Mapped[int] = cascade_fk("contracting_parties.id")
    role: Mapped[str] = mapped_column(String(30))
    # For a supplier: the date of its earliest award or signed contract in this process, so the
    # "new supplier" flag rests on business dates, never on when a row was created or imported.
    earliest_date: Mapped[datetime | None]

    __table_args__ = (UniqueConstraint("process_id", "party_id", "role"),)


class Release(IdMixin, Model):
    """One published OCDS release: append-only, never updated nor deleted by the platform."""

    __tablename__ = "ocds_releases"

    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), nullable=False
    )
    process_id: Mapped[int] = cascade_fk("procurement_processes.id")
    ocid: Mapped[str] = mapped_column(String(120))
    release_id: Mapped[str] = mapped_column(String(200))
    date: Mapped[datetime]  # the release date, in UTC, for ordering and filters
    date_text: Mapped[str] = mapped_column(String(40))  # the date exactly as the JSON has it
    tags: Mapped[list[str]] = mapped_column(JSON)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    # When the platform published it (stored it), which for an import is long after ``date``.
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The import it came with, whose package declared its extensions and publisher.
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("contracting_imports.id", ondelete="SET NULL"), index=True
    )

    __table_args__ = (
        UniqueConstraint("ocid", "release_id"),
        # Bulk exports walk releases by (date, id) per municipality.
        Index("ix_ocds_releases_municipality_date", "municipality_id", "date", "id"),
        # The API's keyset pagination and since/until walk them by publication on the platform.
        Index("ix_ocds_releases_municipality_published", "municipality_id", "published_at", "id"),
    )


class ImportBatch(IdMixin, MunicipalityScopedMixin, Model):
    """One imported file: what it brought and, for a package, what its metadata declared."""

    __tablename__ = "contracting_imports"

    kind: Mapped[str] = mapped_column(String(10))  # "package", "flat" or "csv"
    filename: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    processes: Mapped[int] = mapped_column(default=0, server_default="0")
    created_processes: Mapped[int] = mapped_column(default=0, server_default="0")
    releases: Mapped[int] = mapped_column(default=0, server_default="0")
    # The package's own metadata, kept as declared (the platform publishes under its own).
    package_uri: Mapped[str | None] = mapped_column(String(500))
    published_date: Mapped[str | None] = mapped_column(String(40))
    publisher: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    license: Mapped[str | None] = mapped_column(String(300))
    publication_policy: Mapped[str | None] = mapped_column(String(300))
    # Extensions as the package declared them, and as the platform declares them again:
    # pinned to a released version, never a moving branch such as master.
    declared_extensions: Mapped[list[str]] = mapped_column(JSON, default=list)
    extensions: Mapped[list[str]] = mapped_column(JSON, default=list)

    created_by: Mapped[User | None] = relationship("User")

    __table_args__ = (CheckConstraint("kind IN ('package', 'flat', 'csv')", name="kind"),)


class ConflictStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"  # staff took the imported values
    KEPT = "kept"  # staff kept the registered values


class PartyConflict(IdMixin, MunicipalityScopedMixin, Model):
    """Imported details of an organisation that differ from the register, for staff to decide.

    The register stays authoritative: an import never overwrites what staff registered.
    """

    __tablename__ = "contracting_party_conflicts"

    party_id: Mapped[int] = cascade_fk("contracting_parties.id")
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("contracting_imports.id", ondelete="SET NULL"), index=True
    )
    ocid: Mapped[str | None] = mapped_column(String(120))
    release_id: Mapped[str | None] = mapped_column(String(200))
    # {field: {"registered": value, "imported": value}}
    differences: Mapped[dict[str, dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(
        String(10), default=ConflictStatus.PENDING, server_default="pending"
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    party: Mapped[Party] = relationship("Party", lazy="joined")
    batch: Mapped[ImportBatch | None] = relationship("ImportBatch")
    decided_by: Mapped[User | None] = relationship("User")

    __table_args__ = (
        CheckConstraint("status IN ('pending', 'accepted', 'kept')", name="status"),
        Index("ix_contracting_party_conflicts_open", "municipality_id", "status"),
    )


class ProcessLink(IdMixin, MunicipalityScopedMixin, Model):
    """A process carrying out something citizens decided: an accepted proposal, a budget project."""

    __tablename__ = "procurement_process_links"

    process_id: Mapped[int] = cascade_fk("procurement_processes.id")
    target_type: Mapped[str] = mapped_column(String(40))  # "proposal", later "budget_project"
    target_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    __table_args__ = (
        UniqueConstraint("process_id", "target_type", "target_id"),
        Index("ix_procurement_process_links_target", "target_type", "target_id"),
    )


class AppendOnlyError(RuntimeError):
    """A published release was about to be changed."""


@event.listens_for(Release, "before_update")
def _refuse_release_update(
    mapper: Mapper[Release], connection: Connection, target: Release
) -> None:
    # Published data is never rewritten: a change is a new release.
    raise AppendOnlyError(f"release {target.release_id} of {target.ocid} is append-only")
