"""What the features' rate limits (Flask-Limiter, ``extensions.limiter``) count and read.

A limit on what people post counts each signed-in person, and each address for anonymous
visitors; its rate comes from the configuration at request time, so a deployment (or a test)
changes it without touching the feature.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user


def person_key() -> str:
    """Who a per-person limit counts: the signed-in person, or the visitor's address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{get_remote_address()}"


def configured(name: str, default: str) -> Callable[[], str]:
    """The rate in the configuration's ``name``, or ``default``, read at request time."""
    return lambda: current_app.config.get(name, default)
