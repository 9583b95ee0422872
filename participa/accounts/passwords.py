"""Password rules shared by sign-up, reset and change: length, common passwords, personal data."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

MAX_LENGTH = 200
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt"


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """Load the bundled list of breached passwords once per process."""
    with COMMON_PASSWORDS_FILE.open(encoding="utf-8") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip())


def is_common(password: str) -> bool:
    """Tell whether ``password`` is on the common-password list, ignoring case."""
    return password.lower() in common_passwords()


def password_problem(
    password: str | None, *, email: str | None = None, display_name: str | None = None
) -> str | None:
    """Return why ``password`` is not acceptable (translated), or None when it is fine."""
    password = password or ""
    min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < min_length:
        return str(
            ngettext(
                "Use at least %(num)d character.", "Use at least %(num)d characters.", min_length
            )
        )
    if len(password) > MAX_LENGTH:
        return str(
            ngettext(
                "Use at most %(num)d character.", "Use at most %(num)d characters.", MAX_LENGTH
            )
        )
    if is_common(password):
        return str(_("This password is too common and easy to guess. Choose another one."))
    lowered = password.strip().lower()
    personal: set[str] = set()
    if email:
        email = email.strip().lower()
        personal.update({email, email.partition("@")[0]})
    if display_name:
        personal.add(display_name.strip().lower())
    if lowered in personal:
        return str(_("Do not use your e-mail address or your name as your password."))
    return None
