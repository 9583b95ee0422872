"""Who may do what with comments: the decisions the views, templates and services share."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from flask import current_app
from flask_babel import gettext as _

from participa.comments import registry
from participa.comments.models import Comment
from participa.core.authz import Rules, has_role, is_authenticated
from participa.db import utcnow
from participa.extensions import db
from participa.moderation import rules as moderation_rules

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.municipalities.models import Municipality

rules = Rules()


def _participate(user: Visitor, obj: Any) -> bool:
    """Signed-in people; the service then checks the commentable's own rules."""
    return is_authenticated(user)


def _municipality(municipality_id: int) -> Municipality | None:
    from participa.municipalities.models import Municipality

    return db.session.get(Municipality, municipality_id)


def edit_window() -> timedelta:
    return timedelta(minutes=current_app.config.get("COMMENT_EDIT_MINUTES", 15))


def is_moderator(user: Visitor, municipality_id: int) -> bool:
    """Admins and moderators of the municipality (and platform admins)."""
    return has_role(user, _municipality(municipality_id), "admin", "moderator")


# --- Who may comment ------------------------------------------------------------------------


def commenting_denial(user: Visitor, kind: str, target: Any) -> str | None:
    """Say why ``user`` may not comment on ``target`` now, or None when they may."""
    entry = registry.commentable(kind)
    if not entry.is_open(target):
        return str(_("Comments are closed here."))
    if not is_authenticated(user):
        return str(_("Log in to comment."))
    if not user.is_confirmed:
        return str(_("Confirm your e-mail address to comment."))
    municipality = _municipality(target.municipality_id)
    if entry.verified_only(target) and not has_role(user, municipality, "resident"):
        assert municipality is not None  # the target's municipality exists (a foreign key)
        return str(
            _("Only verified residents of %(name)s can comment here.", name=municipality.name)
        )
    block = moderation_rules.active_block(user, target.municipality_id)
    if block is not None:
        return moderation_rules.block_message(block)
    return None


def can_edit(comment: Comment, user: Visitor) -> bool:
    """The author, within the edit window, on a comment that is neither deleted nor hidden."""
    return (
        is_authenticated(user)
        and comment.author_id == user.id
        and not comment.is_deleted
        and not comment.is_hidden
        and utcnow() - comment.created_at <= edit_window()
    )


def can_delete(comment: Comment, user: Visitor) -> bool:
    """The author, while the comment is not deleted yet."""
    return is_authenticated(user) and comment.author_id == user.id and not comment.is_deleted


def _create(user: Visitor, target: Any) -> bool:
    """Signed in, commentable open, resident where required, not blocked."""
    if target is None:
        return False
    return commenting_denial(user, registry.kind_of(target), target) is None


def _edit(user: Visitor, comment: Comment | None) -> bool:
    """The author, within the edit window."""
    return comment is not None and can_edit(comment, user)


def _delete(user: Visitor, comment: Comment | None) -> bool:
    """The author, while the comment exists."""
    return comment is not None and can_delete(comment, user)


rules.register("comments.participate", _participate)
rules.register("comments.create", _create)
rules.register("comments.edit", _edit)
rules.register("comments.delete", _delete)
