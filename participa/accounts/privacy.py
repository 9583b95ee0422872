"""What the platform holds about a person: the export registry and the erasure registry.

Features contribute their own sections and clean-ups through their manifests (systems
``personal_data_export``, ``personal_data_erasure``, ``personal_data_rows`` and
``personal_data_cover``, served by this module when the application is built).

Every column that points at ``users.id`` is either declared here, exported and handled at
erasure (:func:`register_rows`, or :func:`cover` next to a hand-written export), or listed in
:data:`NOT_PERSONAL` with the reason; ``tests/test_personal_data.py`` fails on any other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from flask import url_for
from sqlalchemy import MetaData, and_, delete, func, select, update

from participa.accounts.models import User
from participa.core.downloads import json_time
from participa.core.features import Contributions
from participa.core.mail import url_context
from participa.core.models import OutboxMessage, Upload
from participa.db import utcnow
from participa.extensions import db

ExportFn = Callable[[User], Any]
ErasureFn = Callable[[User], None]
# Told that a person's prepared download is ready: (person, its address).
ReadyFn = Callable[[User, str], None]
_exports: dict[str, ExportFn] = {}
_erasures: list[ErasureFn] = []
_ready: list[ReadyFn] = []


class OnErase(StrEnum):
    """What deleting an account does to the rows that point at it."""

    # The rows go with the account (memberships, follows, notifications).
    DELETE = "delete"
    # The rows stay and stop pointing at the person (a census entry is freed for its owner).
    UNLINK = "unlink"
    # Public contributions stay, shown as by a deleted participant: the account row they point
    # at keeps no name, address or anything else that identifies the person.
    KEEP = "keep"


_covered: dict[str, OnErase] = {}

# Columns pointing at users.id that are deliberately not the person's data, and why. Staff act
# for their municipality: who decided, published or answered stays on the public record for
# accountability (the account row itself is emptied when it is deleted).
NOT_PERSONAL: dict[str, str] = {
    # The audit log is kept whole for accountability: it says which account did what.
    "audit_entries.actor_id": "audit log of staff actions, kept for accountability",
    # A notification is its recipient's record (exported to them); erasure unlinks the actor.
    "notifications.actor_id": "part of the recipient's notification; unlinked at erasure",
    "consultations.created_by_id": "staff action on a consultation, kept for accountability",
    "residency_requests.decided_by_id": "staff decision on a residency, kept for accountability",
    "moderation_decisions.moderator_id": "moderation decision, kept for accountability",
    "moderation_appeals.decided_by_id": "moderation decision, kept for accountability",
    "participation_blocks.created_by_id": "moderation decision, kept for accountability",
    "proposals.answered_by_id": "the council's official answer, kept for accountability",
    "legislation_drafts.created_by_id": "staff authorship of a draft, kept for accountability",
    "legislation_versions.published_by_id": "staff publication of a text, for accountability",
    "box_voters.recorded_by_id": "staff at a voting desk recording a paper vote, accountability",
    "legislation_amendments.decided_by_id": "staff decision on an amendment, for accountability",
    "indicator_assessments.created_by_id": "a municipality's self-assessment, institutional",
    "indicator_assessments.validated_by_id": "review of a self-assessment, institutional",
    "indicator_answers.answered_by_id": "a municipality's answer, institutional",
    "indicator_answers.reviewed_by_id": "review of a municipality's answer, institutional",
    "indicator_reviewers.appointed_by_id": "platform administration, kept for accountability",
    "learning_exchanges.created_by_id": "an exchange between members, institutional",
    "learning_exchanges.finished_by_id": "an exchange between members, institutional",
    "learning_participants.invited_by_id": "an exchange between members, institutional",
    "learning_participants.answered_by_id": "an exchange between members, institutional",
    "procurement_process_links.created_by_id": "staff link of a process, for accountability",
    "contracting_imports.created_by_id": "staff import of contracting data, for accountability",
    "background_jobs.created_by_id": "staff work started in the background, for accountability",
    "contracting_party_conflicts.decided_by_id": "staff decision on party data, accountability",
}


def cover(model: type, owner: str, on_erase: OnErase, *, erase: ErasureFn | None = None) -> None:
    """Declare that the export holds the person's rows of ``model`` (``owner`` is their id) and
    what deleting the account does to them.

    DELETE and UNLINK are carried out here, unless ``erase`` does it (when more than the owner
    column has to change).
    """
    column = getattr(model, owner)
    table_column = column.property.columns[0]
    _covered[f"{table_column.table.name}.{table_column.name}"] = OnErase(on_erase)
    if erase is not None:
        register_erasure(erase)
        return
    if on_erase == OnErase.KEEP:
        return

    def erase_rows(user: User) -> None:
        if on_erase == OnErase.DELETE:
            db.session.execute(delete(model).where(column == user.id))
        else:
            db.session.execute(
                update(model)
                .where(column == user.id)
                .values({column: None})
                .execution_options(synchronize_session=False)
            )

    register_erasure(erase_rows)


def coverage() -> dict[str, OnErase]:
    """Which ``table.column`` references to a person the export and erasure handle, and how."""
    return dict(_covered)


def references_to_people(metadata: MetaData) -> set[str]:
    """Every ``table.column`` of ``metadata`` with a foreign key to ``users.id``."""
    return {
        f"{table.name}.{fk.parent.name}"
        for table in metadata.tables.values()
        for fk in table.foreign_keys
        if fk.column.table.name == User.__tablename__
    }


def uncovered_references(metadata: MetaData) -> list[str]:
    """The references to people that neither the registry handles nor NOT_PERSONAL explains."""
    return sorted(references_to_people(metadata) - _covered.keys() - NOT_PERSONAL.keys())


def reset() -> None:
    """Forget every contributed section and clean-up (before the features are installed)."""
    _exports.clear()
    _erasures.clear()
    _covered.clear()
    _ready.clear()


def register_ready(fn: ReadyFn) -> None:
    """Call ``fn(user, url)`` when a person's prepared personal-data download is ready."""
    if fn not in _ready:
        _ready.append(fn)


def announce_ready(user: User, url: str) -> None:
    """Tell whoever registered (the notifications feature) that ``user``'s download is ready."""
    for fn in _ready:
        fn(user, url)


def row_counts(user: User) -> dict[str, int]:
    """How many rows of each covered ``table.column`` point at the person, in one query."""
    names = sorted(_covered)
    if not names:
        return {}
    counts = []
    for name in names:
        table_name, column = name.split(".")
        table = db.metadata.tables[table_name]
        counts.append(
            select(func.count()).select_from(table).where(table.c[column] == user.id)
            .scalar_subquery()
        )  # fmt: skip
    row = db.session.execute(select(*counts)).one()
    return {name: int(n or 0) for name, n in zip(names, row, strict=True)}


def register_export(name: str, fn: ExportFn) -> None:
    """Add a section ``name`` to the personal data export; ``fn(user)`` returns JSON-able data."""
    if name in _exports and _exports[name] is not fn:
        raise ValueError(f"export section {name!r} is already registered")
    _exports[name] = fn


def register_erasure(fn: ErasureFn) -> None:
    """Run ``fn(user)`` when an account is deleted, before its personal fields are emptied."""
    if fn not in _erasures:
        _erasures.append(fn)


def _plain(value: Any) -> Any:  # a column's value, made fit for JSON
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def register_rows(
    name: str, model: type[Any], owner: str, fields: Sequence[str], *, on_erase: OnErase
) -> None:
    """Export the person's rows of ``model`` (where ``owner`` is their id) under ``name``, and
    treat them as ``on_erase`` says when the account is deleted."""

    def export(user: User) -> list[dict[str, Any]]:
        column = getattr(model, owner)
        rows = db.session.scalars(select(model).where(column == user.id).order_by(model.id))
        return [{field: _plain(getattr(row, field)) for field in fields} for row in rows]

    register_export(name, export)
    cover(model, owner, on_erase)


def _export_account(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "pending_email": user.pending_email,
        "display_name": user.display_name,
        "bio": user.bio,
        "locale": user.locale,
        "email_confirmed_at": json_time(user.email_confirmed_at),
        "terms_accepted_at": json_time(user.terms_accepted_at),
        "is_platform_admin": user.is_platform_admin,
        "last_login_at": json_time(user.last_login_at),
        "created_at": json_time(user.created_at),
        "updated_at": json_time(user.updated_at),
    }


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
            "created_at": json_time(m.created_at),
            "sent_at": json_time(m.sent_at),
        }
        for m in messages
    ]


def _export_uploads(user: User) -> list[dict[str, Any]]:
    uploads = db.session.scalars(
        select(Upload)
        .where(Upload.uploader_id == user.id, Upload.variant_of_id.is_(None))
        .order_by(Upload.id)
    )
    with url_context():
        return [
            {
                # Attached documents are listed with their content ("attachments").
                "url": url_for("site.upload", token=u.token, _external=True) if u.public else None,
                "alt": u.alt,
                "content_type": u.content_type,
                "size": u.size,
                "width": u.width,
                "height": u.height,
                "created_at": json_time(u.created_at),
            }
            for u in uploads
        ]


def _erase_uploads(user: User) -> None:
    """Delete the person's files that nothing shows; the rest stay with the public content that
    shows them (a proposal's image, like its text) and stop pointing at the person."""
    from participa.core.uploads import delete_uploads, unreferenced

    delete_uploads(and_(Upload.uploader_id == user.id, unreferenced()))
    db.session.execute(
        update(Upload)
        .where(Upload.uploader_id == user.id)
        .values(uploader_id=None)
        .execution_options(synchronize_session=False)
    )


def export_data(user: User) -> dict[str, Any]:
    """Everything the platform holds about the person, section by section."""
    data: dict[str, Any] = {
        "exported_at": json_time(utcnow()),
        "format": "participa-personal-data/1",
    }
    for name, fn in _exports.items():
        data[name] = fn(user)
    return data


def _erase_emails(user: User) -> None:
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


contributions = Contributions()
contributions.add("personal_data_export", "account", _export_account)
contributions.add("personal_data_export", "uploads", _export_uploads)
contributions.add(
    "personal_data_cover", Upload, "uploader_id", OnErase.UNLINK, erase=_erase_uploads
)
contributions.add("personal_data_export", "emails", _export_emails)
contributions.add("personal_data_erasure", _erase_emails)
