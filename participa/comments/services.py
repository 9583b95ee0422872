"""Post, reply, edit, delete and vote on comments; every rule of the comment system lives here.

Other features show a commentable's comments with :func:`thread_for` (the read side is built in
``threads``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from flask import request
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select, update

from participa.comments import registry
from participa.comments.models import BODY_MAX, MAX_DEPTH, Alignment, Comment, CommentVote
from participa.comments.policies import (
    can_delete,
    can_edit,
    commenting_denial,
    edit_window,
    is_moderator,
)
from participa.comments.threads import Thread, comment_thread
from participa.comments.threads import thread_probe as thread_probe
from participa.core.authz import is_authenticated
from participa.core.errors import DomainError, required_text
from participa.core.params import int_arg
from participa.core.text import excerpt as text_excerpt
from participa.core.unique import add_if_new
from participa.db import utcnow
from participa.extensions import db
from participa.moderation import rules
from participa.notifications import services as notifications

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.authz import Visitor

logger = logging.getLogger(__name__)

DUPLICATE_WINDOW = timedelta(minutes=2)


# Targets are Any: whichever model a feature registered as commentable.
def ensure_can_comment(user: Visitor, kind: str, target: Any) -> None:
    """Raise a DomainError (409 when closed, 403 otherwise) unless ``user`` may comment."""
    denial = commenting_denial(user, kind, target)
    if denial is not None:
        closed = not registry.commentable(kind).is_open(target)
        raise DomainError(denial, status=409 if closed else 403)


# --- Reading --------------------------------------------------------------------------------


def thread_for(target: Any, kind: str, viewer: Visitor) -> Thread:
    """The page of ``target``'s comments that the query string names, for ``comment_section``."""
    return comment_thread(
        target,
        kind,
        viewer=viewer,
        sort=request.args.get("comments_sort"),
        page=int_arg("comments_page", 1, min=1, lenient=True),
    )


# --- Posting --------------------------------------------------------------------------------


def _clean_body(body: str | None) -> str:
    return required_text(
        body,
        BODY_MAX,
        missing=_("Write your comment."),
        too_long=ngettext(
            "A comment can have at most %(num)s character.",
            "A comment can have at most %(num)s characters.",
            BODY_MAX,
        ),
    )


def _check_spam(author: User, kind: str, target: Any, body: str, honeypot: str | None) -> None:
    if honeypot:
        logger.info("honeypot filled by user %s", author.id)
        raise DomainError(_("Your comment could not be accepted."), status=400)
    rules.check_links(author, target.municipality_id, body)
    since = utcnow() - DUPLICATE_WINDOW
    duplicate = db.session.scalar(
        select(Comment.id)
        .where(
            Comment.commentable_type == kind,
            Comment.commentable_id == target.id,
            Comment.author_id == author.id,
            Comment.body == body,
            Comment.created_at >= since,
        )
        .limit(1)
    )
    if duplicate is not None:
        raise DomainError(_("You have just posted this same comment."), status=409)


def bump_count(kind: str, target_id: int, delta: int) -> None:
    """Add ``delta`` to the commentable's ``comments_count`` atomically (if it keeps one)."""
    entry = registry.commentable(kind)
    if not delta or not entry.has_counter:
        return
    model = entry.model
    db.session.execute(
        update(model)
        .where(model.id == target_id)
        .values(comments_count=model.comments_count + delta)
    )


def _store(comment: Comment, author: User, target: Any) -> Comment:
    moderator = is_moderator(author, target.municipality_id)
    comment.pending_review = not moderator and rules.needs_premoderation(
        author, target.municipality_id, comment.body
    )
    db.session.add(comment)
    db.session.flush()
    if not comment.pending_review:
        bump_count(comment.commentable_type, comment.commentable_id, 1)
        announce(comment, target)
    logger.info(
        "comment %s posted by %s (pending=%s)", comment.id, author.id, comment.pending_review
    )
    return comment


def post_comment(
    kind: str,
    target: Any,
    *,
    author: User,
    body: str,
    alignment: str = Alignment.NEUTRAL,
    honeypot: str | None = None,
) -> Comment:
    """Post a top-level comment on an open commentable."""
    ensure_can_comment(author, kind, target)
    text = _clean_body(body)
    if alignment not in set(Alignment):
        raise DomainError(_("Choose in favour, against or neutral."), status=422)
    _check_spam(author, kind, target, text, honeypot)
    comment = Comment(
        municipality_id=target.municipality_id,
        commentable_type=kind,
        commentable_id=target.id,
        author_id=author.id,
        body=text,
        alignment=alignment,
        depth=0,
    )
    return _store(comment, author, target)


def target_of(comment: Comment) -> Any:
    """Load the commentable a comment belongs to (in its municipality)."""
    target = registry.load_commentable(
        comment.commentable_type, comment.commentable_id, comment.municipality_id
    )
    if target is None:
        raise DomainError(_("This comment no longer belongs to anything."), status=404)
    return target


def reply_to(parent: Comment, *, author: User, body: str, honeypot: str | None = None) -> Comment:
    """Reply to a comment, at most three levels deep."""
    target = target_of(parent)
    ensure_can_comment(author, parent.commentable_type, target)
    if parent.depth >= MAX_DEPTH:
        raise DomainError(
            ngettext(
                "Replies can go at most %(num)s level deep.",
                "Replies can go at most %(num)s levels deep.",
                MAX_DEPTH + 1,
            ),
            status=422,
        )
    if parent.is_deleted or parent.pending_review:
        raise DomainError(_("This comment cannot be answered."), status=409)
    text = _clean_body(body)
    _check_spam(author, parent.commentable_type, target, text, honeypot)
    comment = Comment(
        municipality_id=parent.municipality_id,
        commentable_type=parent.commentable_type,
        commentable_id=parent.commentable_id,
        parent_id=parent.id,
        root_id=parent.root_id or parent.id,
        depth=parent.depth + 1,
        author_id=author.id,
        body=text,
        alignment=Alignment.NEUTRAL,
    )
    return _store(comment, author, target)


# --- Editing and deleting -------------------------------------------------------------------


def edit_comment(
    comment: Comment, *, actor: User, body: str, alignment: str | None = None
) -> Comment:
    """Change the text (and alignment of a top-level comment) within the edit window."""
    if comment.author_id != getattr(actor, "id", None):
        raise DomainError(_("Only the author can edit a comment."), status=403)
    if not can_edit(comment, actor):
        raise DomainError(
            ngettext(
                "Comments can be edited only during %(num)s minute after posting.",
                "Comments can be edited only during %(num)s minutes after posting.",
                int(edit_window().total_seconds() // 60),
            ),
            status=409,
        )
    rules.ensure_not_blocked(actor, comment.municipality_id)
    text = _clean_body(body)
    rules.check_links(actor, comment.municipality_id, text)
    if alignment is not None and comment.depth == 0:
        if alignment not in set(Alignment):
            raise DomainError(_("Choose in favour, against or neutral."), status=422)
        comment.alignment = alignment
    if text != comment.body:
        comment.body = text
        comment.edited_at = utcnow()
    db.session.flush()
    return comment


def delete_comment(comment: Comment, *, actor: User) -> Comment:
    """Delete a comment by its author; the thread stays and shows "comment deleted"."""
    if not can_delete(comment, actor):
        raise DomainError(_("Only the author can delete a comment."), status=403)
    was_visible = comment.is_visible
    comment.deleted_at = utcnow()
    db.session.flush()
    if was_visible:
        bump_count(comment.commentable_type, comment.commentable_id, -1)
    return comment


# --- Votes ----------------------------------------------------------------------------------


def _adjust(comment_id: int, up: int, down: int) -> None:
    db.session.execute(
        update(Comment)
        .where(Comment.id == comment_id)
        .values(
            upvotes=Comment.upvotes + up,
            downvotes=Comment.downvotes + down,
            score=Comment.score + up - down,
        )
    )


def vote_comment(comment: Comment, *, voter: User, value: int) -> int:
    """Vote a comment up (1) or down (-1), change the vote, or withdraw it (0)."""
    if value not in (-1, 0, 1):
        raise DomainError(_("Unknown vote."), status=422)
    if not is_authenticated(voter):
        raise DomainError(_("Log in to vote."), status=403)
    if comment.author_id == voter.id:
        raise DomainError(_("You cannot vote on your own comment."), status=409)
    if not comment.is_visible:
        raise DomainError(_("This comment cannot receive votes."), status=409)
    rules.ensure_not_blocked(voter, comment.municipality_id)
    existing = db.session.scalars(
        select(CommentVote).where(
            CommentVote.user_id == voter.id, CommentVote.comment_id == comment.id
        )
    ).first()
    old = existing.value if existing is not None else 0
    if old == value:
        return value
    if existing is None:
        vote = CommentVote(user_id=voter.id, comment_id=comment.id, value=value)
        if not add_if_new(vote):  # a concurrent request voted first
            raise DomainError(_("Your vote was already recorded."), status=409)
    elif value == 0:
        db.session.delete(existing)
    else:
        existing.value = value
    _adjust(comment.id, int(value == 1) - int(old == 1), int(value == -1) - int(old == -1))
    db.session.flush()
    db.session.refresh(comment, ["upvotes", "downvotes", "score"])
    return value


# --- Notifications --------------------------------------------------------------------------


def excerpt(text: str, size: int = 80) -> str:
    """A plain-text excerpt of a comment's Markdown (see :func:`participa.core.text.excerpt`)."""
    return text_excerpt(text, size)


def comment_url(comment: Comment, target: Any | None = None) -> str:
    target = target if target is not None else target_of(comment)
    return registry.commentable(comment.commentable_type).url(target) + f"#comment-{comment.id}"


def announce(comment: Comment, target: Any) -> None:
    """Notify the parent's author, the contribution's author, the people mentioned and the
    followers of what the comment is on (each person once)."""
    if not comment.is_visible:
        return  # hidden, deleted or waiting for a moderator: nobody hears of it yet
    author = comment.author
    name = author.public_name if author is not None else ""
    url = comment_url(comment, target)
    text = excerpt(comment.body)
    notified: set[int] = {comment.author_id} if comment.author_id else set()

    def tell(people: Iterable[int | None], event: str, summary: Callable[[], str]) -> None:
        # Each person hears once, for the most specific reason: the callers go from the
        # parent's author to the followers.
        fresh = [i for i in people if i and i not in notified]
        if fresh:
            notifications.notify(
                fresh,
                event,
                summary=summary,
                target=comment,
                url=url,
                actor_id=comment.author_id,
                municipality_id=comment.municipality_id,
            )
            notified.update(fresh)

    if comment.parent_id is not None:
        parent = db.session.get(Comment, comment.parent_id)
        if parent is not None:
            tell(
                [parent.author_id],
                "comment_reply",
                lambda: _("%(name)s replied to your comment: %(text)s", name=name, text=text),
            )
    entry = registry.commentable(comment.commentable_type)
    tell(
        [entry.author_id(target)],
        "comment_on_contribution",
        lambda: _("%(name)s commented on your contribution: %(text)s", name=name, text=text),
    )
    tell(
        notifications.mentioned_user_ids(comment.body, comment.municipality_id),
        "mention",
        lambda: _("%(name)s mentioned you in a comment: %(text)s", name=name, text=text),
    )
    # Followers of what the comment is on (an article's draft) hear once, after the people
    # told more specifically; notify() loads them, their preferences and writes the rows in a
    # fixed number of statements, whatever their number (digest followers wait for the digest).
    followed = entry.followed(target) if entry.followed is not None else target
    if followed is None or notifications.followable_kind(followed) is None:
        return
    tell(
        notifications.follower_ids(followed),
        "comment_on_followed",
        lambda: _("%(name)s commented on something you follow: %(text)s", name=name, text=text),
    )
