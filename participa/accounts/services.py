"""Accounts: sign-up, confirmation, login, password and e-mail changes, deletion, export."""

from __future__ import annotations

import hmac
import logging
import secrets
from typing import TYPE_CHECKING, Any

from email_validator import EmailNotValidError, validate_email
from flask import current_app, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from participa.accounts import tokens
from participa.accounts.models import User
from participa.accounts.passwords import password_problem

# The public registry, re-exported.
from participa.accounts.privacy import erase_personal_data as erase_personal_data
from participa.accounts.privacy import export_data as export_data
from participa.accounts.privacy import register_erasure as register_erasure
from participa.accounts.privacy import register_export as register_export
from participa.core import viewer
from participa.core.errors import DomainError
from participa.core.mail import send_mail
from participa.core.params import parse_int
from participa.db import length_of, utcnow
from participa.extensions import db

if TYPE_CHECKING:
    from flask_babel import LazyString

logger = logging.getLogger(__name__)

_dummy_hashes: dict[str | None, str] = {}


class AccountError(DomainError):
    """A rule of accounts was broken; ``field`` names the form field the message belongs to."""

    status = 422

    def __init__(self, message: str, field: str | None = None, status: int | None = None) -> None:
        super().__init__(message, status)
        self.field = field


# Helpers ---------------------------------------------------------------------------------------


def load_user(user_id: str) -> User | None:
    """Flask-Login loader: the id carries the session token so old sessions die on reset."""
    raw_id, _sep, token = (user_id or "").partition(":")
    found = parse_int(raw_id, min=1)
    if found is None:
        return None
    user: User | None = viewer.load_reader(User, found)
    if user is None or user.is_deleted or not hmac.compare_digest(user.session_token, token):
        viewer.forget_reader()
        return None
    return user


def hash_password(password: str) -> str:
    """Hash with werkzeug's current default (scrypt); tests configure a faster method."""
    method = current_app.config.get("PASSWORD_HASH_METHOD")
    return (
        generate_password_hash(password, method=method)
        if method
        else generate_password_hash(password)
    )


def verify_password(user: User | None, password: str | None) -> bool:
    """Check ``password`` against the user's hash; spend the same time when there is no user."""
    if user is None or not user.password_hash or user.is_deleted:
        check_password_hash(_dummy_hash(), password or "")
        return False
    return check_password_hash(user.password_hash, password or "")


def new_session_token() -> str:
    return secrets.token_hex(16)


def end_sessions(user: User) -> None:
    """End every session and "remember me" cookie of the account, on every device."""
    # Session and remember cookies carry the token (User.get_id): a new one makes them stale.
    user.session_token = new_session_token()
    db.session.flush()


def normalize_email(email: str | None) -> str:
    """E-mail addresses are stored stripped and lower-cased."""
    return (email or "").strip().lower()


def find_by_email(email: str | None) -> User | None:
    """The live account with this address, if any."""
    email = normalize_email(email)
    if not email:
        return None
    return db.session.scalars(
        select(User).where(User.email == email, User.deleted_at.is_(None))
    ).first()


def check_password_rules(password: str, *, email: str | None, display_name: str | None) -> None:
    """Raise :class:`AccountError` unless the password follows the platform rules."""
    problem = password_problem(password, email=email, display_name=display_name)
    if problem:
        raise AccountError(problem, field="password")


def _mail(
    user: User, recipient: str | None, subject: str | LazyString, template: str, **context: Any
) -> None:
    # Deleted accounts have no address, and nothing mails them.
    assert recipient is not None
    # Mail goes out in the recipient's language when they chose one.
    locale = user.locale if user.locale in current_app.config["LANGUAGES"] else None
    if locale:
        with force_locale(locale):
            send_mail(recipient, str(subject), template, user=user, **context)
    else:
        send_mail(recipient, str(subject), template, user=user, **context)


def _hours(seconds: int) -> int:
    return max(1, round(seconds / 3600))


def _confirm_url(user: User) -> str:
    token = tokens.make_token(tokens.CONFIRM_EMAIL, {"uid": user.id, "email": user.email})
    return url_for("accounts.confirm", token=token, _external=True)


def _reset_fingerprint(user: User) -> str:
    # A reset link dies when the password changes (single use) or when the address it was mailed
    # to stops being the account's address.
    return tokens.fingerprint(f"{user.password_hash}:{user.email}")


def _reset_url(user: User) -> str:
    payload = {"uid": user.id, "ph": _reset_fingerprint(user)}
    token = tokens.make_token(tokens.RESET_PASSWORD, payload)
    return url_for("accounts.reset_password", token=token, _external=True)


def _nobody(email: str) -> User:
    """A transient stand-in for an address without an account, never added to the session."""
    return User(id=0, email=email, display_name="")


def _dummy_hash() -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD")
    if method not in _dummy_hashes:
        _dummy_hashes[method] = hash_password(secrets.token_hex(16))
    return _dummy_hashes[method]


def _mail_no_account(email: str) -> None:
    # What an address without an account receives instead of a link: the mail is the same
    # work as the real one, so the response time does not tell whether the account exists.
    send_mail(
        email,
        str(_l("No Participa account uses this address")),
        "no_account",
        signup_url=url_for("accounts.signup", _external=True),
    )


# Sign-up and confirmation ----------------------------------------------------------------------


def register_user(
    email: str, password: str, display_name: str, accepted_terms: bool, locale: str | None
) -> User | None:
    """Create an unconfirmed account and mail the confirmation link.

    When the address already has an account nothing is created (None is returned) and its owner
    is told by e-mail, so the sign-up page never reveals who is registered.
    """
    email = normalize_email(email)
    display_name = (display_name or "").strip()
    if not accepted_terms:
        raise AccountError(_("You need to accept the terms of use to sign up."), "accept_terms")
    if not display_name:
        raise AccountError(_("Tell us the name to show with your contributions."), "display_name")
    check_password_rules(password, email=email, display_name=display_name)
    password_hash = hash_password(password)  # also hashed for taken addresses: equal timing
    existing = find_by_email(email)
    if existing is not None:
        _mail(
            existing,
            email,
            _l("Someone tried to sign up with your e-mail address"),
            "signup_attempt",
            reset_url=_reset_url(existing),
            login_url=url_for("accounts.login", _external=True),
        )
        logger.info("sign-up attempt with the address of user %s", existing.id)
        return None
    user = User(
        email=email,
        password_hash=password_hash,
        display_name=display_name,
        locale=locale if locale in current_app.config["LANGUAGES"] else None,
        terms_accepted_at=utcnow(),
        session_token=new_session_token(),
    )
    db.session.add(user)
    db.session.flush()
    send_confirmation(user)
    logger.info("user %s signed up", user.id)
    return user


def send_confirmation(user: User) -> None:
    """Mail the link that confirms the user's address."""
    _mail(
        user,
        user.email,
        _l("Confirm your e-mail address"),
        "confirm_email",
        confirm_url=_confirm_url(user),
        hours=_hours(current_app.config["EMAIL_TOKEN_MAX_AGE"]),
    )


def resend_confirmation(email: str) -> None:
    """Mail a new confirmation link, or say why there is none: the same work for any address."""
    email = normalize_email(email)
    user = find_by_email(email)
    if user is not None and not user.is_confirmed:
        send_confirmation(user)
        return
    # Build the link anyway so that every answer costs the same token and mail work.
    _confirm_url(user or _nobody(email))
    if user is None:
        _mail_no_account(email)
    else:
        _mail(
            user,
            user.email,
            _l("Your e-mail address is already confirmed"),
            "already_confirmed",
            login_url=url_for("accounts.login", _external=True),
        )


def confirm_email(token: str) -> tuple[User, bool]:
    """Confirm the address in a token; tell whether this use confirmed it (the link was unused).

    Raise TokenError if the token is invalid, expired or for an address the account no longer has.
    """
    payload = tokens.read_token(
        tokens.CONFIRM_EMAIL, token, current_app.config["EMAIL_TOKEN_MAX_AGE"]
    )
    user = db.session.get(User, payload["uid"])
    if user is None or user.is_deleted or user.email != payload.get("email"):
        raise tokens.TokenError()
    if user.email_confirmed_at is not None:
        return user, False
    user.email_confirmed_at = utcnow()
    db.session.flush()
    return user, True


# Login -----------------------------------------------------------------------------------------


def authenticate(email: str, password: str) -> User | None:
    """Return the live account matching both e-mail and password, or None, in similar time."""
    user = find_by_email(email)
    return user if verify_password(user, password) else None


def record_login(user: User) -> None:
    """Remember when the person last logged in."""
    user.last_login_at = utcnow()
    db.session.flush()


# Password reset and change ---------------------------------------------------------------------


def request_password_reset(email: str) -> None:
    """Mail a reset link to a live account, or a note that there is none: the same work."""
    email = normalize_email(email)
    user = find_by_email(email)
    # The link is signed for unknown addresses too, so both answers cost the same hashing.
    reset_url = _reset_url(user or _nobody(email))
    if user is None:
        _mail_no_account(email)
        return
    _mail(
        user,
        user.email,
        _l("Reset your password"),
        "reset_password",
        reset_url=reset_url,
        minutes=current_app.config["RESET_TOKEN_MAX_AGE"] // 60,
    )


def user_for_reset(token: str) -> User:
    """Return the account a reset token is for; raise TokenError if stale or already used."""
    payload = tokens.read_token(
        tokens.RESET_PASSWORD, token, current_app.config["RESET_TOKEN_MAX_AGE"]
    )
    user = db.session.get(User, payload["uid"])
    # The token carries a digest of the password hash: once the password changes it is void.
    if (
        user is None
        or user.is_deleted
        or not user.password_hash
        or not hmac.compare_digest(str(payload.get("ph")), _reset_fingerprint(user))
    ):
        raise tokens.TokenError()
    return user


def _set_password(user: User, password: str) -> None:
    check_password_rules(password, email=user.email, display_name=user.display_name)
    user.password_hash = hash_password(password)
    # Whoever knew the old password may have asked to move the account to their own address.
    user.pending_email = None
    end_sessions(user)


def reset_password(token: str, password: str) -> User:
    """Set a new password from a reset link; every existing session ends."""
    user = user_for_reset(token)
    _set_password(user, password)
    # Following a link sent to the address proves the person reads it.
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    db.session.flush()
    _mail(user, user.email, _l("Your password was changed"), "password_changed")
    logger.info("user %s reset their password", user.id)
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """Replace the password after checking the current one; other sessions end."""
    if not verify_password(user, current_password):
        raise AccountError(_("The current password is not correct."), "current_password")
    try:
        _set_password(user, new_password)
    except AccountError as exc:
        exc.field = "new_password"
        raise
    db.session.flush()
    _mail(user, user.email, _l("Your password was changed"), "password_changed")
    logger.info("user %s changed their password", user.id)


# Profile and e-mail change ---------------------------------------------------------------------


def update_profile(user: User, *, display_name: str, bio: str | None, locale: str | None) -> None:
    """Save the public name, the presentation and the preferred language."""
    display_name = (display_name or "").strip()
    if not display_name:
        raise AccountError(_("Tell us the name to show with your contributions."), "display_name")
    user.display_name = display_name
    user.bio = (bio or "").strip() or None
    user.locale = locale if locale in current_app.config["LANGUAGES"] else None
    db.session.flush()


def request_email_change(user: User, new_email: str, password: str) -> None:
    """Keep the new address as pending, mail it a confirmation link and tell the old one."""
    if not verify_password(user, password):
        raise AccountError(_("The password is not correct."), "password")
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise AccountError(_("This is already your e-mail address."), "new_email")
    # Whether another account has the address is only checked at confirmation (no enumeration).
    user.pending_email = new_email
    db.session.flush()
    token = tokens.make_token(tokens.CHANGE_EMAIL, {"uid": user.id, "email": new_email})
    _mail(
        user,
        new_email,
        _l("Confirm your new e-mail address"),
        "email_change_confirm",
        confirm_url=url_for("accounts.confirm_email_change", token=token, _external=True),
        hours=_hours(current_app.config["EMAIL_TOKEN_MAX_AGE"]),
        new_email=new_email,
    )
    _mail(
        user,
        user.email,
        _l("A change of e-mail address was requested"),
        "email_change_notice",
        new_email=new_email,
    )


def confirm_email_change(token: str) -> User:
    """Make the pending address the account's address; 409 if another account took it."""
    payload = tokens.read_token(
        tokens.CHANGE_EMAIL, token, current_app.config["EMAIL_TOKEN_MAX_AGE"]
    )
    user = db.session.get(User, payload["uid"])
    new_email = payload.get("email")
    if user is None or user.is_deleted or not new_email or user.pending_email != new_email:
        raise tokens.TokenError()
    taken = db.session.scalar(
        select(func.count()).select_from(User).where(User.email == new_email, User.id != user.id)
    )
    if taken:
        raise DomainError(
            _(
                "Another account already uses %(email)s, so it cannot become the address of this "
                "account. Your e-mail address has not changed.",
                email=new_email,
            ),
            status=409,
        )
    user.email = new_email
    user.pending_email = None
    user.email_confirmed_at = utcnow()
    # The address is how the account is recovered: every session ends, as on a password change.
    end_sessions(user)
    logger.info("user %s changed their e-mail address", user.id)
    return user


def delete_account(user: User, password: str) -> None:
    """Erase the person's data but keep the row, so public contributions keep an author."""
    if not verify_password(user, password):
        raise AccountError(_("The password is not correct."), "password")
    erase_personal_data(user)
    end_sessions(user)
    logger.info("user %s deleted their account", user.id)


# Platform administration -----------------------------------------------------------------------


def create_platform_admin(*, email: str, display_name: str, password: str) -> User:
    """Create a confirmed platform admin, or promote the account that has this e-mail.

    The command line has no form: the address, the name and the password are held to the
    sign-up form's rules here.
    """
    email = normalize_email(email)
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise AccountError(_("Enter a valid e-mail address, like name@example.org."),
                           field="email") from None  # fmt: skip
    if len(email) > length_of(User.email):
        raise AccountError(_("The e-mail address is too long."), field="email")
    display_name = display_name.strip()
    if not display_name or len(display_name) > length_of(User.display_name):
        raise AccountError(
            ngettext("Enter a name of up to %(num)s character.",
                     "Enter a name of up to %(num)s characters.", length_of(User.display_name)),
            field="display_name",
        )  # fmt: skip
    check_password_rules(password, email=email, display_name=display_name)
    user = db.session.scalars(select(User).where(User.email == email)).first()
    if user is None:
        user = User(
            email=email,
            display_name=display_name,
            session_token=new_session_token(),
            terms_accepted_at=utcnow(),
        )
        db.session.add(user)
    elif user.password_hash is not None:
        # An existing account gets a new password: sessions opened with the old one end.
        end_sessions(user)
    user.password_hash = hash_password(password)
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    user.is_platform_admin = True
    db.session.flush()
    return user
