"""Account pages through HTTP: sign-up, confirmation, login, reset, profile, export, deletion."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from participa.accounts.models import User
from participa.extensions import db
from tests import factories
from tests.accounts.helpers import STRONG, change_password, link_in, outbox
from tests.rows import count_rows


def _signup(client, **overrides):
    data = {
        "email": "ana@example.org",
        "display_name": "Ana Lopez",
        "password": STRONG,
        "password_confirm": STRONG,
        "accept_terms": "y",
    }
    data.update(overrides)
    return client.post("/account/signup", data=data)


def _users() -> int:
    return count_rows(User)


def _reload(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


# Sign-up and confirmation ----------------------------------------------------------------------


def test_signup_page_links_terms_and_hides_honeypot(client):
    response = client.get("/account/signup")
    assert response.status_code == 200
    assert 'href="/pages/terms"' in response.text and 'href="/pages/privacy"' in response.text
    assert 'class="honeypot"' in response.text and 'name="website"' in response.text
    assert "<script>" not in response.text and "style=" not in response.text


def test_signup_happy_path_then_confirm(client):
    response = _signup(client, email="  Ana@Example.org ")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/check-inbox")
    user = db.session.scalars(select(User)).one()
    assert user.email == "ana@example.org" and not user.is_confirmed
    [message] = outbox("ana@example.org")
    path = link_in(message, "/account/confirm/")
    assert "http://localhost/account/confirm/" in message.body_text

    response = client.get(path)
    assert response.status_code == 302
    assert _reload(user).is_confirmed


def test_check_inbox_page(client):
    response = client.get("/account/check-inbox")
    assert response.status_code == 200 and "Check your inbox" in response.text


@pytest.mark.parametrize("mangle", [lambda t: t[:-3] + "abc", lambda t: "garbage", lambda t: t[5:]])
def test_tampered_confirmation_link_gives_400(client, mangle):
    _signup(client)
    path = link_in(outbox()[0], "/account/confirm/")
    token = path.rsplit("/", 1)[-1]
    response = client.get("/account/confirm/" + mangle(token))
    assert response.status_code == 400
    assert "/account/confirm" in response.text  # link to ask for a new one
    assert not db.session.scalars(select(User)).one().is_confirmed


def test_expired_confirmation_link_gives_400(client, app, monkeypatch):
    _signup(client)
    path = link_in(outbox()[0], "/account/confirm/")
    monkeypatch.setitem(app.config, "EMAIL_TOKEN_MAX_AGE", -1)
    response = client.get(path)
    assert response.status_code == 400
    assert "expired" in response.text
    assert 'href="/account/confirm"' in response.text


def test_duplicate_signup_looks_the_same_and_warns_owner(client, user):
    first = _signup(client, email="fresh@example.org")
    second = _signup(client, email=user.email.upper())
    assert second.status_code == first.status_code == 302
    assert second.headers["Location"] == first.headers["Location"]
    assert _users() == 2  # the fixture user and the fresh one, no duplicate
    [warning] = outbox(user.email)
    assert "tried to sign up" in warning.subject
    assert link_in(warning, "/account/reset/")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "Use at least 10 characters."),
        ("password123", "too common"),
        ("QWERTYUIOP", "too common"),
        ("ana@example.org", "Do not use your e-mail address or your name"),
        ("Ana Lopez", "at least 10"),
    ],
)
def test_weak_password_rejected_keeping_input(client, password, message):
    response = _signup(client, password=password, password_confirm=password)
    assert response.status_code == 422
    assert message in response.text
    assert 'value="ana@example.org"' in response.text and 'value="Ana Lopez"' in response.text
    assert _users() == 0 and outbox() == []


def test_password_equal_to_name_rejected(client):
    name = "Ana Lopez Garcia"
    response = _signup(client, display_name=name, password=name, password_confirm=name)
    assert response.status_code == 422
    assert "Do not use your e-mail address or your name" in response.text


def test_password_confirmation_must_match(client):
    response = _signup(client, password_confirm=STRONG + "x")
    assert response.status_code == 422 and "do not match" in response.text


def test_terms_must_be_accepted(client):
    response = _signup(client, accept_terms="")
    assert response.status_code == 422
    assert "accept the terms" in response.text
    assert _users() == 0


def test_honeypot_acts_like_success_but_creates_nothing(client):
    response = _signup(client, website="http://spam.example")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/check-inbox")
    assert _users() == 0 and outbox() == []


def test_resend_confirmation_does_not_enumerate(client):
    _signup(client)
    unknown = client.post("/account/confirm", data={"email": "nobody@example.org"})
    known = client.post("/account/confirm", data={"email": "ana@example.org"})
    assert unknown.status_code == known.status_code == 302
    assert unknown.headers["Location"] == known.headers["Location"]
    assert len(outbox("ana@example.org")) == 2
    [note] = outbox("nobody@example.org")  # the same work, but no link in it
    assert "/account/confirm/" not in note.body_text


def test_unconfirmed_user_can_log_in_but_not_request_residency(client, municipality):
    user = factories.UserFactory(email_confirmed_at=None)
    response = client.post(
        "/account/login",
        data={"email": user.email, "password": factories.PASSWORD},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "not confirmed" in response.text
    page = client.get("/account/")
    assert "Send me a new confirmation link" in page.text
    from participa.core.authz import can

    assert not can(_reload(user), "municipalities.request_residency", municipality)


# Login and logout ------------------------------------------------------------------------------


def test_login_success_records_last_login(client, user):
    response = client.post(
        "/account/login", data={"email": user.email.upper(), "password": factories.PASSWORD}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert _reload(user).last_login_at is not None
    assert client.get("/account/").status_code == 200


def test_login_failure_is_the_same_for_unknown_email_and_wrong_password(client, user):
    wrong = client.post("/account/login", data={"email": user.email, "password": "nope nope nope"})
    unknown = client.post(
        "/account/login", data={"email": "nobody@example.org", "password": "nope nope nope"}
    )
    assert wrong.status_code == unknown.status_code == 422
    message = "The e-mail address or the password is not correct."
    assert message in wrong.text and message in unknown.text
    assert wrong.text.replace(user.email, "X") == unknown.text.replace("nobody@example.org", "X")


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.com",
        "//evil.com",
        "/\\evil.com",
        "javascript:alert(1)",
        "http:/evil.com",
        "\\\\evil.com",
        "///evil.com",
    ],
)
def test_login_ignores_unsafe_next(client, user, target):
    data = {"email": user.email, "password": factories.PASSWORD, "next": target}
    response = client.post("/account/login", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    response = client.post(
        "/account/login?next=" + target,
        data={"email": user.email, "password": factories.PASSWORD},
    )
    assert response.headers["Location"] == "/"


def test_login_honours_local_next(client, user):
    response = client.get("/account/login?next=/m/villa-norte/")
    assert 'value="/m/villa-norte/"' in response.text
    response = client.post(
        "/account/login",
        data={"email": user.email, "password": factories.PASSWORD, "next": "/m/villa-norte/"},
    )
    assert response.headers["Location"] == "/m/villa-norte/"


def test_remember_me_sets_cookie(client, user):
    client.post("/account/login", data={"email": user.email, "password": factories.PASSWORD})
    assert client.get_cookie("remember_token") is None
    other = client.application.test_client()
    other.post(
        "/account/login",
        data={"email": user.email, "password": factories.PASSWORD, "remember": "y"},
    )
    assert other.get_cookie("remember_token") is not None


def test_deleted_account_cannot_log_in(client, user):
    user.deleted_at = user.created_at
    db.session.commit()
    response = client.post(
        "/account/login", data={"email": user.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 422


def test_logout_requires_post(client, login, user):
    login(user)
    assert client.get("/account/logout").status_code == 405
    assert client.get("/account/").status_code == 200
    response = client.post("/account/logout")
    assert response.status_code == 302
    assert client.get("/account/").status_code == 302


# Password reset --------------------------------------------------------------------------------


def test_forgot_password_same_answer_for_unknown_address(client, user):
    known = client.post("/account/forgot", data={"email": user.email})
    unknown = client.post("/account/forgot", data={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert len(outbox(user.email)) == 1
    [note] = outbox("nobody@example.org")  # the same work, but no link in it
    assert "/account/reset/" not in note.body_text


def test_password_reset_full_flow(app, client, user):
    old_session = app.test_client()
    old_session.post("/account/login", data={"email": user.email, "password": factories.PASSWORD})
    assert old_session.get("/account/").status_code == 200

    client.post("/account/forgot", data={"email": user.email})
    path = link_in(outbox(user.email)[0], "/account/reset/")
    assert client.get(path).status_code == 200
    weak = client.post(path, data={"password": "1234567890", "password_confirm": "1234567890"})
    assert weak.status_code == 422 and "too common" in weak.text
    response = client.post(path, data={"password": STRONG, "password_confirm": STRONG})
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/login")

    # The link is single-use, the old session is gone, the new password works.
    assert client.get(path).status_code == 400
    again = client.post(
        path,
        data={
            "password": "another passphrase again",
            "password_confirm": "another passphrase again",
        },
    )
    assert again.status_code == 400
    assert old_session.get("/account/").status_code == 302
    assert (
        client.post(
            "/account/login", data={"email": user.email, "password": factories.PASSWORD}
        ).status_code
        == 422
    )
    assert (
        client.post("/account/login", data={"email": user.email, "password": STRONG}).status_code
        == 302
    )


def test_reset_link_for_another_purpose_is_refused(client):
    _signup(client)
    confirm_path = link_in(outbox()[0], "/account/confirm/")
    token = confirm_path.rsplit("/", 1)[-1]
    assert client.get("/account/reset/" + token).status_code == 400


# The person's own account ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/account/", "/account/email", "/account/password", "/account/export.json", "/account/delete"],
)
def test_own_account_pages_need_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/account/login?next=" in response.headers["Location"]


def test_profile_shows_roles_and_residency_and_saves(
    client, login, municipality, other_municipality
):
    user = factories.member(municipality, "moderator")
    factories.ResidencyRequestFactory(
        user=user,
        municipality_id=other_municipality.id,
        status="rejected",
        decision_reason="Not on the census",
    )
    login(user)
    page = client.get("/account/")
    assert page.status_code == 200
    for text in (
        user.email,
        "Villa Norte",
        "Moderator",
        "Otra Ciudad",
        "Rejected",
        "Not on the census",
        "/account/export.json",
        "/account/delete",
        "/account/email",
        "/account/password",
    ):
        assert text in page.text
    response = client.post(
        "/account/", data={"display_name": "Ana B.", "bio": "Hola", "locale": "pt"}
    )
    assert response.status_code == 302
    user = _reload(user)
    assert (user.display_name, user.bio, user.locale) == ("Ana B.", "Hola", "pt")


def test_profile_rejects_bad_input_with_422(client, login, user):
    login(user)
    response = client.post("/account/", data={"display_name": "", "locale": "xx"})
    assert response.status_code == 422
    assert "Tell us the name" in response.text


def test_change_email_flow(client, login, user):
    login(user)
    old = user.email
    response = client.post(
        "/account/email", data={"new_email": "New@Example.org", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert _reload(user).pending_email == "new@example.org"
    [notice] = outbox(old)
    assert "new@example.org" in notice.body_text
    path = link_in(outbox("new@example.org")[0], "/account/email/")
    assert client.get(path).status_code == 302
    user = _reload(user)
    assert user.email == "new@example.org" and user.pending_email is None
    assert client.get(path).status_code == 400  # already used


def test_change_email_wrong_password(client, login, user):
    login(user)
    response = client.post(
        "/account/email", data={"new_email": "new@example.org", "password": "wrong password"}
    )
    assert response.status_code == 422
    assert "The password is not correct." in response.text
    assert 'value="new@example.org"' in response.text


def test_change_email_to_taken_address_conflicts_on_confirmation(client, login, user):
    other = factories.UserFactory(email="taken@example.org")
    login(user)
    response = client.post(
        "/account/email", data={"new_email": other.email, "password": factories.PASSWORD}
    )
    assert response.status_code == 302  # the same answer as for a free address
    message = next(m for m in outbox(other.email) if "/account/email/" in m.body_text)
    response = client.get(link_in(message, "/account/email/"))
    assert response.status_code == 409
    assert "Another account already uses" in response.text
    assert _reload(user).email != other.email


def test_change_password(app, client, login, user):
    other_device = login(user, on=app.test_client())
    login(user)
    response = change_password(client, "wrong one!!")
    assert response.status_code == 422 and "current password is not correct" in response.text
    response = change_password(client)
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200  # this session stays logged in
    assert other_device.get("/account/").status_code == 302  # the others are logged out
    assert "changed" in outbox(user.email)[-1].subject


def test_export_json(client, login, municipality):
    user = factories.member(municipality, "admin")
    factories.ResidencyRequestFactory(user=user, municipality_id=municipality.id)
    client.post("/account/forgot", data={"email": user.email})
    login(user)
    response = client.get("/account/export.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=participa-my-data.json"
    )
    data = json.loads(response.data)
    assert data["account"]["email"] == user.email
    assert data["memberships"][0]["roles"] == ["admin"]
    assert data["residency_requests"][0]["municipality"] == "villa-norte"
    assert data["emails"][0]["subject"] == "Reset your password"
    assert user.password_hash not in response.text
    assert user.session_token not in response.text
    assert "password_hash" not in response.text and "session_token" not in response.text


def test_delete_account(app, client, login, municipality):
    user = factories.member(municipality, "resident", bio="Me")
    email = user.email
    login(user)
    assert client.get("/account/delete").status_code == 200
    response = client.post("/account/delete", data={"password": factories.PASSWORD})
    assert response.status_code == 422 and "Tick the box" in response.text
    response = client.post("/account/delete", data={"password": "wrong", "confirm": "y"})
    assert response.status_code == 422 and "not correct" in response.text

    response = client.post("/account/delete", data={"password": factories.PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 302  # logged out
    user = _reload(user)
    assert user is not None and user.is_deleted
    assert user.email is None and user.password_hash is None and user.bio is None
    with app.test_request_context():
        assert user.public_name == "deleted participant"
    response = client.post("/account/login", data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 422
    # The address is free again.
    assert _signup(client, email=email).status_code == 302
    assert count_rows(User, User.email == email)
