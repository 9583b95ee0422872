"""Legislative drafts, their versions and sections, and what participants do with them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.core.participation import Participation
from participa.db import (
    IdMixin,
    MunicipalityScopedMixin,
    TimestampMixin,
    cascade_fk,
    sql_in,
    utcnow,
)
from participa.extensions import Model

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality


class DraftKind(StrEnum):
    ORDINANCE = "ordinance"
    REGULATION = "regulation"
    BILL = "bill"
    OTHER = "other"


class DraftStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"


class SectionKind(StrEnum):
    TITLE = "title"
    CHAPTER = "chapter"
    ARTICLE = "article"


class VoteValue(StrEnum):
    IN_FAVOUR = "in_favour"
    AGAINST = "against"
    ABSTAIN = "abstain"


class AmendmentState(StrEnum):
    PUBLISHED = "published"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class QuestionKind(StrEnum):
    OPEN = "open"
    SINGLE = "single"
    MULTIPLE = "multiple"


# The name a draft goes by in every system that names content by kind (comments' followers,
# documents, events, search, links): one name, so a page asks about its draft once.
DRAFT_KIND = "legislation_draft"


class Draft(IdMixin, MunicipalityScopedMixin, TimestampMixin, Model):
    """A draft ordinance, regulation or bill put to participants article by article."""

    __tablename__ = "legislation_drafts"

    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default=DraftKind.ORDINANCE)
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    explanatory_statement: Mapped[str] = mapped_column(Text, default="", server_default="")
    destination_body: Mapped[str] = mapped_column(String(200), default="", server_default="")
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    participation: Mapped[str] = mapped_column(
        String(20), default=Participation.REGISTERED, server_default="registered"
    )
    status: Mapped[str] = mapped_column(
        String(20), default=DraftStatus.DRAFT, server_default="draft"
    )
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultations.id", ondelete="SET NULL"), index=True
    )
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("legislation_versions.id", ondelete="SET NULL", use_alter=True)
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # The staff's public response: what changed in the final text and why.
    response: Mapped[str] = mapped_column(Text, default="", server_default="")
    response_published_at: Mapped[datetime | None]

    municipality: Mapped[Municipality] = relationship("Municipality", lazy="joined")
    current_version: Mapped[DraftVersion | None] = relationship(
        "DraftVersion", foreign_keys=[current_version_id]
    )

    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(DraftKind)})", name="kind"),
        CheckConstraint(f"status IN ({sql_in(DraftStatus)})", name="status"),
        CheckConstraint(f"participation IN ({sql_in(Participation)})", name="participation"),
        CheckConstraint(
            "opens_at IS NULL OR closes_at IS NULL OR closes_at > opens_at", name="period"
        ),
    )

    def is_open_at(self, now: datetime) -> bool:
        """Published, and inside the participation period."""
        if self.status != DraftStatus.PUBLISHED or self.current_version_id is None:
            return False
        if self.opens_at is not None and now < self.opens_at:
            return False
        return self.closes_at is None or now < self.closes_at

    @property
    def is_open(self) -> bool:
        return self.is_open_at(utcnow())

    @property
    def is_closed(self) -> bool:
        """Closed by staff, or its period is over."""
        if self.status == DraftStatus.CLOSED:
            return True
        return (
            self.status == DraftStatus.PUBLISHED
            and self.closes_at is not None
            and utcnow() >= self.closes_at
        )

    @property
    def is_public(self) -> bool:
        return self.status != DraftStatus.DRAFT

    def __repr__(self) -> str:
        return f"<Draft {self.id} {self.title!r}>"


class DraftVersion(IdMixin, Model):
    """One published text of a draft; its sections keep the votes and comments made on them."""

    __tablename__ = "legislation_versions"

    draft_id: Mapped[int] = cascade_fk("legislation_drafts.id")
    number: Mapped[int]
    source: Mapped[str] = mapped_column(Text)
    preamble: Mapped[str] = mapped_column(Text, default="", server_default="")
    change_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    __table_args__ = (UniqueConstraint("draft_id", "number"),)


class Section(IdMixin, MunicipalityScopedMixin, Model):
    """A title, chapter or article of one version; ``key`` (``art-5``) is stable across versions."""

    __tablename__ = "legislation_sections"

    draft_id: Mapped[int] = cascade_fk("legislation_drafts.id")
    version_id: Mapped[int] = cascade_fk("legislation_versions.id")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("legislation_sections.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(60))
    number: Mapped[str] = mapped_column(String(30), default="", server_default="")
    heading: Mapped[str] = mapped_column(String(300), default="", server_default="")
    body: Mapped[str] = mapped_column(Text, default="", server_default="")
    position: Mapped[int]
    # Kept in the same transaction as the votes (atomic UPDATE ... SET n = n + 1).
    votes_in_favour: Mapped[int] = mapped_column(default=0, server_default="0")
    votes_against: Mapped[int] = mapped_column(default=0, server_default="0")
    votes_abstain: Mapped[int] = mapped_column(default=0, server_default="0")
    comments_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # The same article of the previous version, when the text did not change: its votes were
    # copied here when this version was published (changed articles start afresh).
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("legislation_sections.id", ondelete="SET NULL")
    )

    draft: Mapped[Draft] = relationship("Draft", foreign_keys=[draft_id])

    __table_args__ = (
        UniqueConstraint("version_id", "key"),
        CheckConstraint(f"kind IN ({sql_in(SectionKind)})", name="kind"),
    )

    @property
    def is_article(self) -> bool:
        return self.kind == SectionKind.ARTICLE

    @property
    def votes_total(self) -> int:
        return self.votes_in_favour + self.votes_against + self.votes_abstain

    def __repr__(self) -> str:
        return f"<Section {self.id} {self.key}>"


class SectionSource(IdMixin, Model):
    """Provenance: an accepted amendment or a comment that a changed article answers."""

    __tablename__ = "legislation_section_sources"

    section_id: Mapped[int] = cascade_fk("legislation_sections.id")
    amendment_id: Mapped[int | None] = mapped_column(
        ForeignKey("legislation_amendments.id", ondelete="CASCADE")
    )
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))

    __table_args__ = (
        CheckConstraint("(amendment_id IS NULL) <> (comment_id IS NULL)", name="one_source"),
    )


class ArticleVote(IdMixin, Model):
    """One person's vote on one article; changeable until the draft closes."""

    __tablename__ = "legislation_votes"

    draft_id: Mapped[int] = mapped_column(ForeignKey("legislation_drafts.id", ondelete="CASCADE"))
    section_id: Mapped[int] = cascade_fk("legislation_sections.id")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("user_id", "section_id"),
        CheckConstraint(f"value IN ({sql_in(VoteValue)})", name="value"),
        Index("ix_legislation_votes_draft_created", "draft_id", "created_at"),
    )


class Amendment(IdMixin, MunicipalityScopedMixin, Model):
    """Alternative wording for an article, with its justification and supports."""

    __tablename__ = "legislation_amendments"

    draft_id: Mapped[int] = cascade_fk("legislation_drafts.id")
    section_id: Mapped[int] = cascade_fk("legislation_sections.id")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    justification: Mapped[str] = mapped_column(Text, default="", server_default="")
    supports_count: Mapped[int] = mapped_column(default=0, server_default="0")
    state: Mapped[str] = mapped_column(
        String(20), default=AmendmentState.PUBLISHED, server_default="published"
    )
    decision_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship("User", foreign_keys=[author_id])

    __table_args__ = (
        CheckConstraint(f"state IN ({sql_in(AmendmentState)})", name="state"),
        CheckConstraint("supports_count >= 0", name="supports_count"),
    )


class AmendmentSupport(IdMixin, Model):
    """One person's support for an amendment."""

    __tablename__ = "legislation_amendment_supports"

    amendment_id: Mapped[int] = cascade_fk("legislation_amendments.id")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("user_id", "amendment_id"),)


class Question(IdMixin, Model):
    """A general question staff ask about a draft: open, single or multiple choice."""

    __tablename__ = "legislation_questions"

    draft_id: Mapped[int] = cascade_fk("legislation_drafts.id")
    kind: Mapped[str] = mapped_column(String(10), default=QuestionKind.OPEN)
    prompt: Mapped[str] = mapped_column(String(500))
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0, server_default="0")

    __table_args__ = (CheckConstraint(f"kind IN ({sql_in(QuestionKind)})", name="kind"),)


class QuestionAnswer(IdMixin, Model):
    """One person's answer to a question (text, or the indexes of the chosen options)."""

    __tablename__ = "legislation_answers"

    question_id: Mapped[int] = cascade_fk("legislation_questions.id")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text, default="", server_default="")
    choices: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("user_id", "question_id"),)


class Passage(IdMixin, MunicipalityScopedMixin, Model):
    """A selected passage of an article; commentable as ``passage`` through the shared comments.

    Offsets index the article's plain text (see ``passages.article_text``); on re-render the
    passage is found again by its quoted text first, by its offsets second.
    """

    __tablename__ = "legislation_passages"

    draft_id: Mapped[int] = cascade_fk("legislation_drafts.id")
    section_id: Mapped[int] = cascade_fk("legislation_sections.id")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    start_offset: Mapped[int]
    end_offset: Mapped[int]
    quote: Mapped[str] = mapped_column(Text)
    comments_count: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    draft: Mapped[Draft] = relationship("Draft", foreign_keys=[draft_id])
    section: Mapped[Section] = relationship("Section", foreign_keys=[section_id])

    __table_args__ = (
        UniqueConstraint("section_id", "start_offset", "end_offset"),
        CheckConstraint("start_offset >= 0 AND end_offset > start_offset", name="offsets"),
    )
