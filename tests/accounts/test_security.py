"""Rate limits, CSRF, session invalidation and what the account pages never reveal."""

from __future__ import annotations

import pytest

from tests import factories
from tests.conftest import app_like

pytestmark = pytest.mark.rate_limits(
    RATELIMIT_LOGIN="3 per minute", RATELIMIT_RESET="2 per minute", RATELIMIT_SIGNUP="2 per minute"
)


@pytest.fixture
def csrf_app(app):
    return app_like(app, WTF_CSRF_ENABLED=True)


def test_login_is_rate_limited_with_a_friendly_page(limited_app, user):
    client = limited_app.test_client()
    data = {"email": user.email, "password": "wrong password 1"}
    for _ in range(3):
        assert client.post("/account/login", data=data).status_code == 422
    response = client.post("/account/login", data=data)
    assert response.status_code == 429
    assert "Too many requests" in response.text and "<html" in response.text
    assert client.get("/account/login").status_code == 200  # only POST is limited


def test_forgot_password_and_signup_are_rate_limited(limited_app):
    client = limited_app.test_client()
    statuses = [
        client.post("/account/forgot", data={"email": "x@example.org"}).status_code
        for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    statuses = [client.post("/account/signup", data={}).status_code for _ in range(3)]
    assert statuses == [422, 422, 429]


def test_post_without_csrf_token_is_a_400_not_a_500(csrf_app, user):
    client = csrf_app.test_client()
    response = client.post(
        "/account/login", data={"email": user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 400
    assert "Reload the page" in response.text
    assert client.post("/account/logout").status_code == 400


def test_forms_carry_a_csrf_token(csrf_app):
    client = csrf_app.test_client()
    for path in ("/account/login", "/account/signup", "/account/forgot", "/account/confirm"):
        assert 'name="csrf_token"' in client.get(path).text


def test_session_with_stale_token_is_logged_out(client, login, user):
    from participa.extensions import db

    login(user)
    assert client.get("/account/").status_code == 200
    user.session_token = "rotated" + "0" * 25
    db.session.commit()
    assert client.get("/account/").status_code == 302


def test_remember_cookie_dies_with_session_token(app, user):
    from participa.extensions import db

    client = app.test_client()
    client.post(
        "/account/login",
        data={"email": user.email, "password": factories.PASSWORD, "remember": "y"},
    )
    cookie = client.get_cookie("remember_token")
    assert cookie is not None
    fresh = app.test_client()
    fresh.set_cookie("remember_token", cookie.value)
    assert fresh.get("/account/").status_code == 200
    user.session_token = "rotated" + "0" * 25
    db.session.commit()
    stale = app.test_client()
    stale.set_cookie("remember_token", cookie.value)
    assert stale.get("/account/").status_code == 302


def test_account_pages_have_strict_csp_and_no_inline_code(client, login, user):
    login(user)
    for path in ("/account/", "/account/email", "/account/password", "/account/delete"):
        response = client.get(path)
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert "<script>" not in response.text and " style=" not in response.text
        assert "onclick" not in response.text


def test_export_is_not_cached(client, login, user):
    login(user)
    assert client.get("/account/export.json").headers["Cache-Control"] == "no-store"


def test_export_and_delete_are_only_for_the_owner():
    from participa.core.authz import can

    owner, other = factories.UserFactory(), factories.UserFactory()
    for action in (
        "accounts.edit_profile",
        "accounts.export",
        "accounts.delete",
        "accounts.change_email",
        "accounts.change_password",
    ):
        assert can(owner, action, owner)
        assert not can(other, action, owner)
