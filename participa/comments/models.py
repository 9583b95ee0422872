"""Comments on any registered commentable, and the votes they receive."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    and_,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.db import IdMixin, MunicipalityScopedMixin, cascade_fk, utcnow
from participa.extensions import Model

if TYPE_CHECKING:
    from participa.accounts.models import User

MAX_DEPTH = 2  # depth 0 is a top-level comment: three levels in all
BODY_MAX = 5000


class Alignment(StrEnum):
    IN_FAVOUR = "in_favour"
    AGAINST = "against"
    NEUTRAL = "neutral"


class Comment(IdMixin, MunicipalityScopedMixin, Model):
    """A comment on a commentable (generic relation: ``commentable_type`` + ``commentable_id``)."""

    __tablename__ = "comments"

    commentable_type: Mapped[str] = mapped_column(String(40))
    commentable_id: Mapped[int]
    parent_id: Mapped[int | None] = cascade_fk("comments.id")
    # The top-level comment of the thread (NULL on top-level comments): one query loads a
    # whole page of threads.
    root_id: Mapped[int | None] = cascade_fk("comments.id")
    depth: Mapped[int] = mapped_column(default=0, server_default="0")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    alignment: Mapped[str] = mapped_column(
        String(10), default=Alignment.NEUTRAL, server_default=Alignment.NEUTRAL.value
    )
    upvotes: Mapped[int] = mapped_column(default=0, server_default="0")
    downvotes: Mapped[int] = mapped_column(default=0, server_default="0")
    score: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]
    hidden_at: Mapped[datetime | None]
    pending_review: Mapped[bool] = mapped_column(default=False, server_default="0")

    author: Mapped[User | None] = relationship("User", foreign_keys=[author_id])

    __table_args__ = (
        Index(
            "ix_comments_commentable_created",
            "commentable_type",
            "commentable_id",
            "created_at",
        ),
        Index("ix_comments_commentable_score", "commentable_type", "commentable_id", "score"),
        CheckConstraint("alignment IN ('in_favour', 'against', 'neutral')", name="alignment"),
        CheckConstraint(f"depth >= 0 AND depth <= {MAX_DEPTH}", name="depth"),
        CheckConstraint(f"length(body) <= {BODY_MAX}", name="body_length"),
    )

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @hybrid_property
    def is_visible(self) -> bool:
        """Shown to everyone: not deleted, hidden or waiting for review.

        The one definition of a comment that counts: ``comments_count`` columns, the count on
        a page's comment heading, reports and exports all count visible comments, replies
        included (in SQL through ``Comment.is_visible``).
        """
        return not (self.is_deleted or self.is_hidden or self.pending_review)

    @is_visible.inplace.expression
    @classmethod
    def _is_visible_expression(cls) -> ColumnElement[bool]:
        return and_(
            cls.deleted_at.is_(None), cls.hidden_at.is_(None), cls.pending_review.is_(False)
        )

    def __repr__(self) -> str:
        return f"<Comment {self.id} on {self.commentable_type}:{self.commentable_id}>"


class CommentVote(IdMixin, Model):
    """One person's up (+1) or down (-1) vote on a comment; changeable, one per person."""

    __tablename__ = "comment_votes"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    comment_id: Mapped[int] = cascade_fk("comments.id")
    value: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("user_id", "comment_id"),
        CheckConstraint("value IN (-1, 1)", name="value"),
    )
