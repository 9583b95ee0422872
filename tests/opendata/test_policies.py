"""Who may change the open-data licence (role x action)."""

from __future__ import annotations

from flask_login import AnonymousUserMixin

from participa.core.authz import can
from tests import factories


def test_only_the_municipality_staff_configure_open_data(app, municipality, other_municipality):
    actors = {
        "anonymous": AnonymousUserMixin(),
        "user": factories.UserFactory(),
        "resident": factories.member(municipality, "resident"),
        "moderator": factories.member(municipality, "moderator"),
        "staff": factories.member(municipality, "admin"),
        "other_staff": factories.member(other_municipality, "admin"),
    }
    with app.test_request_context():
        allowed = {n for n, a in actors.items() if can(a, "opendata.configure", municipality)}
    assert allowed == {"staff"}


def test_only_the_municipality_staff_follow_prepared_downloads(
    app, municipality, other_municipality
):
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
        allowed = {n for n, a in actors.items() if can(a, "opendata.exports", municipality)}
    assert allowed == {"staff", "platform_admin"}
