"""Comments are reportable, and follow moderation's visibility changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import url_for

from participa.comments import services
from participa.comments.models import Comment
from participa.core.features import Contributions
from participa.core.registry import visible_count_keeper

if TYPE_CHECKING:
    from participa.core.authz import Visitor

contributions = Contributions()


def _url(comment: Comment) -> str:
    try:
        return services.comment_url(comment)
    except Exception:
        return url_for(
            "comments.list", kind=comment.commentable_type, target_id=comment.commentable_id
        )


def _in_sight(user: Visitor, comment: Comment) -> bool:
    from participa.comments import registry

    target = registry.load_commentable(
        comment.commentable_type, comment.commentable_id, comment.municipality_id
    )
    return target is not None and registry.is_visible(user, comment.commentable_type, target)


contributions.add(
    "reportable",
    "comment",
    Comment,
    url=_url,
    author_id=lambda c: c.author_id,
    title=lambda c: services.excerpt(c.body, 60),
    body=lambda c: c.body,
    visible=_in_sight,
)


def _bump(comment: Comment, delta: int) -> None:
    # The commentable's comments_count counts the comments everyone can see.
    services.bump_count(comment.commentable_type, comment.commentable_id, delta)


def _announce(kind: str, obj: Any = None, **_extra: Any) -> None:
    if kind == "comment":
        services.announce(obj, services.target_of(obj))


contributions.add("visibility_changed", visible_count_keeper("comment", _bump))
contributions.add("content_approved", _announce)
