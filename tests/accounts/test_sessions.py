"""Sessions end for real: logout, password, address and account changes, confirmation links."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participa.accounts import services, tokens
from participa.accounts.models import User
from participa.extensions import db
from tests import factories
from tests.accounts.helpers import STRONG, change_password, link_in, outbox


def _reload(user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def _log_in(app, user, *, remember: bool = True):
    """A browser logged in through the login form; return it and its two cookies' values."""
    browser = app.test_client()
    data = {"email": user.email, "password": factories.PASSWORD}
    if remember:
        data["remember"] = "y"
    assert browser.post("/account/login", data=data).status_code == 302
    session = browser.get_cookie("session")
    remember_cookie = browser.get_cookie("remember_token")
    assert session is not None and (remember_cookie is not None or not remember)
    return browser, session.value, remember_cookie.value if remember_cookie else None


def _replay(app, name: str, value: str):
    """A fresh browser carrying only a copied cookie (as a thief would)."""
    browser = app.test_client()
    browser.set_cookie(name, value)
    return browser


def _is_logged_in(browser) -> bool:
    response = browser.get("/account/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


# Logout ----------------------------------------------------------------------------------------


def test_logout_invalidates_copied_session_and_remember_cookies(app, user):
    browser, session, remember = _log_in(app, user)
    # Before logout both copied cookies work on their own.
    assert _is_logged_in(_replay(app, "session", session))
    assert _is_logged_in(_replay(app, "remember_token", remember))

    response = browser.post("/account/logout")
    assert response.status_code == 302
    assert not _is_logged_in(browser)
    # Replaying the cookies captured before logout gives an anonymous visitor.
    assert not _is_logged_in(_replay(app, "session", session))
    assert not _is_logged_in(_replay(app, "remember_token", remember))
    both = _replay(app, "session", session)
    both.set_cookie("remember_token", remember)
    assert not _is_logged_in(both)
    # The person can log in again normally.
    assert _log_in(app, user)[0].get("/account/").status_code == 200


def test_logout_says_every_device_is_logged_out(app, user):
    browser, _session, _remember = _log_in(app, user, remember=False)
    other_device, _s, _r = _log_in(app, user, remember=False)
    response = browser.post("/account/logout", follow_redirects=True)
    assert "every other one" in response.text
    assert not _is_logged_in(other_device)


def test_logout_of_an_anonymous_visitor_changes_nothing(client, user):
    token = user.session_token
    assert client.post("/account/logout").status_code == 302
    assert _reload(user).session_token == token


# Password reset and change ---------------------------------------------------------------------


def test_password_reset_ends_other_sessions_and_remember_cookies(app, client, user):
    other, session, remember = _log_in(app, user)
    client.post("/account/forgot", data={"email": user.email})
    path = link_in(outbox(user.email)[-1], "/account/reset/")
    response = client.post(path, data={"password": STRONG, "password_confirm": STRONG})
    assert response.status_code == 302
    assert not _is_logged_in(other)
    assert not _is_logged_in(_replay(app, "session", session))
    assert not _is_logged_in(_replay(app, "remember_token", remember))


def test_password_change_ends_others_and_keeps_remember_me_here(app, user):
    here, _session, _remember = _log_in(app, user)
    there, _s, there_remember = _log_in(app, user)
    response = change_password(here)
    assert response.status_code == 302
    assert not _is_logged_in(there)
    assert not _is_logged_in(_replay(app, "remember_token", there_remember))
    # This device stays logged in, "remember me" included, with the new session token.
    fresh_remember = here.get_cookie("remember_token").value
    assert fresh_remember != _remember
    assert _is_logged_in(here)
    assert _is_logged_in(_replay(app, "remember_token", fresh_remember))
    assert not _is_logged_in(_replay(app, "remember_token", _remember))


def test_password_change_cancels_a_pending_email_change(app, client, login, user):
    # Someone who knew the old password asked to move the account to their own address.
    with app.test_request_context():
        services.request_email_change(user, "thief@example.org", factories.PASSWORD)
        db.session.commit()
    confirm_path = link_in(outbox("thief@example.org")[0], "/account/email/")
    login(user)
    change_password(client)
    assert _reload(user).pending_email is None
    assert app.test_client().get(confirm_path).status_code == 400
    assert _reload(user).email != "thief@example.org"


def test_reset_link_dies_when_the_address_changes(app, client, user):
    client.post("/account/forgot", data={"email": user.email})
    reset_path = link_in(outbox(user.email)[-1], "/account/reset/")
    assert client.get(reset_path).status_code == 200
    with app.test_request_context():
        services.request_email_change(user, "new@example.org", factories.PASSWORD)
        db.session.commit()
    client.get(link_in(outbox("new@example.org")[0], "/account/email/"))
    assert _reload(user).email == "new@example.org"
    # The old mailbox may be the reason for the change: its reset link no longer works.
    assert client.get(reset_path).status_code == 400


# E-mail change, deletion, command line ---------------------------------------------------------


def _ask_email_change(browser) -> str:
    data = {"new_email": "new@example.org", "password": factories.PASSWORD}
    assert browser.post("/account/email", data=data).status_code == 302
    return link_in(outbox("new@example.org")[0], "/account/email/")


def test_email_change_ends_other_sessions_but_not_this_one(app, user):
    here, _session, _remember = _log_in(app, user)
    there, _s, there_remember = _log_in(app, user)
    confirm_path = _ask_email_change(here)
    response = here.get(confirm_path, follow_redirects=True)
    assert response.status_code == 200 and "Other devices have been logged out" in response.text
    assert _is_logged_in(here)
    assert not _is_logged_in(there)
    assert not _is_logged_in(_replay(app, "remember_token", there_remember))


def test_email_change_confirmed_in_another_browser_logs_nobody_in(app, user):
    here, _session, _remember = _log_in(app, user)
    confirm_path = _ask_email_change(here)
    phone = app.test_client()
    response = phone.get(confirm_path, follow_redirects=True)
    assert "Log in with the new address" in response.text
    assert not _is_logged_in(phone)
    assert not _is_logged_in(here)


def test_email_change_link_never_logs_out_another_account(app, user):
    other = factories.UserFactory()
    here, _session, _remember = _log_in(app, user)
    confirm_path = _ask_email_change(here)
    shared, _s, _r = _log_in(app, other)
    assert shared.get(confirm_path).status_code == 302
    assert _is_logged_in(shared)  # still the other account


def test_account_deletion_kills_copied_session_and_remember_cookies(app, user):
    browser, session, remember = _log_in(app, user)
    response = browser.post(
        "/account/delete", data={"password": factories.PASSWORD, "confirm": "y"}
    )
    assert response.status_code == 302
    assert not _is_logged_in(_replay(app, "session", session))
    assert not _is_logged_in(_replay(app, "remember_token", remember))


def test_new_password_from_the_command_line_ends_sessions(app, user):
    _browser, session, remember = _log_in(app, user)
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-admin", "--email", user.email, "--name", "Admin", "--password", STRONG]
    )
    assert result.exit_code == 0, result.output
    assert _reload(user).is_platform_admin
    assert not _is_logged_in(_replay(app, "session", session))
    assert not _is_logged_in(_replay(app, "remember_token", remember))


def test_loader_refuses_ids_without_the_current_token(app, user):
    assert services.load_user(f"{user.id}:{user.session_token}") is not None
    for stale in (f"{user.id}", f"{user.id}:", f"{user.id}:{'0' * 32}", "x:y", ""):
        assert services.load_user(stale) is None


# Confirmation link -----------------------------------------------------------------------------


def _signup(client, email="ana@example.org"):
    return client.post(
        "/account/signup",
        data={
            "email": email,
            "display_name": "Ana Lopez",
            "password": STRONG,
            "password_confirm": STRONG,
            "accept_terms": "y",
        },
    )


def test_unused_confirmation_link_logs_the_person_in_and_says_so(app, client):
    _signup(client)
    path = link_in(outbox("ana@example.org")[0], "/account/confirm/")
    phone = app.test_client()  # mail is often read on another device
    response = phone.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/"
    page = phone.get("/account/")
    assert page.status_code == 200
    assert "you are now logged in as ana@example.org" in page.text
    user = db.session.scalars(select(User).where(User.email == "ana@example.org")).one()
    assert user.is_confirmed and user.last_login_at is not None


def test_used_confirmation_link_does_not_log_in(app, client):
    _signup(client)
    path = link_in(outbox("ana@example.org")[0], "/account/confirm/")
    assert app.test_client().get(path).status_code == 302
    later = app.test_client()
    response = later.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/account/login")
    assert "already confirmed" in later.get("/account/login").text
    assert not _is_logged_in(later)


def test_confirmation_link_of_a_reset_account_does_not_log_in(app, client):
    # Following a reset link already proved the mailbox and confirmed the address.
    _signup(client)
    confirm_path = link_in(outbox("ana@example.org")[0], "/account/confirm/")
    client.post("/account/forgot", data={"email": "ana@example.org"})
    reset_path = link_in(outbox("ana@example.org")[-1], "/account/reset/")
    client.post(reset_path, data={"password": STRONG + "!", "password_confirm": STRONG + "!"})
    browser = app.test_client()
    browser.get(confirm_path)
    assert not _is_logged_in(browser)


@pytest.mark.parametrize(
    "bad", ["garbage", "expired", "other-address", "deleted"], ids=lambda name: name
)
def test_invalid_confirmation_link_logs_nobody_in(app, client, monkeypatch, bad):
    _signup(client)
    path = link_in(outbox("ana@example.org")[0], "/account/confirm/")
    user = db.session.scalars(select(User).where(User.email == "ana@example.org")).one()
    if bad == "garbage":
        path = path[:-4] + "abcd"
    elif bad == "expired":
        monkeypatch.setitem(app.config, "EMAIL_TOKEN_MAX_AGE", -1)
    elif bad == "other-address":
        user.email = "changed@example.org"
        db.session.commit()
    else:
        user.deleted_at = user.created_at
        db.session.commit()
    browser = app.test_client()
    assert browser.get(path).status_code == 400
    assert not _is_logged_in(browser)


def test_confirmation_link_redirects_only_to_local_pages(app, client):
    _signup(client)
    path = link_in(outbox("ana@example.org")[0], "/account/confirm/")
    response = app.test_client().get(path + "?next=https://evil.example/")
    assert response.headers["Location"] == "/account/"
    _signup(client, email="bea@example.org")
    path = link_in(outbox("bea@example.org")[0], "/account/confirm/")
    response = app.test_client().get(path + "?next=/m/somewhere/")
    assert response.headers["Location"] == "/m/somewhere/"


def test_confirmation_link_never_switches_an_open_session(app, client):
    _signup(client)
    path = link_in(outbox("ana@example.org")[0], "/account/confirm/")
    someone = factories.UserFactory()
    browser, _s, _r = _log_in(app, someone, remember=False)
    assert browser.get(path).status_code == 302
    ana = db.session.scalars(select(User).where(User.email == "ana@example.org")).one()
    assert ana.is_confirmed
    # The browser is still the other person's.
    page = browser.get("/account/")
    assert page.status_code == 200
    assert someone.display_name in page.text and "Ana Lopez" not in page.text


# The same work for known and unknown addresses -------------------------------------------------


class _Calls:
    """Count calls to the functions that cost time: hashing, token signing, mail, SQL."""

    def __init__(self, monkeypatch, count_queries):
        self.counts: dict[str, int] = {}
        self._queries = count_queries
        import participa.accounts.services as accounts_services
        import participa.core.mail as mail

        for module, name in [
            (tokens, "make_token"),
            (tokens, "fingerprint"),
            (accounts_services, "hash_password"),
            (accounts_services, "check_password_hash"),
            (accounts_services, "generate_password_hash"),
            (mail, "render_template"),
        ]:
            monkeypatch.setattr(module, name, self._counting(name, getattr(module, name)))

    def _counting(self, name, function):
        def wrapper(*args, **kwargs):
            self.counts[name] = self.counts.get(name, 0) + 1
            return function(*args, **kwargs)

        return wrapper

    def run(self, function, *args) -> tuple[dict[str, int], int]:
        self.counts = {}
        with self._queries() as queries:
            function(*args)
        return dict(self.counts), queries.count


@pytest.fixture
def req(app):
    with app.test_request_context():
        yield


def test_reset_request_does_the_same_work_for_unknown_addresses(
    req, user, monkeypatch, count_queries
):
    calls = _Calls(monkeypatch, count_queries)
    known = calls.run(services.request_password_reset, user.email)
    unknown = calls.run(services.request_password_reset, "nobody@example.org")
    assert known == unknown
    assert known[0]["make_token"] == 1 and known[0]["fingerprint"] == 1
    assert known[1] >= 2  # the look-up and the outbox row
    assert len(outbox(user.email)) == 1 and len(outbox("nobody@example.org")) == 1


def test_resend_confirmation_does_the_same_work_for_any_address(req, monkeypatch, count_queries):
    unconfirmed = factories.UserFactory(email_confirmed_at=None)
    confirmed = factories.UserFactory()
    calls = _Calls(monkeypatch, count_queries)
    results = [
        calls.run(services.resend_confirmation, address)
        for address in (unconfirmed.email, confirmed.email, "nobody@example.org")
    ]
    assert results[0] == results[1] == results[2]
    assert results[0][0]["make_token"] == 1
    for address in (unconfirmed.email, confirmed.email, "nobody@example.org"):
        assert len(outbox(address)) == 1


def test_unknown_address_gets_a_note_without_any_link(client, user):
    known = client.post("/account/forgot", data={"email": user.email})
    unknown = client.post("/account/forgot", data={"email": "Nobody@Example.org "})
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    [note] = outbox("nobody@example.org")
    assert "/account/reset/" not in note.body_text and "/account/confirm/" not in note.body_text
    assert "no Participa account uses this address" in note.body_text
    assert "/account/signup" in note.body_text
    [reset] = outbox(user.email)
    assert link_in(reset, "/account/reset/")


def test_already_confirmed_address_gets_a_note_without_any_link(client, user):
    assert client.post("/account/confirm", data={"email": user.email}).status_code == 302
    [note] = outbox(user.email)
    assert "already confirmed" in note.body_text
    assert "/account/confirm/" not in note.body_text and "/account/login" in note.body_text
