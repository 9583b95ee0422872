"""The indicator framework (versions, dimensions, indicators), assessments and their answers,
platform reviewers."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from flask import has_request_context
from flask_babel import get_locale
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.db import IdMixin, MunicipalityScopedMixin, TimestampMixin, cascade_fk, utcnow
from participa.extensions import Model

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.models import Upload
    from participa.municipalities.models import Municipality

LANGUAGES = ("es", "en", "pt")
FALLBACK_LANGUAGE = "es"


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    VALIDATED = "validated"


class ReviewStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    RETURNED = "returned"


class ArchiveStatus(StrEnum):
    ARCHIVED = "archived"  # the platform fetched and stored the page or file
    UPLOADED = "uploaded"  # staff uploaded a copy
    FAILED = "failed"  # the fetch was refused or failed; staff may upload a copy


def current_language() -> str:
    """The language of this request among the framework's languages (Spanish otherwise)."""
    if not has_request_context():
        return FALLBACK_LANGUAGE
    locale = get_locale()
    language = getattr(locale, "language", None)
    return language if language in LANGUAGES else FALLBACK_LANGUAGE


class Localized:
    """Texts stored once per language in ``<field>_es``, ``<field>_en`` and ``<field>_pt``."""

    def localized(self, field: str, language: str | None = None) -> str:
        language = language or current_language()
        return str(
            getattr(self, f"{field}_{language}", None)
            or getattr(self, f"{field}_{FALLBACK_LANGUAGE}")
        )


class FrameworkVersion(IdMixin, Model):
    """One published edition of the indicator framework; assessments keep the one they answered."""

    __tablename__ = "indicator_framework_versions"

    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="", server_default="")
    is_current: Mapped[bool] = mapped_column(default=False, server_default="0")
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    dimensions: Mapped[list[Dimension]] = relationship(
        "Dimension", order_by="Dimension.position", back_populates="version", lazy="selectin"
    )

    __table_args__ = (
        # At most one current version, in the database too.
        Index(
            "uq_indicator_framework_versions_current",
            "is_current",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
    )

    def __repr__(self) -> str:
        return f"<FrameworkVersion {self.code}>"


class Dimension(IdMixin, Localized, Model):
    """A group of ten indicators (participation, transparency, digitalisation, innovation)."""

    __tablename__ = "indicator_dimensions"

    version_id: Mapped[int] = cascade_fk("indicator_framework_versions.id")
    code: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    name_es: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="", server_default="")
    name_pt: Mapped[str] = mapped_column(String(200), default="", server_default="")

    version: Mapped[FrameworkVersion] = relationship(
        "FrameworkVersion", back_populates="dimensions"
    )
    indicators: Mapped[list[Indicator]] = relationship(
        "Indicator", order_by="Indicator.position", back_populates="dimension", lazy="selectin"
    )

    __table_args__ = (UniqueConstraint("version_id", "code"),)

    @property
    def name(self) -> str:
        return self.localized("name")


class Indicator(IdMixin, Localized, Model):
    """A yes/no question about a municipality, with the evidence that proves a yes."""

    __tablename__ = "indicators"

    version_id: Mapped[int] = cascade_fk("indicator_framework_versions.id")
    dimension_id: Mapped[int] = cascade_fk("indicator_dimensions.id")
    code: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    name_es: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="", server_default="")
    name_pt: Mapped[str] = mapped_column(String(200), default="", server_default="")
    question_es: Mapped[str] = mapped_column(Text)
    question_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    question_pt: Mapped[str] = mapped_column(Text, default="", server_default="")
    evidence_es: Mapped[str] = mapped_column(Text, default="", server_default="")
    evidence_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    evidence_pt: Mapped[str] = mapped_column(Text, default="", server_default="")
    source: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Which platform activity can prove it (see suggestions.py); None when nothing can.
    suggestion: Mapped[str | None] = mapped_column(String(200))

    dimension: Mapped[Dimension] = relationship("Dimension", back_populates="indicators")

    __table_args__ = (UniqueConstraint("version_id", "code"),)

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def question(self) -> str:
        return self.localized("question")

    @property
    def evidence(self) -> str:
        return self.localized("evidence")

    def __repr__(self) -> str:
        return f"<Indicator {self.code}>"


class Assessment(IdMixin, MunicipalityScopedMixin, TimestampMixin, Model):
    """A municipality's answers to one framework version for one period (e.g. 2026-S2)."""

    __tablename__ = "indicator_assessments"

    framework_version_id: Mapped[int] = mapped_column(
        ForeignKey("indicator_framework_versions.id", ondelete="RESTRICT"), index=True
    )
    period: Mapped[str] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(
        String(20), default=AssessmentStatus.DRAFT, server_default="draft"
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None]
    validated_at: Mapped[datetime | None]
    validated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Evidence dated after this day does not count for the round (None on rounds opened before
    # cut-off dates existed).
    cutoff_date: Mapped[date | None]

    municipality: Mapped[Municipality] = relationship("Municipality", lazy="joined")
    framework_version: Mapped[FrameworkVersion] = relationship("FrameworkVersion", lazy="joined")
    answers: Mapped[list[Answer]] = relationship(
        "Answer",
        back_populates="assessment",
        cascade="all, delete-orphan",
        order_by="Answer.id",
    )

    __table_args__ = (
        UniqueConstraint("municipality_id", "period"),
        CheckConstraint("status IN ('draft', 'submitted', 'returned', 'validated')", name="status"),
        CheckConstraint("length(period) = 7", name="period"),
        Index("ix_indicator_assessments_status_period", "status", "period"),
    )

    @property
    def is_validated(self) -> bool:
        return self.status == AssessmentStatus.VALIDATED

    @property
    def is_editable(self) -> bool:
        return self.status in (AssessmentStatus.DRAFT, AssessmentStatus.RETURNED)

    def __repr__(self) -> str:
        return f"<Assessment {self.municipality_id} {self.period} {self.status}>"


class Answer(IdMixin, TimestampMixin, Model):
    """The answer to one indicator in one assessment, its evidence and the reviewer's decision."""

    __tablename__ = "indicator_answers"

    assessment_id: Mapped[int] = cascade_fk("indicator_assessments.id")
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="RESTRICT"), index=True
    )
    value: Mapped[bool | None]  # None until answered
    evidence_url: Mapped[str | None] = mapped_column(String(500))
    evidence_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("uploads.id", ondelete="SET NULL")
    )
    evidence_link: Mapped[str | None] = mapped_column(String(300))  # a path on this platform
    note: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_status: Mapped[str] = mapped_column(
        String(20), default=ReviewStatus.PENDING, server_default="pending"
    )
    review_comment: Mapped[str | None] = mapped_column(Text)
    # The reviewer's own answer (None until reviewed); published scores use it where present.
    validated_value: Mapped[bool | None]
    # The day the evidence is dated (a document's date, a page's publication), checked against
    # the round's cut-off; only public evidence appears on public pages and in open data.
    evidence_date: Mapped[date | None]
    evidence_public: Mapped[bool] = mapped_column(default=True, server_default="1")
    # The platform's own copy of the evidence and when it was captured.
    evidence_archive_id: Mapped[int | None] = mapped_column(
        ForeignKey("uploads.id", ondelete="SET NULL")
    )
    evidence_archive_status: Mapped[str | None] = mapped_column(String(20))
    evidence_captured_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None]

    assessment: Mapped[Assessment] = relationship("Assessment", back_populates="answers")
    indicator: Mapped[Indicator] = relationship("Indicator", lazy="joined")
    evidence_document: Mapped[Upload | None] = relationship(
        "Upload", lazy="joined", foreign_keys=[evidence_document_id]
    )
    evidence_archive: Mapped[Upload | None] = relationship(
        "Upload", lazy="joined", foreign_keys=[evidence_archive_id]
    )

    __table_args__ = (
        UniqueConstraint("assessment_id", "indicator_id"),
        CheckConstraint(
            "review_status IN ('pending', 'accepted', 'returned')", name="review_status"
        ),
        CheckConstraint(
            "evidence_archive_status IN ('archived', 'uploaded', 'failed')",
            name="evidence_archive_status",
        ),
    )

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_url or self.evidence_document_id or self.evidence_link)

    @property
    def published_value(self) -> bool | None:
        """The validated answer where a reviewer gave one, the self-assessed one otherwise."""
        return self.validated_value if self.validated_value is not None else self.value

    @property
    def disagrees(self) -> bool:
        """The reviewer's answer differs from the member's (yes against no, either way)."""
        return (
            self.value is not None
            and self.validated_value is not None
            and self.value != self.validated_value
        )


class PlatformReviewer(IdMixin, Model):
    """A person appointed by platform admins to review municipalities' assessments."""

    __tablename__ = "indicator_reviewers"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    appointed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship("User", foreign_keys=[user_id], lazy="joined")
