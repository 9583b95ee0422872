"""Signed, expiring tokens for the links the platform e-mails; one salt per purpose."""

from __future__ import annotations

import hashlib
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

CONFIRM_EMAIL = "participa.accounts.confirm-email"
RESET_PASSWORD = "participa.accounts.reset-password"  # noqa: S105 - a salt, not a secret
CHANGE_EMAIL = "participa.accounts.change-email"


class TokenError(Exception):
    """The token is invalid or expired; ``expired`` tells which."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def make_token(purpose: str, payload: dict[str, Any]) -> str:
    """Sign ``payload`` for ``purpose``."""
    return _serializer(purpose).dumps(payload)


def read_token(purpose: str, token: str, max_age: int) -> dict[str, Any]:
    """Return the payload of a token made for ``purpose``, or raise :class:`TokenError`."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired:
        raise TokenError(expired=True) from None
    except BadSignature:
        raise TokenError() from None
    if not isinstance(payload, dict) or not isinstance(payload.get("uid"), int):
        raise TokenError()
    return payload


def fingerprint(value: str | None) -> str:
    """A short digest binding a token to a value (the password hash): it dies when that changes."""
    return hashlib.sha256((value or "").encode()).hexdigest()[:16]
