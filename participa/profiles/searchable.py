"""What site-wide search shows of people: the public profile of every confirmed account."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.accounts.models import User
from participa.core.features import Contributions
from participa.core.text import markdown_text

contributions = Contributions()


def person_document(user: User) -> dict[str, Any] | None:
    """The search document of a person's public profile; None once deleted or unconfirmed."""
    if user.is_deleted or not user.is_confirmed:
        return None
    return {
        "title": user.display_name,
        "body": markdown_text(user.bio),
        "municipality_id": None,
        "language": None,  # names are not stemmed
        "endpoint": "profiles.detail",
        "url_args": {"user_id": user.id},
        "dated_at": user.created_at,
    }


contributions.add(
    "searchable",
    "person",
    User,
    label=_l("People"),
    document=person_document,
    every=lambda: select(User).where(User.deleted_at.is_(None)),
    watch=("display_name", "bio", "deleted_at", "email_confirmed_at"),
    order=60,
)
