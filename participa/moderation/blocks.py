"""Staff blocking a person from participating in a municipality, and lifting the block."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from participa.core import audit
from participa.core.errors import DomainError
from participa.db import utcnow
from participa.extensions import db
from participa.moderation.models import ParticipationBlock

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)


def block_person(
    municipality: Municipality, *, actor: User, user: User, days: int | None, reason: str
) -> ParticipationBlock:
    """Block a person from participating in this municipality for ``days`` (None: indefinitely)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give a reason."), status=422)
    if user.id == actor.id:
        raise DomainError(_("You cannot block yourself."), status=409)
    if days is not None and days < 1:
        raise DomainError(_("Block for at least one day."), status=422)
    block = ParticipationBlock(
        municipality_id=municipality.id,
        user_id=user.id,
        until=utcnow() + timedelta(days=days) if days else None,
        reason=reason,
        created_by_id=actor.id,
    )
    db.session.add(block)
    db.session.flush()
    audit.record(
        "moderation.block",
        actor=actor,
        municipality=municipality,
        target=user,
        reason=reason,
        days=days,
    )
    return block


def lift_block(block: ParticipationBlock, *, actor: User, reason: str) -> None:
    """End a block before its time."""
    from participa.municipalities.models import Municipality

    if block.lifted_at is not None:
        raise DomainError(_("This block has already been lifted."), status=409)
    block.lifted_at = utcnow()
    audit.record(
        "moderation.unblock",
        actor=actor,
        municipality=db.session.get(Municipality, block.municipality_id),
        target=block,
        reason=(reason or "").strip() or None,
        user_id=block.user_id,
    )
    db.session.flush()
