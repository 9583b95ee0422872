"""E-mail preferences for notifications and the one-click unsubscribe that changes them.

Each person chooses ``immediate`` (the default), ``digest`` or ``none``::

    email_mode_of(user); set_email_mode(user, "digest")

Every notification e-mail carries a signed unsubscribe link (no login needed) and the RFC 8058
headers built by :func:`unsubscribe_headers`; :func:`user_from_unsubscribe_token` reads it back.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from participa.accounts.models import User
from participa.extensions import db
from participa.notifications.models import EmailMode, NotificationPreference

UNSUBSCRIBE_SALT = "unsubscribe"


# --- Preferences ---------------------------------------------------------------------------


def email_mode_of(user: User) -> str:
    """Return ``user``'s e-mail preference (immediate when never chosen)."""
    mode = db.session.scalar(
        select(NotificationPreference.email_mode).where(NotificationPreference.user_id == user.id)
    )
    return mode or EmailMode.IMMEDIATE.value


def set_email_mode(user: User, mode: str) -> None:
    """Store how ``user`` wants notifications by e-mail: immediate, digest or none."""
    mode = EmailMode(mode).value
    preference = db.session.get(NotificationPreference, user.id)
    if preference is None:
        preference = NotificationPreference(user_id=user.id)
        db.session.add(preference)
    preference.email_mode = mode
    db.session.flush()


def email_modes(user_ids: Iterable[int]) -> dict[int, str]:
    """Return the chosen e-mail preference of each of ``user_ids`` that made a choice."""
    rows = db.session.execute(
        select(NotificationPreference.user_id, NotificationPreference.email_mode).where(
            NotificationPreference.user_id.in_(list(user_ids))
        )
    )
    return {user_id: mode for user_id, mode in rows}


# --- Unsubscribe ---------------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user: User) -> str:
    """Return a signed token that lets ``user`` stop notification e-mails without logging in."""
    return _serializer().dumps(user.id)


def unsubscribe_url(user: User) -> str:
    """Return the absolute one-click unsubscribe address for ``user``."""
    return url_for("notifications.unsubscribe", token=unsubscribe_token(user), _external=True)


def unsubscribe_headers(user: User) -> dict[str, str]:
    """Return the mail headers that offer ``user`` a one-click unsubscribe."""
    # RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this address.
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def user_from_unsubscribe_token(token: str) -> User | None:
    """Return the active account named by a valid token, or None when tampered or deleted."""
    try:
        user_id = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(user_id, int):
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.deleted_at is None else None
