"""Write staff actions to the audit log, in the caller's transaction."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from participa.core.models import AuditEntry
from participa.extensions import db

if TYPE_CHECKING:
    # Type-only imports: at run time the core imports no feature.
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)


def record(
    action: str,
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    target: Any = None,  # any mapped object with an id
    reason: str | None = None,
    **details: Any,  # stored as JSON
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


def record_on(
    target: Any,
    action: str,
    *,
    actor: User | None,
    reason: str | None = None,
    **details: Any,
) -> AuditEntry:
    """Add an audit entry for ``action`` on ``target``, in the municipality it belongs to."""
    return record(
        action,
        actor=actor,
        municipality=target.municipality,
        target=target,
        reason=reason,
        **details,
    )


# What the installed features declare (core.features.install fills these): action code -> label,
# table name -> label. The audit page shows these, never the codes.
_action_labels: dict[str, Any] = {}
_target_labels: dict[str, Any] = {}


def reset() -> None:
    """Forget every declared label (before the features are installed)."""
    _action_labels.clear()
    _target_labels.clear()


def register_labels(actions: Mapping[str, Any], targets: Mapping[str, Any] | None = None) -> None:
    """Declare the labels of audit action codes and of the tables their targets live in."""
    for code, label in actions.items():
        if code in _action_labels and _action_labels[code] is not label:
            raise ValueError(f"audit action {code!r} is labelled twice")
        _action_labels[code] = label
    _target_labels.update(targets or {})


def declared_actions() -> set[str]:
    """The action codes some installed feature declared a label for."""
    return set(_action_labels)


def action_label(code: str) -> str:
    """The translated label of an action code (the code itself only when undeclared)."""
    label = _action_labels.get(code)
    return str(label) if label is not None else code


def target_label(target_type: str | None, target_id: int | None) -> str:
    """``<label> #<id>`` for an entry's target, or an empty string when it has none."""
    if not target_type:
        return ""
    label = _target_labels.get(target_type)
    name = str(label) if label is not None else target_type
    return f"{name} #{target_id}" if target_id is not None else name


def format_value(value: Any) -> str:
    """A detail value as plain text: lists joined, mappings as ``key: value``, no reprs."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(_l("yes") if value else _l("no"))
    if isinstance(value, Mapping):
        return ", ".join(f"{key}: {format_value(item)}" for key, item in value.items()) or "—"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(format_value(item) for item in value) or "—"
    return str(value)


def details_text(details: Mapping[str, Any] | None) -> list[str]:
    """An entry's details as ``key: value`` lines, without Python representations."""
    return [f"{key}: {format_value(value)}" for key, value in (details or {}).items()]
