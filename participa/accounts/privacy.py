"""What the platform holds about a person: the export registry and the erasure registry.

Features add their own sections with :func:`register_export` and clean-ups with
:func:`register_erasure`, from their own modules, at import time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select

from participa.accounts.models import User
from participa.core.models import OutboxMessage
from participa.db import utcnow
from participa.extensions import db

ExportFn = Callable[[User], Any]
ErasureFn = Callable[[User], None]
_exports: dict[str, ExportFn] = {}
_erasures: list[ErasureFn] = []


def register_export(name: str, fn: ExportFn) -> None:
    """Add a section ``name`` to the personal data export; ``fn(user)`` returns JSON-able data."""
    if name in _exports and _exports[name] is not fn:
        raise ValueError(f"export section {name!r} is already registered")
    _exports[name] = fn


def register_erasure(fn: ErasureFn) -> None:
    """Run ``fn(user)`` when an account is deleted, before its personal fields are emptied."""
    if fn not in _erasures:
        _erasures.append(fn)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def register_rows(name: str, model: type, owner: str, fields: Sequence[str]) -> None:
    """Export the person's rows of ``model`` (where ``owner`` is their id) under ``name``."""

    def export(user: User) -> list[dict[str, Any]]:
        column = getattr(model, owner)
        rows = db.session.scalars(select(model).where(column == user.id).order_by(model.id))
        return [{field: _plain(getattr(row, field)) for field in fields} for row in rows]

    register_export(name, export)


def memberships_of(user: User) -> list[tuple[Any, list[str]]]:
    """The municipalities where the person holds roles, with those roles."""
    from participa.municipalities.models import Membership, Municipality

    rows = db.session.execute(
        select(Municipality, Membership.role)
        .join(Membership, Membership.municipality_id == Municipality.id)
        .where(Membership.user_id == user.id)
        .order_by(Municipality.name, Membership.role)
    ).all()
    grouped: dict[int, tuple[Any, list[str]]] = {}
    for municipality, role in rows:
        grouped.setdefault(municipality.id, (municipality, []))[1].append(role)
    return list(grouped.values())


def residency_requests_of(user: User) -> list[tuple[Any, Any]]:
    """The person's residency requests, each with its municipality, newest first."""
    from participa.municipalities.models import Municipality, ResidencyRequest

    return list(
        db.session.execute(
            select(ResidencyRequest, Municipality)
            .join(Municipality, Municipality.id == ResidencyRequest.municipality_id)
            .where(ResidencyRequest.user_id == user.id)
            .order_by(ResidencyRequest.created_at.desc())
        ).all()
    )


def _export_account(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "pending_email": user.pending_email,
        "display_name": user.display_name,
        "bio": user.bio,
        "locale": user.locale,
        "email_confirmed_at": _iso(user.email_confirmed_at),
        "terms_accepted_at": _iso(user.terms_accepted_at),
        "is_platform_admin": user.is_platform_admin,
        "last_login_at": _iso(user.last_login_at),
        "created_at": _iso(user.created_at),
        "updated_at": _iso(user.updated_at),
    }


def _export_memberships(user: User) -> list[dict[str, Any]]:
    return [
        {"municipality": municipality.slug, "municipality_name": municipality.name, "roles": roles}
        for municipality, roles in memberships_of(user)
    ]


def _export_residency_requests(user: User) -> list[dict[str, Any]]:
    return [
        {
            "municipality": municipality.slug,
            "status": request.status,
            "method": request.method,
            "note": request.note,
            "decision_reason": request.decision_reason,
            "decided_at": _iso(request.decided_at),
            "created_at": _iso(request.created_at),
        }
        for request, municipality in residency_requests_of(user)
    ]


def _own_addresses(user: User) -> list[str]:
    return [address for address in (user.email, user.pending_email) if address]


def _export_emails(user: User) -> list[dict[str, Any]]:
    messages = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient.in_(_own_addresses(user)))
        .order_by(OutboxMessage.created_at)
    )
    return [
        {
            "recipient": m.recipient,
            "subject": m.subject,
            "body": m.body_text,
            "created_at": _iso(m.created_at),
            "sent_at": _iso(m.sent_at),
        }
        for m in messages
    ]


def export_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about the person, section by section."""
    data: dict[str, Any] = {"exported_at": _iso(utcnow()), "format": "participa-personal-data/1"}
    for name, fn in _exports.items():
        data[name] = fn(user)
    return data


def _erase_account_records(user: User) -> None:
    from participa.municipalities.models import Membership, ResidencyRequest

    db.session.execute(delete(Membership).where(Membership.user_id == user.id))
    db.session.execute(delete(ResidencyRequest).where(ResidencyRequest.user_id == user.id))
    addresses = _own_addresses(user)
    if addresses:
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.recipient.in_(addresses)))


def erase_personal_data(user: User) -> None:
    """Run every erasure hook, then empty the personal fields of the account row."""
    for erase in _erasures:
        erase(user)
    user.email = None
    user.pending_email = None
    user.password_hash = None
    user.display_name = ""
    user.bio = None
    user.locale = None
    user.is_platform_admin = False
    user.deleted_at = utcnow()


register_export("account", _export_account)
register_export("memberships", _export_memberships)
register_export("residency_requests", _export_residency_requests)
register_export("emails", _export_emails)
register_erasure(_erase_account_records)
