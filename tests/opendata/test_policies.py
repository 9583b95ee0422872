"""Who may change the open-data licence and follow prepared downloads (role x action)."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from participa.core.authz import can
from tests import factories


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        # Only the municipality's staff (and platform admins) configure open data...
        ("opendata.configure", {"staff", "platform_admin"}),
        # ...and follow prepared downloads.
        ("opendata.exports", {"staff", "platform_admin"}),
    ],
)
def test_who_may(app, municipality, other_municipality, action, expected):
    actors = {
        "anonymous": AnonymousUserMixin(),
        "user": factories.UserFactory(),
        "resident": factories.member(municipality, "resident"),
        "moderator": factories.member(municipality, "moderator"),
        "staff": factories.member(municipality, "admin"),
        "other_staff": factories.member(other_municipality, "admin"),
        "platform_admin": factories.UserFactory(is_platform_admin=True),
    }
    with app.test_request_context():
        allowed = {n for n, a in actors.items() if can(a, action, municipality)}
    assert allowed == expected
