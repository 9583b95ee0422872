"""Organisations taking part in procurement, kept once per municipality with stable OCDS ids."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, overload

from flask_babel import gettext as _
from sqlalchemy import Select, func, select

from participa.contracting.codelists import scheme_for
from participa.contracting.models import Party
from participa.core import audit
from participa.core.errors import DomainError
from participa.db import fit, length_of
from participa.extensions import db

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.contracting.ocds import JSON
    from participa.municipalities.models import Municipality

PARTY_FIELDS = (
    "name", "scheme", "identifier", "legal_name", "street_address", "locality", "region",
    "postal_code", "country_name", "contact_name", "contact_email", "contact_telephone",
    "contact_url", "is_public_body",
)  # fmt: skip


def party_query(municipality: Municipality) -> Select[Party]:
    return select(Party).where(Party.municipality_id == municipality.id)


def parties_of(municipality: Municipality, *, public_bodies: bool | None = None) -> list[Party]:
    """The municipality's parties by name, optionally only public bodies or only others."""
    query = party_query(municipality).order_by(Party.name, Party.id)
    if public_bodies is not None:
        query = query.where(Party.is_public_body.is_(public_bodies))
    return list(db.session.scalars(query))


def party_by_ocds_id(municipality: Municipality, ocds_id: str) -> Party | None:
    return db.session.scalars(party_query(municipality).where(Party.ocds_id == ocds_id)).first()


# A scheme of 40 and an identifier of 80 characters, each within its own column, joined with a
# hyphen do not fit the OCDS id's column.
_OCDS_ID_MAX = length_of(Party.ocds_id)


def create_party(municipality: Municipality, *, actor: User | None, data: dict[str, Any]) -> Party:
    """Register an organisation once for the municipality, with a stable OCDS id."""
    fields = {k: (data.get(k) or None) for k in PARTY_FIELDS}
    fields["is_public_body"] = bool(data.get("is_public_body"))
    if fields["identifier"] and not fields["scheme"]:
        # A bare tax number is read in the country's org-id.guide scheme, when there is one.
        fields["scheme"] = scheme_for(municipality.country) or None
    if bool(fields["scheme"]) != bool(fields["identifier"]):
        raise DomainError(_("Give both the identifier scheme and the identifier, or neither."),
                          status=422)  # fmt: skip
    if fields["scheme"]:
        ocds_id = f"{fields['scheme']}-{fields['identifier']}"
        if len(ocds_id) > _OCDS_ID_MAX:
            raise DomainError(_(
                "The identifier scheme and the identifier together are too long: at most "
                "%(num)s characters with the hyphen between them.", num=_OCDS_ID_MAX,
            ), status=422)  # fmt: skip
    else:
        count = db.session.execute(
            select(func.count()).select_from(Party).where(Party.municipality_id == municipality.id)
        ).scalar_one()
        ocds_id = f"{municipality.ocid_prefix or municipality.slug}-party-{count + 1}"
    if party_by_ocds_id(municipality, ocds_id) is not None:
        raise DomainError(_("An organisation with this identifier is already registered."),
                          status=422)  # fmt: skip
    party = Party(municipality_id=municipality.id, ocds_id=ocds_id, **fields)
    db.session.add(party)
    db.session.flush()
    audit.record("contracting.create_party", actor=actor, municipality=municipality,
                 target=party, ocds_id=ocds_id)  # fmt: skip
    return party


def update_party(party: Party, *, actor: User, data: dict[str, Any]) -> Party:
    """Change an organisation's details; its OCDS id never changes.

    The next release of each process that names the party carries the new details.
    """
    for key in PARTY_FIELDS:
        if key in ("scheme", "identifier"):
            continue  # part of the stable id
        if key in data:
            setattr(party, key, bool(data[key]) if key == "is_public_body" else data[key] or None)
    audit.record_on(party, "contracting.update_party", actor=actor)
    return party


@overload
def reference(party: Party) -> JSON: ...
@overload
def reference(party: None) -> None: ...
def reference(party: Party | None) -> JSON | None:
    """An OCDS OrganizationReference to a party."""
    return {"id": party.ocds_id, "name": party.name} if party is not None else None


def imported_fields(entry: JSON) -> dict[str, Any]:
    """The register's fields from a parties[] entry of an imported release.

    Values longer than the register's columns are cut there (the release keeps them whole).
    """
    identifier = entry.get("identifier") or {}
    address = entry.get("address") or {}
    contact = entry.get("contactPoint") or {}
    fields = {
        "name": entry.get("name") or entry["id"],
        "scheme": identifier.get("scheme"),
        "identifier": str(identifier["id"]) if identifier.get("id") is not None else None,
        "legal_name": identifier.get("legalName"),
        "street_address": address.get("streetAddress"),
        "locality": address.get("locality"),
        "region": address.get("region"),
        "postal_code": address.get("postalCode"),
        "country_name": address.get("countryName"),
        "contact_name": contact.get("name"),
        "contact_email": contact.get("email"),
        "contact_telephone": contact.get("telephone"),
        "contact_url": contact.get("url"),
    }
    return {key: fit(getattr(Party, key), value) for key, value in fields.items()}


def party_from_import(municipality: Municipality, entry: JSON, seen_at: datetime) -> Party:
    """Register an organisation first met in an imported release."""
    roles = set(entry.get("roles") or [])
    party = Party(
        municipality_id=municipality.id, ocds_id=entry["id"], first_seen_at=seen_at,
        is_public_body=bool(roles & {"buyer", "procuringEntity", "payer"}),
        **imported_fields(entry),
    )  # fmt: skip
    db.session.add(party)
    db.session.flush()
    return party


def upsert_party_from_ocds(municipality: Municipality, entry: JSON, seen_at: datetime) -> Party:
    """Register an imported organisation, or fill the blanks of the registered one.

    Never overwrites registered values: imports go through ``conflicts.reconcile``, which also
    records the differences for staff.
    """
    party = party_by_ocds_id(municipality, entry["id"])
    if party is None:
        return party_from_import(municipality, entry, seen_at)
    for key, value in imported_fields(entry).items():
        if key in ("scheme", "identifier"):
            continue  # part of the stable id
        if value is not None and getattr(party, key) in (None, ""):
            setattr(party, key, value)
    if party.first_seen_at is None or party.first_seen_at > seen_at:
        party.first_seen_at = seen_at
    return party
