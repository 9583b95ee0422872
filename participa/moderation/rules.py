"""Questions about a person and a municipality asked before any contribution is stored."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import or_, select

from participa.core.errors import DomainError
from participa.core.viewer import fact
from participa.db import utcnow
from participa.extensions import db
from participa.moderation.models import ParticipationBlock
from participa.moderation.settings import settings_for

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, ScalarSelect

    from participa.accounts.models import User
    from participa.core.authz import Visitor

# Bare and Markdown links, autolinks and "www." addresses all count.
_LINK = re.compile(r"(?i)\b(?:https?://|ftp://|www\.)[^\s<>()\]]+|\]\([^)\s]+\)|<[a-z]+:[^>\s]+>")


def block_question(
    user_id: int | ColumnElement[int],
    municipality_id: int | ColumnElement[int],
    now: datetime | ColumnElement[datetime],
) -> ScalarSelect[int]:
    """The latest block keeping the person from participating in the member now (core.viewer)."""
    return (
        select(ParticipationBlock.id)
        .where(
            ParticipationBlock.municipality_id == municipality_id,
            ParticipationBlock.user_id == user_id,
            ParticipationBlock.lifted_at.is_(None),
            or_(ParticipationBlock.until.is_(None), ParticipationBlock.until > now),
        )
        .order_by(ParticipationBlock.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def active_block(user: Visitor, municipality_id: int) -> ParticipationBlock | None:
    """Return the block that keeps ``user`` from participating here now, if any."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    block_id = fact("moderation.block", block_question, user.id, municipality_id)
    return None if block_id is None else db.session.get(ParticipationBlock, block_id)


def block_message(block: ParticipationBlock) -> str:
    from participa.core.i18n import local_datetime
    from participa.municipalities.models import Municipality

    if block.until is None:
        return str(_("You have been blocked from participating in this municipality."))
    # In the municipality's zone even when the message is built outside its pages.
    municipality = db.session.get(Municipality, block.municipality_id)
    return str(
        _(
            "You have been blocked from participating in this municipality until %(until)s.",
            until=local_datetime(block.until, "medium", municipality),
        )
    )


def ensure_not_blocked(user: User, municipality_id: int) -> None:
    """Raise a 403 DomainError when ``user`` is blocked in this municipality."""
    block = active_block(user, municipality_id)
    if block is not None:
        raise DomainError(block_message(block), status=403)


def count_links(text: str | None) -> int:
    return len(_LINK.findall(text or ""))


def is_new_account(user: User, days: int) -> bool:
    created = getattr(user, "created_at", None)
    return days > 0 and created is not None and utcnow() - created < timedelta(days=days)


def check_links(user: User, municipality_id: int, text: str) -> None:
    """Refuse more links than new accounts may post (422)."""
    settings = settings_for(municipality_id)
    if not is_new_account(user, settings.new_account_days):
        return
    if count_links(text) > settings.new_account_link_limit:
        raise DomainError(
            ngettext(
                "New accounts may include at most %(num)s link in a contribution.",
                "New accounts may include at most %(num)s links in a contribution.",
                settings.new_account_link_limit,
            ),
            status=422,
        )


def needs_premoderation(user: User, municipality_id: int, text: str) -> bool:
    """Tell whether a new contribution waits for a moderator before it is shown."""
    settings = settings_for(municipality_id)
    if is_new_account(user, settings.premoderate_new_accounts_days):
        return True
    return bool(settings.premoderate_links and count_links(text))
