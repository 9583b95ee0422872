"""The actors of the role x action tables: one of each kind, for a municipality and another."""

from __future__ import annotations

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


def make_actors(municipality: Any, other_municipality: Any) -> dict[str, Any]:
    """One person (or the anonymous visitor) per name in ``ACTORS``."""
    return {
        AN: AnonymousUserMixin(),
        UN: factories.UserFactory(email_confirmed_at=None),
        CI: factories.UserFactory(),
        RE: factories.member(municipality, "resident"),
        MO: factories.member(municipality, "moderator"),
        AD: factories.member(municipality, "admin"),
        OA: factories.member(other_municipality, "admin"),
        PA: factories.UserFactory(is_platform_admin=True),
    }
