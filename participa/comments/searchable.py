"""What site-wide search shows of comments: published ones on things everyone may see.

A comment's result is titled with what it comments on and links to it in its thread.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from sqlalchemy import Select, false, select

from participa.comments import registry
from participa.comments.models import Comment
from participa.core.features import Contributions
from participa.core.text import markdown_text

contributions = Contributions()


def comment_document(comment: Comment) -> dict[str, Any] | None:
    """The search document of ``comment``, or None when the public may not read it."""
    if comment.hidden_at or comment.deleted_at or comment.pending_review:
        return None
    entry = registry.get(comment.commentable_type)
    if entry is None:
        return None
    target = registry.load_commentable(
        comment.commentable_type, comment.commentable_id, comment.municipality_id
    )
    if target is None or (entry.visible and not entry.visible(AnonymousUserMixin(), target)):
        return None
    return {
        "title": str(getattr(target, "title", "") or ""),
        "body": markdown_text(comment.body),
        "municipality_id": comment.municipality_id,
        "endpoint": "comments.list",
        "url_args": {
            "kind": comment.commentable_type,
            "target_id": comment.commentable_id,
            "_anchor": f"comment-{comment.id}",
        },
        "dated_at": comment.created_at,
    }


def comments_on(target: Any) -> Select[Comment]:
    """The comments on ``target`` when it is a commentable thing, whose visibility they share."""
    for kind in registry.registered_kinds():
        entry = registry.get(kind)
        if entry is not None and type(target) is entry.model:
            return select(Comment).where(
                Comment.commentable_type == kind, Comment.commentable_id == target.id
            )
    return select(Comment).where(false())


contributions.add(
    "searchable",
    "comment",
    Comment,
    label=_l("Comments"),
    document=comment_document,
    watch=("body", "hidden_at", "deleted_at", "pending_review"),
    # Hiding, unpublishing or closing what a comment is on changes whether it may be read.
    depends_on=((object, ("hidden_at", "status", "deleted_at"), comments_on),),
    order=40,
)
