"""The actors of the role x action tables: one of each kind, for a municipality and another."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask_login import AnonymousUserMixin

from tests import factories

ACTORS = (
    "anonymous",
    "unconfirmed",
    "citizen",
    "resident",
    "moderator",
    "admin",
    "other_admin",
    "platform_admin",
)
AN, UN, CI, RE, MO, AD, OA, PA = ACTORS


def make_actors(
    municipality: Any, other_municipality: Any, names: Iterable[str] = ACTORS
) -> dict[str, Any]:
    """One person (or the anonymous visitor) per name in ``names`` (by default all ``ACTORS``)."""
    makers: dict[str, Callable[[], Any]] = {
        AN: AnonymousUserMixin,
        UN: lambda: factories.UserFactory(email_confirmed_at=None),
        CI: factories.UserFactory,
        RE: lambda: factories.member(municipality, "resident"),
        MO: lambda: factories.member(municipality, "moderator"),
        AD: lambda: factories.member(municipality, "admin"),
        OA: lambda: factories.member(other_municipality, "admin"),
        PA: lambda: factories.UserFactory(is_platform_admin=True),
    }
    return {name: makers[name]() for name in names}
