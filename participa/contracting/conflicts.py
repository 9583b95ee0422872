"""Imported organisations that differ from the register: kept apart until staff decide.

The organisation register is authoritative. An import fills what the register leaves blank
and never overwrites what staff registered; each difference is recorded as a conflict that
staff accept (the imported values replace the registered ones) or dismiss (the register
stays), and the decision goes to the audit log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from participa.contracting.models import ConflictStatus, ImportBatch, Party, PartyConflict
from participa.core import audit
from participa.core.errors import DomainError
from participa.db import utcnow
from participa.extensions import db

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality

# The register's fields an import may differ on (scheme and identifier form the stable id).
COMPARED = (
    "name", "legal_name", "street_address", "locality", "region", "postal_code", "country_name",
    "contact_name", "contact_email", "contact_telephone", "contact_url",
)  # fmt: skip
FIELD_LABELS = {
    "name": _l("Name"),
    "legal_name": _l("Legal name"),
    "street_address": _l("Street address"),
    "locality": _l("Locality"),
    "region": _l("Region"),
    "postal_code": _l("Postal code"),
    "country_name": _l("Country"),
    "contact_name": _l("Contact name"),
    "contact_email": _l("Contact e-mail"),
    "contact_telephone": _l("Contact telephone"),
    "contact_url": _l("Contact web address"),
}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def reconcile(
    party: Party, imported: dict[str, Any], *, batch: ImportBatch | None, ocid: str | None,
    release_id: str | None,
) -> tuple[list[str], PartyConflict | None]:  # fmt: skip
    """Fill the register's blanks from imported details and record what differs.

    Returns the fields filled in and the conflict holding the differences (None if none).
    """
    filled: list[str] = []
    differences: dict[str, dict[str, Any]] = {}
    for field in COMPARED:
        value = imported.get(field)
        if _blank(value):
            continue
        current = getattr(party, field)
        if _blank(current):
            setattr(party, field, value)
            filled.append(field)
        elif str(current).strip() != str(value).strip():
            differences[field] = {"registered": current, "imported": value}
    conflict = None
    if differences:
        conflict = record_conflict(
            party, differences, batch=batch, ocid=ocid, release_id=release_id
        )
    return filled, conflict


def record_conflict(
    party: Party, differences: dict[str, dict[str, Any]], *, batch: ImportBatch | None,
    ocid: str | None, release_id: str | None,
) -> PartyConflict | None:  # fmt: skip
    """Keep ``differences`` for staff: one open conflict per organisation and import.

    A later release of the same import brings newer values into that conflict; differences
    staff already saw (open, or dismissed as they are) are not asked again.
    """
    known = db.session.scalars(
        select(PartyConflict).where(
            PartyConflict.party_id == party.id,
            PartyConflict.status.in_([ConflictStatus.PENDING, ConflictStatus.KEPT]),
        )
    ).all()
    batch_id = batch.id if batch is not None else None
    for conflict in known:
        if conflict.differences == differences:
            return conflict if conflict.status == ConflictStatus.PENDING else None
    for conflict in known:
        if conflict.status == ConflictStatus.PENDING and conflict.import_id == batch_id:
            conflict.differences = {**conflict.differences, **differences}
            conflict.ocid, conflict.release_id = ocid, release_id
            return conflict
    conflict = PartyConflict(
        municipality_id=party.municipality_id, party_id=party.id, import_id=batch_id,
        ocid=ocid, release_id=release_id, differences=differences,
        status=ConflictStatus.PENDING,
    )  # fmt: skip
    db.session.add(conflict)
    db.session.flush()
    return conflict


def resolve(conflict: PartyConflict, *, actor: User | None, accept: bool) -> PartyConflict:
    """Take the imported values (``accept``) or keep the registered ones; audited either way."""
    if conflict.status != ConflictStatus.PENDING:
        raise DomainError(_("This difference has already been decided."), status=409)
    party = conflict.party
    fields = list(conflict.differences)
    before = {field: getattr(party, field) for field in fields}
    if accept:
        for field, values in conflict.differences.items():
            setattr(party, field, values.get("imported"))
    conflict.status = ConflictStatus.ACCEPTED if accept else ConflictStatus.KEPT
    conflict.decided_at = utcnow()
    conflict.decided_by_id = getattr(actor, "id", None)
    db.session.flush()
    audit.record_on(
        party,
        "contracting.resolve_party_conflict",
        actor=actor,
        decision=conflict.status,
        conflict_id=conflict.id,
        fields=fields,
        before=before,
        after={field: getattr(party, field) for field in fields},
    )
    return conflict


def conflicts_query(
    municipality: Municipality, *, status: str | None = ConflictStatus.PENDING
) -> Select[PartyConflict]:
    """The municipality's conflicts (open ones by default), newest first."""
    query = select(PartyConflict).where(PartyConflict.municipality_id == municipality.id)
    if status == "decided":
        query = query.where(PartyConflict.status != ConflictStatus.PENDING)
    elif status is not None:
        query = query.where(PartyConflict.status == status)
    return query.order_by(PartyConflict.created_at.desc(), PartyConflict.id.desc())


def pending_count(municipality: Municipality) -> int:
    """How many conflicts wait for a decision."""
    return db.session.execute(
        select(func.count()).select_from(PartyConflict).where(
            PartyConflict.municipality_id == municipality.id,
            PartyConflict.status == ConflictStatus.PENDING,
        )
    ).scalar_one()  # fmt: skip


def of_import(batch: ImportBatch) -> list[PartyConflict]:
    """The conflicts an import raised, open or decided."""
    return list(
        db.session.scalars(
            select(PartyConflict).where(PartyConflict.import_id == batch.id)
            .order_by(PartyConflict.id)
        )
    )  # fmt: skip
