"""Who may do what with comments."""

from __future__ import annotations

from typing import Any

from participa.comments import registry, services
from participa.core.authz import Rules, is_authenticated

rules = Rules()


def _participate(user: Any, obj: Any) -> bool:
    """Signed-in people; the service then checks the commentable's own rules."""
    return is_authenticated(user)


def _create(user: Any, target: Any) -> bool:
    """Signed in, commentable open, resident where required, not blocked."""
    if target is None:
        return False
    return services.commenting_denial(user, registry.kind_of(target), target) is None


def _edit(user: Any, comment: Any) -> bool:
    """The author, within the edit window."""
    return comment is not None and services.can_edit(comment, user)


def _delete(user: Any, comment: Any) -> bool:
    """The author, while the comment exists."""
    return comment is not None and services.can_delete(comment, user)


rules.register("comments.participate", _participate)
rules.register("comments.create", _create)
rules.register("comments.edit", _edit)
rules.register("comments.delete", _delete)
