"""Library entries (a practice, a guide, a toolkit, a report), their links and the indicators a
practice cites."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.db import IdMixin, TimestampMixin, cascade_fk, sql_in
from participa.extensions import Model

if TYPE_CHECKING:
    from participa.municipalities.models import Municipality


class Kind(StrEnum):
    PRACTICE = "practice"
    GUIDE = "guide"
    TOOLKIT = "toolkit"
    REPORT = "report"


class Status(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


KINDS = tuple(k.value for k in Kind)
STATUSES = tuple(s.value for s in Status)
# The licences an entry may carry (labels and links in services.LICENCES).
LICENCES = ("cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0", "cc0-1.0", "all-rights-reserved")


class LibraryEntry(IdMixin, TimestampMixin, Model):
    """A document of the library; ``municipality_id`` None when the network publishes it."""

    __tablename__ = "library_entries"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(KINDS)})", name="kind"),
        CheckConstraint(f"status IN ({sql_in(STATUSES)})", name="status"),
        CheckConstraint(f"licence IN ({sql_in(LICENCES)})", name="licence"),
        Index("ix_library_entries_status_published", "status", "published_at"),
    )

    # The member publishing it; None: the network (its platform admins).
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(600), default="", server_default="")
    body: Mapped[str] = mapped_column(Text, default="", server_default="")  # Markdown
    topic: Mapped[str] = mapped_column(String(40), index=True)  # core.topics
    language: Mapped[str] = mapped_column(String(10))
    licence: Mapped[str] = mapped_column(String(30))
    year: Mapped[int | None]
    authors: Mapped[str] = mapped_column(String(300), default="", server_default="")
    status: Mapped[str] = mapped_column(
        String(20), default=Status.DRAFT, server_default=Status.DRAFT.value
    )
    published_at: Mapped[datetime | None]

    municipality: Mapped[Municipality | None] = relationship("Municipality")
    links: Mapped[list[LibraryLink]] = relationship(
        "LibraryLink",
        order_by="LibraryLink.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    citations: Mapped[list[IndicatorCitation]] = relationship(
        "IndicatorCitation",
        order_by="IndicatorCitation.code",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def is_network(self) -> bool:
        return self.municipality_id is None

    @property
    def cited_codes(self) -> list[str]:
        return [c.code for c in self.citations]


class LibraryLink(IdMixin, Model):
    """An external address of an entry (the document where it lives, a video, a repository)."""

    __tablename__ = "library_links"

    entry_id: Mapped[int] = cascade_fk("library_entries.id")
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    url: Mapped[str] = mapped_column(String(500))
    title: Mapped[str] = mapped_column(String(200), default="", server_default="")


class IndicatorCitation(IdMixin, Model):
    """An indicator (by its framework code) that a practice evidences."""

    __tablename__ = "library_indicator_citations"
    __table_args__ = (UniqueConstraint("entry_id", "code"),)

    entry_id: Mapped[int] = cascade_fk("library_entries.id")
    code: Mapped[str] = mapped_column(String(10), index=True)
