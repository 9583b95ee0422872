"""Helpers shared by the accounts tests."""

from __future__ import annotations

import re

from sqlalchemy import select

from participa.core.models import OutboxMessage
from participa.extensions import db
from tests import factories

LINK = re.compile(r"https?://[^/\s]+(/account/\S+)")
STRONG = "a brand new passphrase for the city"


def change_password(client, current: str = factories.PASSWORD):
    """Post the password change form: from ``current`` to ``STRONG``."""
    data = {"current_password": current, "new_password": STRONG, "new_password_confirm": STRONG}
    return client.post("/account/password", data=data)


def outbox(recipient: str | None = None) -> list[OutboxMessage]:
    """Mail stored in the outbox, oldest first, optionally only to ``recipient``."""
    db.session.expire_all()
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if recipient is not None:
        query = query.where(OutboxMessage.recipient == recipient)
    return list(db.session.scalars(query))


def link_in(message: OutboxMessage, prefix: str = "/account/") -> str:
    """The path of the first absolute account link in a message that starts with ``prefix``."""
    for path in LINK.findall(message.body_text):
        if path.startswith(prefix):
            return path
    raise AssertionError(f"no {prefix} link in:\n{message.body_text}")
