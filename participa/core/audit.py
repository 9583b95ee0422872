"""Write staff actions to the audit log, in the caller's transaction."""

from __future__ import annotations

import logging
from typing import Any

from participa.core.models import AuditEntry
from participa.extensions import db

logger = logging.getLogger(__name__)


def record(
    action: str,
    *,
    actor: Any,
    municipality: Any = None,
    target: Any = None,
    reason: str | None = None,
    **details: Any,
) -> AuditEntry:
    """Add an audit entry for ``action`` (flushed with the caller's changes, not committed)."""
    entry = AuditEntry(
        action=action,
        actor_id=getattr(actor, "id", None),
        municipality_id=getattr(municipality, "id", None),
        target_type=type(target).__tablename__ if target is not None else None,
        target_id=getattr(target, "id", None),
        reason=reason,
        details=details,
    )
    db.session.add(entry)
    logger.info("audit %s by %s on %s", action, entry.actor_id, entry.target_type)
    return entry
