"""The comments everyone can read, as an open dataset (see participa.core.datasets)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, false, func, or_, select

from participa.accounts.models import User
from participa.comments.models import Alignment, Comment
from participa.comments.registry import public_kinds
from participa.core.datasets import Column, Dataset
from participa.core.features import Contributions

contributions = Contributions()


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
            Comment.parent_id.label("parent_id"),
            Comment.body.label("body"),
            Comment.alignment.label("alignment"),
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


contributions.add("dataset", Dataset(
    name="comments",
    title=_l("Comments"),
    description=_l("The comments everyone can read on public consultations, proposals, "
                   "draft articles and purchases. Hidden, deleted and unreviewed comments are "
                   "left out."),
    columns=(
        Column("id", "integer", _l("Number of the comment")),
        Column("object_kind", "string", _l("Kind of thing commented on (consultation, "
                                           "proposal, article, passage, procurement_process)")),
        Column("object_id", "integer", _l("Number of the thing commented on, in its own "
                                          "dataset")),
        Column("parent_id", "integer", _l("The comment it answers (empty for a new thread)")),
        Column("body", "string", _l("Text of the comment")),
        Column("alignment", "string", _l("Position the author took"),
               values=tuple(a.value for a in Alignment)),
        Column("author", "string", _l("Public name of the author; empty when the account "
                                      "was deleted")),
        Column("votes_up", "integer", _l("Votes up received")),
        Column("votes_down", "integer", _l("Votes down received")),
        Column("created_at", "datetime", _l("When it was posted")),
        Column("changed_at", "datetime", _l("Last edit")),
    ),
    query=_comments,
    changed="changed_at",
    keywords=("comentarios", "participación", "comments"),
))  # fmt: skip
