"""Limits that rotating client addresses does not get around: per e-mail address, per account."""

from __future__ import annotations

import pytest

from tests import factories
from tests.accounts.helpers import STRONG, outbox

# Generous per-client limits, so that only the per-address and per-account ones can bite.
pytestmark = pytest.mark.rate_limits(
    RATELIMIT_LOGIN="3 per minute",
    RATELIMIT_RESET="100 per minute",
    RATELIMIT_SIGNUP="100 per minute",
    RATELIMIT_LOGIN_ACCOUNT="3 per hour",
    RATELIMIT_ADDRESS="2 per hour",
)


def _ip(n: int) -> dict:
    return {"REMOTE_ADDR": f"198.51.100.{n}"}


def test_failed_logins_of_one_address_are_limited_from_any_client(limited_app, user):
    client = limited_app.test_client()
    wrong = {"email": user.email, "password": "not the password 1"}
    for n in range(3):
        assert client.post("/account/login", data=wrong, environ_base=_ip(n)).status_code == 422
    # A fourth client address gets no further, even with the right password.
    right = {"email": user.email.upper(), "password": factories.PASSWORD}
    assert client.post("/account/login", data=right, environ_base=_ip(9)).status_code == 429
    # Other accounts are not held back.
    other = factories.UserFactory()
    data = {"email": other.email, "password": factories.PASSWORD}
    assert client.post("/account/login", data=data, environ_base=_ip(9)).status_code == 302


def test_unknown_addresses_are_limited_the_same_way(limited_app):
    client = limited_app.test_client()
    wrong = {"email": "nobody@example.org", "password": "not the password 1"}
    statuses = [
        client.post("/account/login", data=wrong, environ_base=_ip(n)).status_code for n in range(4)
    ]
    assert statuses == [422, 422, 422, 429]


def test_successful_logins_do_not_use_up_the_address_limit(limited_app, user):
    right = {"email": user.email, "password": factories.PASSWORD}
    for n in range(5):
        client = limited_app.test_client()
        assert client.post("/account/login", data=right, environ_base=_ip(n)).status_code == 302


@pytest.mark.parametrize("path", ["/account/forgot", "/account/confirm"])
def test_mail_to_one_address_is_limited_from_any_client(limited_app, user, path):
    client = limited_app.test_client()
    data = {"email": user.email}
    statuses = [client.post(path, data=data, environ_base=_ip(n)).status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert len(outbox(user.email)) == 2
    # Another address is not held back.
    other = {"email": "someone.else@example.org"}
    assert client.post(path, data=other, environ_base=_ip(7)).status_code == 302


def test_mail_limit_is_shared_by_the_forms_without_login(limited_app, user):
    client = limited_app.test_client()
    assert client.post("/account/forgot", data={"email": user.email}).status_code == 302
    assert client.post("/account/confirm", data={"email": user.email}).status_code == 302
    signup = {
        "email": user.email,
        "display_name": "Impostor",
        "password": STRONG,
        "password_confirm": STRONG,
        "accept_terms": "y",
    }
    assert client.post("/account/signup", data=signup, environ_base=_ip(3)).status_code == 429
    assert len(outbox(user.email)) == 2


@pytest.mark.parametrize(
    "path,data",
    [
        ("/account/email", {"new_email": "new@example.org", "password": "wrong password 1"}),
        (
            "/account/password",
            {
                "current_password": "wrong password 1",
                "new_password": STRONG,
                "new_password_confirm": STRONG,
            },
        ),
        ("/account/delete", {"password": "wrong password 1", "confirm": "y"}),
    ],
)
def test_password_checks_of_one_account_are_limited_from_any_client(
    limited_app, login, user, path, data
):
    client = login(user, on=limited_app.test_client())
    statuses = [client.post(path, data=data, environ_base=_ip(n)).status_code for n in range(4)]
    assert statuses == [422, 422, 422, 429]
