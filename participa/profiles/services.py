"""Public profiles and the registry of public contributions other features fill in.

Register a loader at import time of your feature (no database access then)::

    from participa.profiles.services import register_contributions

    def _proposals(user, limit):
        return [{"title": p.title, "url": url_for(...), "created_at": p.created_at,
                 "kind_label": _("Proposal")} for p in ...]

    register_contributions("proposals", _proposals)

A loader returns at most ``limit`` of the person's *public* contributions (hide drafts, hidden
by moderation, archived municipalities), newest first. ``title`` is plain text (escaped when
shown) and ``url`` a local path.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import NotRequired, TypedDict

from participa.accounts.models import User
from participa.extensions import db

logger = logging.getLogger(__name__)


class Contribution(TypedDict):
    title: str
    url: str
    created_at: datetime
    kind_label: str
    # The zone of the municipality it belongs to: profiles lie outside any municipality.
    timezone: NotRequired[str | None]


Loader = Callable[[User, int], list[Contribution]]
_loaders: dict[str, Loader] = {}


def register_contributions(kind: str, loader: Loader) -> None:
    """Add the loader of ``kind`` contributions shown on public profiles."""
    if kind in _loaders and _loaders[kind] is not loader:
        raise ValueError(f"contributions {kind!r} are already registered")
    _loaders[kind] = loader


def get_person(user_id: int) -> User | None:
    """Return the account with this id (deleted accounts included), or None."""
    return db.session.get(User, user_id)


def public_contributions(user: User, limit: int = 20) -> list[Contribution]:
    """Return the newest public contributions of ``user`` across every registered feature."""
    if user.is_deleted:
        return []
    items: list[Contribution] = []
    for kind, loader in _loaders.items():
        loaded = loader(user, limit)
        logger.debug("profile %s: %s %s", user.id, len(loaded), kind)
        items.extend(loaded)
    items.sort(key=lambda item: item["created_at"], reverse=True)
    return items[:limit]
