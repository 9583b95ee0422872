"""Read side: a page of comment threads and the alignment summary, in constant queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, Integer, String, bindparam, func, or_, select

from participa.comments import registry
from participa.comments.models import Alignment, Comment
from participa.comments.policies import can_delete, can_edit, commenting_denial, is_moderator
from participa.core.authz import is_authenticated, visitor_key
from participa.core.viewer import Probe, answer
from participa.extensions import db

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, UnaryExpression

    from participa.accounts.models import User
    from participa.core.authz import Visitor

SORTS = ("best", "newest", "oldest")
PER_PAGE = 20


@dataclass
class Thread:
    """One page of top-level comments with every reply, ready for ``comment_section``."""

    kind: str
    target: Any  # whichever model a feature registered as commentable
    viewer: Visitor
    sort: str
    page: int
    per_page: int
    total: int  # top-level comments this viewer is shown (placeholders included): pagination
    count: int  # visible comments, replies included: the count shown everywhere
    roots: list[Comment]
    children: dict[int, list[Comment]]
    votes: dict[int, int]
    summary: dict[str, int]
    moderator: bool
    denial: str | None
    url: str
    # Keeps the authors alive in the session's identity map so ``comment.author`` costs no query.
    authors: list[User] = field(default_factory=list)
    reported: set[int] = field(default_factory=set)  # comments the viewer has already reported

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def can_comment(self) -> bool:
        return self.denial is None

    @property
    def is_open(self) -> bool:
        return registry.commentable(self.kind).is_open(self.target)

    def replies(self, comment: Comment) -> list[Comment]:
        return self.children.get(comment.id, [])

    def vote_of(self, comment: Comment) -> int:
        return self.votes.get(comment.id, 0)

    def is_own(self, comment: Comment) -> bool:
        return is_authenticated(self.viewer) and comment.author_id == self.viewer.id

    def can_edit(self, comment: Comment) -> bool:
        return can_edit(comment, self.viewer)

    def can_delete(self, comment: Comment) -> bool:
        return can_delete(comment, self.viewer)

    def can_reply(self, comment: Comment) -> bool:
        return (
            self.can_comment
            and comment.depth < 2
            and not comment.is_deleted
            and not comment.pending_review
        )

    def can_vote(self, comment: Comment) -> bool:
        return self.can_comment and comment.is_visible and not self.is_own(comment)

    def can_report(self, comment: Comment) -> bool:
        return (
            is_authenticated(self.viewer)
            and not self.is_own(comment)
            and not comment.is_deleted
            and not comment.is_hidden
            and comment.id not in self.reported
        )

    def shows_body(self, comment: Comment) -> bool:
        """Hidden text is shown, marked, only to its author and moderators."""
        if comment.is_deleted:
            return False
        return not comment.is_hidden or self.moderator or self.is_own(comment)


def _visible_to(viewer: Visitor, moderator: bool) -> ColumnElement[bool] | None:
    if moderator:
        return None
    if is_authenticated(viewer):
        return or_(Comment.pending_review.is_(False), Comment.author_id == viewer.id)
    return Comment.pending_review.is_(False)


def _order(sort: str) -> tuple[UnaryExpression[Any], ...]:
    if sort == "newest":
        return (Comment.created_at.desc(), Comment.id.desc())
    if sort == "oldest":
        return (Comment.created_at.asc(), Comment.id.asc())
    return (Comment.score.desc(), Comment.created_at.desc(), Comment.id.desc())


def thread_probe(target: Any, kind: str, viewer: Visitor) -> Probe:
    """The count of top-level comments the viewer sees on ``target`` (what a thread asks first),
    as a question a page may answer in advance (``core.viewer``)."""
    return _total_probe(kind, target, viewer, _is_moderator(viewer, target))


def _is_moderator(viewer: Visitor, target: Any) -> bool:
    return is_authenticated(viewer) and is_moderator(viewer, target.municipality_id)


# The top-level comments a viewer sees (as _visible_to says: moderators all, others those
# published and their own), built once: every commentable page asks it.
_TOTAL = (
    select(func.count())
    .select_from(Comment)
    .where(
        Comment.commentable_type == bindparam("thread_kind", type_=String),
        Comment.commentable_id == bindparam("thread_target_id", type_=Integer),
        Comment.parent_id.is_(None),
        or_(
            bindparam("thread_moderator", type_=Boolean),
            Comment.pending_review.is_(False),
            Comment.author_id == bindparam("thread_viewer_id", type_=Integer),
        ),
    )
    .scalar_subquery()
)


def _total_probe(kind: str, target: Any, viewer: Visitor, moderator: bool) -> Probe:
    viewer_id = visitor_key(viewer)
    params = {
        "thread_kind": kind,
        "thread_target_id": target.id,
        "thread_moderator": moderator,
        "thread_viewer_id": viewer_id,
    }
    return Probe(("comments.total", kind, target.id, viewer_id, moderator), _TOTAL, params)


def comment_thread(
    target: Any,
    kind: str,
    *,
    viewer: Visitor,
    sort: str | None = "best",
    page: int | str | None = 1,
    per_page: int = PER_PAGE,
) -> Thread:
    """Load a page of top-level comments with all replies, authors and the viewer's votes."""
    sort = sort if sort in SORTS else "best"
    try:
        page = max(1, int(page or 1))
    except (TypeError, ValueError):
        page = 1
    moderator = _is_moderator(viewer, target)
    visible = _visible_to(viewer, moderator)
    on_target = [Comment.commentable_type == kind, Comment.commentable_id == target.id]
    if visible is not None:
        on_target.append(visible)
    total = int(answer(_total_probe(kind, target, viewer, moderator)))
    pages = max(1, -(-total // per_page))
    page = min(page, pages)
    # Most items have no comment: then there is no page to read and nothing to sum up (what
    # the summary counts, everyone sees, so it is counted in ``total`` too).
    roots = (
        list(
            db.session.scalars(
                select(Comment)
                .where(*on_target, Comment.parent_id.is_(None))
                .order_by(*_order(sort))
                .limit(per_page)
                .offset((page - 1) * per_page)
            )
        )
        if total
        else []
    )
    root_ids = [c.id for c in roots]
    replies: list[Comment] = []
    if root_ids:
        replies = list(
            db.session.scalars(
                select(Comment)
                .where(*on_target, Comment.root_id.in_(root_ids))
                .order_by(Comment.created_at, Comment.id)
            )
        )
    children: dict[int, list[Comment]] = {}
    for reply in replies:
        assert reply.parent_id is not None  # replies have a parent
        children.setdefault(reply.parent_id, []).append(reply)
    everything = roots + replies
    return Thread(
        kind=kind,
        target=target,
        viewer=viewer,
        sort=sort,
        page=page,
        per_page=per_page,
        total=total,
        count=_visible_count(kind, target),
        roots=roots,
        children=children,
        votes=_votes_of(viewer, [c.id for c in everything]),
        summary=alignment_summary(kind, target.id) if total else _no_alignments(),
        moderator=moderator,
        denial=commenting_denial(viewer, kind, target),
        url=registry.commentable(kind).url(target),
        authors=_load_authors({c.author_id for c in everything if c.author_id}),
        reported=_reported_by(viewer, [c.id for c in everything]),
    )


def _load_authors(ids: set[int]) -> list[User]:
    if not ids:
        return []
    from participa.accounts.models import User

    return list(db.session.scalars(select(User).where(User.id.in_(ids))))


def _votes_of(viewer: Visitor, comment_ids: list[int]) -> dict[int, int]:
    if not is_authenticated(viewer) or not comment_ids:
        return {}
    from participa.comments.models import CommentVote

    rows = db.session.execute(
        select(CommentVote.comment_id, CommentVote.value).where(
            CommentVote.user_id == viewer.id, CommentVote.comment_id.in_(comment_ids)
        )
    )
    return {comment_id: value for comment_id, value in rows}


def _reported_by(viewer: Visitor, comment_ids: list[int]) -> set[int]:
    if not is_authenticated(viewer) or not comment_ids:
        return set()
    from participa.moderation.models import Report

    return set(
        db.session.scalars(
            select(Report.reportable_id).where(
                Report.reporter_id == viewer.id,
                Report.reportable_type == "comment",
                Report.reportable_id.in_(comment_ids),
            )
        )
    )


def _visible_count(kind: str, target: Any) -> int:
    # The counter column holds the same count (kept in step by the comments service): no query.
    if registry.commentable(kind).has_counter:
        count: int = target.comments_count
        return count
    return visible_counts(kind, [target.id]).get(target.id, 0)


def visible_counts(kind: str, target_ids: list[int]) -> dict[int, int]:
    """Count the visible comments, replies included, of each commentable (one grouped query).

    The same definition as the ``comments_count`` columns cards and lists show.
    """
    if not target_ids:
        return {}
    rows = db.session.execute(
        select(Comment.commentable_id, func.count())
        .where(
            Comment.commentable_type == kind,
            Comment.commentable_id.in_(target_ids),
            Comment.is_visible,
        )
        .group_by(Comment.commentable_id)
    )
    return dict(rows.all())


def alignment_summary(kind: str, target_id: int) -> dict[str, int]:
    """Count the shown top-level comments in favour, against and neutral (one grouped query)."""
    rows = db.session.execute(
        select(Comment.alignment, func.count())
        .where(
            Comment.commentable_type == kind,
            Comment.commentable_id == target_id,
            Comment.parent_id.is_(None),
            Comment.is_visible,
        )
        .group_by(Comment.alignment)
    )
    summary = _no_alignments()
    summary.update({alignment: count for alignment, count in rows})
    return summary


def _no_alignments() -> dict[str, int]:
    return {a.value: 0 for a in Alignment}
