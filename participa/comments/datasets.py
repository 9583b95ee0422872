"""The comments everyone can read, as an open dataset: described in ``datasets.json``, read by
the query below (see participa.core.datasets)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, case, false, func, or_, select

from participa.accounts.models import User
from participa.comments.models import Comment
from participa.comments.registry import public_kinds
from participa.core.datasets import described, fields_of


def _comments(municipality_id: int) -> Select[*tuple[Any, ...]]:
    # Only on targets everyone may see: a kind that does not declare its public targets is left
    # out rather than guessed.
    on_public = [
        and_(Comment.commentable_type == kind, Comment.commentable_id.in_(ids(municipality_id)))
        for kind, ids in public_kinds().items()
    ]
    return (
        select(
            Comment.id.label("id"),
            Comment.commentable_type.label("object_kind"),
            Comment.commentable_id.label("object_id"),
            *fields_of(Comment, "parent_id", "body", "alignment"),
            # A deleted participant's comment stays, anonymised.
            case((User.deleted_at.is_(None), User.display_name), else_=None).label("author"),
            Comment.upvotes.label("votes_up"),
            Comment.downvotes.label("votes_down"),
            Comment.created_at.label("created_at"),
            func.coalesce(Comment.edited_at, Comment.created_at).label("changed_at"),
        )
        .outerjoin(User, User.id == Comment.author_id)
        .where(
            Comment.municipality_id == municipality_id,
            Comment.is_visible,
            or_(*on_public) if on_public else false(),
        )
    )


contributions = described(__package__, {"comments": _comments})
