"""Account rules without HTTP: sign-up, tokens, passwords, e-mail change, export, erasure."""

from __future__ import annotations

import pytest

from participa.accounts import passwords, privacy, services, tokens
from participa.accounts.models import User
from participa.accounts.services import AccountError
from participa.core.errors import DomainError
from participa.extensions import db
from participa.municipalities.models import Membership, ResidencyRequest
from tests import factories
from tests.accounts.helpers import STRONG, link_in, outbox
from tests.rows import count_rows


@pytest.fixture(autouse=True)
def _own_registries(monkeypatch):
    """Hooks registered by a test do not outlive it."""
    monkeypatch.setattr(privacy, "_exports", dict(privacy._exports))
    monkeypatch.setattr(privacy, "_erasures", list(privacy._erasures))


@pytest.fixture
def req(app):
    """A request context, for the absolute links in the mail."""
    with app.test_request_context():
        yield


def _token(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def _users() -> int:
    return count_rows(User)


def test_common_password_list_is_bundled_and_lower_case():
    common = passwords.common_passwords()
    assert len(common) >= 1000
    for classic in (
        "123456",
        "password",
        "qwerty",
        "12345678",
        "contraseña",
        "senha123",
        "iloveyou",
    ):
        assert classic in common
    assert all(p == p.lower() for p in common)
    assert passwords.is_common("PassWord123")
    assert not passwords.is_common(factories.PASSWORD)


@pytest.mark.parametrize(
    ("password", "fragment"),
    [
        ("short", "at least 10"),
        ("x" * 201, "at most 200"),
        ("Password1234", "too common"),
        ("qwertyuiop", "too common"),
        ("ana.lopez@example.org", "e-mail address or your name"),
        ("Ana Lopez Garcia", "e-mail address or your name"),
    ],
)
def test_password_rules(req, password, fragment):
    problem = passwords.password_problem(
        password, email="ana.lopez@example.org", display_name="Ana Lopez Garcia"
    )
    assert problem and fragment in problem


def test_register_user_creates_unconfirmed_account_and_mails_link(req):
    user = services.register_user("  Ana@Example.ORG ", STRONG, " Ana ", True, "es")
    assert user.email == "ana@example.org"
    assert user.display_name == "Ana"
    assert not user.is_confirmed and user.terms_accepted_at is not None
    assert user.password_hash != STRONG and user.locale == "es"
    [message] = outbox("ana@example.org")
    assert link_in(message, "/account/confirm/")


def test_register_user_requires_terms(req):
    with pytest.raises(AccountError) as info:
        services.register_user("ana@example.org", STRONG, "Ana", False, None)
    assert info.value.field == "accept_terms"
    assert _users() == 0


def test_register_user_rejects_weak_password(req):
    with pytest.raises(AccountError) as info:
        services.register_user("ana@example.org", "password123", "Ana", True, None)
    assert info.value.field == "password"


def test_register_existing_email_creates_nothing_and_warns_owner(req, user):
    assert services.register_user(user.email.upper(), STRONG, "Impostor", True, None) is None
    assert _users() == 1
    [message] = outbox(user.email)
    assert "tried to sign up" in message.subject
    assert link_in(message, "/account/reset/")


def test_confirm_email_token(req):
    user = services.register_user("ana@example.org", STRONG, "Ana", True, None)
    token = _token(link_in(outbox()[0]))
    assert services.confirm_email(token) == (user, True)
    assert user.is_confirmed
    assert services.confirm_email(token) == (user, False)  # a used link confirms nothing more
    with pytest.raises(tokens.TokenError):
        # Change the first character of the signature: the last characters of base64 carry
        # padding bits, so editing them can leave the decoded signature unchanged.
        cut = token.rindex(".") + 1
        services.confirm_email(token[:cut] + ("A" if token[cut] != "A" else "B") + token[cut + 1 :])


def test_confirm_token_expires(req, app, monkeypatch):
    user = services.register_user("ana@example.org", STRONG, "Ana", True, None)
    token = _token(link_in(outbox()[0]))
    monkeypatch.setitem(app.config, "EMAIL_TOKEN_MAX_AGE", -1)
    with pytest.raises(tokens.TokenError) as info:
        services.confirm_email(token)
    assert info.value.expired and not user.is_confirmed


def test_tokens_of_one_purpose_do_not_work_for_another(req, user):
    token = tokens.make_token(tokens.CONFIRM_EMAIL, {"uid": user.id, "email": user.email})
    with pytest.raises(tokens.TokenError):
        services.user_for_reset(token)


def test_authenticate(req, user):
    assert services.authenticate(user.email.upper(), factories.PASSWORD) is user
    assert services.authenticate(user.email, "wrong password here") is None
    assert services.authenticate("nobody@example.org", factories.PASSWORD) is None


def test_reset_password_is_single_use_and_rotates_session(req, user):
    services.request_password_reset(user.email)
    token = _token(link_in(outbox(user.email)[0], "/account/reset/"))
    old_session = user.session_token
    services.reset_password(token, STRONG)
    assert services.authenticate(user.email, STRONG) is user
    assert user.session_token != old_session
    with pytest.raises(tokens.TokenError):
        services.reset_password(token, "yet another passphrase here")


def test_reset_for_unknown_email_sends_no_link(req):
    services.request_password_reset("nobody@example.org")
    [note] = outbox()
    assert note.recipient == "nobody@example.org" and "/account/reset/" not in note.body_text


def test_change_password_checks_current(req, user):
    with pytest.raises(AccountError) as info:
        services.change_password(user, "not my password", STRONG)
    assert info.value.field == "current_password"
    with pytest.raises(AccountError) as info:
        services.change_password(user, factories.PASSWORD, "1234567890")
    assert info.value.field == "new_password"
    services.change_password(user, factories.PASSWORD, STRONG)
    assert services.verify_password(user, STRONG)


def test_email_change_flow(req, user):
    old = user.email
    services.request_email_change(user, " New@Example.org", factories.PASSWORD)
    assert user.pending_email == "new@example.org" and user.email == old
    [confirm] = outbox("new@example.org")
    [notice] = outbox(old)
    assert "new@example.org" in notice.body_text
    services.confirm_email_change(_token(link_in(confirm, "/account/email/")))
    assert user.email == "new@example.org" and user.pending_email is None


def test_email_change_to_taken_address_fails_at_confirmation(req, user):
    other = factories.UserFactory(email="taken@example.org")
    services.request_email_change(user, "taken@example.org", factories.PASSWORD)
    confirm = next(m for m in outbox(other.email) if "/account/email/" in m.body_text)
    with pytest.raises(DomainError) as info:
        services.confirm_email_change(_token(link_in(confirm, "/account/email/")))
    assert info.value.status == 409


def test_email_change_needs_password(req, user):
    with pytest.raises(AccountError) as info:
        services.request_email_change(user, "new@example.org", "wrong password")
    assert info.value.field == "password"


def test_export_and_registered_sections(req, municipality):
    user = factories.member(municipality, "moderator")
    factories.ResidencyRequestFactory(user=user, municipality_id=municipality.id)
    services.register_export("test_section", lambda u: {"user_id": u.id})
    data = services.export_data(user)
    assert data["account"]["email"] == user.email
    assert "password_hash" not in data["account"] and "session_token" not in data["account"]
    assert data["memberships"] == [
        {"municipality": "villa-norte", "municipality_name": "Villa Norte", "roles": ["moderator"]}
    ]
    assert data["residency_requests"][0]["status"] == "pending"
    assert data["test_section"] == {"user_id": user.id}
    with pytest.raises(ValueError, match="already registered"):
        services.register_export("test_section", lambda u: None)


def test_delete_account_erases_personal_data(req, municipality):
    user = factories.member(municipality, "resident", bio="About me")
    factories.ResidencyRequestFactory(user=user, municipality_id=municipality.id)
    services.request_password_reset(user.email)
    erased = []
    services.register_erasure(lambda u: erased.append(u.id))
    with pytest.raises(AccountError):
        services.delete_account(user, "wrong password")
    email, token = user.email, user.session_token
    services.delete_account(user, factories.PASSWORD)
    db.session.commit()
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert user.is_deleted and user.email is None and user.password_hash is None
    assert user.bio is None and user.display_name == "" and user.session_token != token
    assert user.public_name == "deleted participant"
    assert erased == [user.id]
    for model in (Membership, ResidencyRequest):
        count = count_rows(model)
        assert count == 0
    assert outbox(email) == []
    assert services.authenticate(email, factories.PASSWORD) is None
