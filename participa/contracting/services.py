"""Publishing procurement processes: every change to published data appends a validated release."""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from participa.contracting import flags as red_flags
from participa.contracting import merging, ocds
from participa.contracting.codelists import currency_for

# Links, the merger and parties are part of this module's interface (explicit re-exports).
from participa.contracting.links import LinkTarget as LinkTarget
from participa.contracting.links import link_process as link_process
from participa.contracting.links import link_targets as link_targets
from participa.contracting.links import links_of as links_of
from participa.contracting.links import processes_linked_to as processes_linked_to
from participa.contracting.links import register_link_target as register_link_target
from participa.contracting.links import unlink_process as unlink_process
from participa.contracting.merging import merger as merger
from participa.contracting.models import (
    ContractingSettings,
    Party,
    ProcessParty,
    ProcurementProcess,
    Release,
)
from participa.contracting.parties import PARTY_FIELDS as PARTY_FIELDS
from participa.contracting.parties import create_party as create_party
from participa.contracting.parties import parties_of as parties_of
from participa.contracting.parties import party_by_ocds_id as party_by_ocds_id
from participa.contracting.parties import party_query as party_query
from participa.contracting.parties import reference as reference
from participa.contracting.parties import update_party as update_party
from participa.contracting.parties import upsert_party_from_ocds as upsert_party_from_ocds
from participa.contracting.validation import SchemaError, field_label, release_errors
from participa.core import audit
from participa.core.errors import DomainError
from participa.core.params import MAX_DECIMAL
from participa.db import fit, utcnow
from participa.extensions import db
from participa.places import services as places

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.contracting.ocds import JSON
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)

IDENTIFIER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}\Z")
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"


class InvalidRelease(DomainError):
    """The release a change would publish does not validate against the OCDS schema."""

    status = 422

    def __init__(self, errors: list[SchemaError]):
        self.errors = errors
        super().__init__(
            _("Nothing was published: the data does not meet the standard. %(problems)s",
              problems="; ".join(str(e) for e in errors[:8]))
        )  # fmt: skip


@dataclass(frozen=True)
class NewRelease:
    """What a change knows about the release it is about to become."""

    release_id: str
    date: str
    previous_id: str | None


# Settings -----------------------------------------------------------------------------------


def settings_for(municipality: Municipality) -> ContractingSettings:
    """The municipality's contracting settings (unsaved defaults when none were stored)."""
    found = db.session.scalars(
        select(ContractingSettings).where(ContractingSettings.municipality_id == municipality.id)
    ).first()
    if found is not None:
        return found
    return ContractingSettings(
        municipality_id=municipality.id,
        license_url=DEFAULT_LICENSE,
        currency=currency_for(municipality.country),
        short_tender_days=15,
        award_over_estimate_percent=20,
        amendment_increase_percent=20,
        new_supplier_days=30,
        publication_delay_days=10,
    )


def update_settings(
    municipality: Municipality, *, actor: User, data: dict[str, Any]
) -> ContractingSettings:
    """Store how the municipality publishes its data and its red-flag thresholds."""
    settings = settings_for(municipality)
    for key, value in data.items():
        setattr(settings, key, value if value != "" else None)
    db.session.add(settings)
    audit.record("contracting.update_settings", actor=actor, municipality=municipality,
                 target=settings)  # fmt: skip
    return settings


def default_currency(municipality: Municipality) -> str:
    """The currency the forms propose."""
    return settings_for(municipality).currency or currency_for(municipality.country)


# Processes ----------------------------------------------------------------------------------


def next_identifier(municipality: Municipality, year: int) -> str:
    """The next free local identifier for a year: 2026-0001, 2026-0002, …"""
    count = db.session.execute(
        select(func.count()).select_from(ProcurementProcess)
        .where(ProcurementProcess.municipality_id == municipality.id,
               ProcurementProcess.identifier.like(f"{year}-%"))
    ).scalar_one()  # fmt: skip
    number = count + 1
    while identifier_taken(municipality, f"{year}-{number:04d}"):
        number += 1
    return f"{year}-{number:04d}"


def identifier_taken(municipality: Municipality, identifier: str) -> bool:
    return (
        db.session.scalar(
            select(ProcurementProcess.id).where(
                ProcurementProcess.municipality_id == municipality.id,
                ProcurementProcess.identifier == identifier,
            )
        )
        is not None
    )


def ocid_for(municipality: Municipality, identifier: str) -> str:
    """The process's ocid: the municipality's prefix, a hyphen and the local identifier."""
    if not municipality.ocid_prefix:
        raise DomainError(
            _("This municipality has no OCDS prefix yet. A platform administrator must set it "
              "before processes can be published."), status=409,
        )  # fmt: skip
    return f"{municipality.ocid_prefix}-{identifier}"


def create_process(
    municipality: Municipality,
    *,
    actor: User | None,
    title: str,
    description: str | None = None,
    identifier: str | None = None,
    buyer: Party | None = None,
) -> ProcurementProcess:
    """Open a procurement process; nothing is published until its first stage is saved."""
    identifier = (identifier or "").strip() or next_identifier(municipality, utcnow().year)
    if not IDENTIFIER_RE.match(identifier):
        raise DomainError(
            _("The identifier may only contain letters, digits, dots, hyphens and underscores."),
            status=422,
        )
    if identifier_taken(municipality, identifier):
        raise DomainError(_("Another process already uses this identifier."), status=422)
    process = ProcurementProcess(
        municipality_id=municipality.id, identifier=identifier,
        ocid=ocid_for(municipality, identifier), title=title.strip(),
        description=(description or "").strip() or None, data={}, red_flags=[],
    )  # fmt: skip
    if buyer is not None:
        process.data = {"buyer": reference(buyer)}
        process.buyer_id = buyer.id
    db.session.add(process)
    db.session.flush()
    audit.record("contracting.create_process", actor=actor, municipality=municipality,
                 target=process, ocid=process.ocid)  # fmt: skip
    return process


def edit_process(
    process: ProcurementProcess, *, actor: User, title: str, description: str | None,
    buyer: Party | None,
) -> Release | None:  # fmt: skip
    """Change the title, description or buyer; a published process gets a new release."""
    process.title = title.strip()
    process.description = (description or "").strip() or None

    def apply(state: JSON, _new: NewRelease) -> None:
        if buyer is not None:
            state["buyer"] = reference(buyer)
        else:
            state.pop("buyer", None)

    return change(process, apply, actor=actor, action="contracting.edit_process")


def set_place(process: ProcurementProcess, *, actor: User, data: dict[str, Any]) -> None:
    """Say where the process's work happens (address, district, coordinates), audited; it is
    not OCDS data, so no release is published for it."""
    latitude, longitude = places.check_location(data.get("latitude"), data.get("longitude"))
    district = places.district_for(process.municipality, data.get("district_id") or None)
    typed = (data.get("location_text") or "").strip()
    location = fit(ProcurementProcess.location_text, typed) or None
    new = (location, latitude, longitude, district.id if district else None)
    old = (process.location_text, process.latitude, process.longitude, process.district_id)
    if new == old:
        return
    process.location_text, process.latitude, process.longitude, process.district_id = new
    db.session.flush()
    audit.record_on(process, "contracting.set_place", actor=actor, place=location,
                    district=district.name if district else None)  # fmt: skip


def releases_of(process: ProcurementProcess) -> list[Release]:
    """A process's releases, oldest first."""
    return list(
        db.session.scalars(
            select(Release).where(Release.process_id == process.id)
            .order_by(Release.date, Release.id)
        )
    )  # fmt: skip


def change(
    process: ProcurementProcess,
    apply: Callable[[JSON, NewRelease], None],
    *,
    actor: User | None,
    action: str,
    amended: str | None = None,
    date: datetime | None = None,
    repair: bool = False,
) -> Release | None:
    """Apply a change to the working state and publish it as a new, validated release.

    Returns None when nothing changed, or when nothing can be published yet (a draft with no
    stage). Raises InvalidRelease, leaving the process untouched, when the release is invalid.
    With ``repair``, an unchanged state is published anyway if the compiled record still holds
    something the state no longer has (releases published before corrections deleted it).
    """
    municipality = process.municipality
    history = releases_of(process)
    taken = {r.release_id for r in history}
    release_id = _new_release_id(process, taken)
    moment = _release_moment(date or utcnow(), history)
    date_text = ocds.rfc3339(moment, municipality.timezone)
    previous = history[-1].release_id if history else None
    old_state = copy.deepcopy(process.data or {})
    state = copy.deepcopy(old_state)
    apply(state, NewRelease(release_id, date_text, previous))
    state = ocds.strip_empty(state)
    ocds.align_statuses(state)
    void = ocds.void_awards_in_force(state)
    if void:
        raise DomainError(
            _("A contract in force cannot come from a cancelled or unsuccessful award "
              "(%(awards)s): terminate or cancel the contract first.", awards=", ".join(void)),
            status=422,
        )  # fmt: skip
    if state == old_state and not repair:
        return None
    if ocds.stage_of(state) == "draft":
        process.data = state
        process.buyer_id = _buyer_id(municipality, state)
        return None
    tags = ocds.release_tags(old_state, state, amended) or [ocds.update_tag(state)]
    published = _published(process)
    release = ocds.build_release(
        ocid=process.ocid, release_id=release_id, date=date_text, tags=tags, state=state,
        parties=_parties_json(municipality, state, published.get("parties")),
        language=getattr(municipality, "default_locale", None),
    )  # fmt: skip
    deleted = _delete_what_was_removed(published, release)
    if state == old_state and not deleted:
        return None  # a repair with nothing to repair
    errors = release_errors(release)
    if errors:
        logger.info("invalid release for %s: %s", process.ocid, errors)
        raise InvalidRelease(errors)
    row = append_release(process, release, moment)
    process.data = state
    refresh(process, [*(r.data for r in history), release])
    audit.record(action, actor=actor, municipality=municipality, target=process,
                 release_id=release_id, tags=tags)  # fmt: skip
    return row


def _published(process: ProcurementProcess) -> JSON:
    # What consumers have compiled so far, limited to what the platform publishes.
    compiled = process.compiled or {}
    return {k: compiled[k] for k in (*ocds.SECTIONS, "parties") if k in compiled}


def _delete_what_was_removed(published: JSON, release: JSON) -> bool:
    """Set to null in ``release`` whatever was published and is no longer in the working state.

    Without it, merging keeps removed suppliers, tenderers, items, documents, milestones,
    payments and parties, and emptied fields, in the compiled release (see ``merging``).
    """
    found = merging.deletions(published, release, scope=_in_scope)
    if found.blocked:
        fields = "; ".join(
            field_label([p for p in path if not isinstance(p, merging.Entry)])
            for path in found.blocked
        )
        raise DomainError(
            _("Once published, this cannot be removed, only changed: %(fields)s.", fields=fields),
            status=422,
        )
    merging.apply_deletions(release, found.values)
    return bool(found.values)


def _in_scope(path: merging.Path, entry_kept: bool) -> bool:
    # A party still named keeps the details the platform does not manage (imported ones).
    if path[0] != "parties" or not entry_kept:
        return True
    return tuple(p for p in path[2:]) in ocds.PARTY_PUBLISHED_FIELDS


def _new_release_id(process: ProcurementProcess, taken: set[str]) -> str:
    number = len(taken) + 1
    while f"{process.ocid}-{number:04d}" in taken:
        number += 1
    return f"{process.ocid}-{number:04d}"


def _release_moment(moment: datetime, history: list[Release]) -> datetime:
    # Releases are merged in date order: a new one must come strictly after the last.
    moment = moment.replace(microsecond=0)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if history and moment <= history[-1].date:
        moment = history[-1].date.replace(microsecond=0) + timedelta(seconds=1)
    return moment


def append_release(
    process: ProcurementProcess, release: JSON, moment: datetime,
    published_at: datetime | None = None,
) -> Release:  # fmt: skip
    published_at = published_at or utcnow()
    row = Release(
        municipality_id=process.municipality_id, process_id=process.id, ocid=process.ocid,
        release_id=release["id"], date=moment, date_text=release["date"],
        tags=list(release["tag"]), data=release, published_at=published_at,
    )  # fmt: skip
    db.session.add(row)
    process.last_platform_publication_at = max(
        filter(None, [process.last_platform_publication_at, published_at])
    )
    process.release_count = (process.release_count or 0) + 1
    process.first_published_at = process.first_published_at or moment
    process.last_published_at = max(filter(None, [process.last_published_at, moment]))
    return row


def _parties_json(
    municipality: Municipality, state: JSON, published: list[JSON] | None = None
) -> list[JSON]:
    roles = ocds.party_roles(state)
    referenced = list(roles)
    # Roles no reference implies (funder, reviewBody... from an import) stay while published.
    for entry in published or []:
        other = [r for r in entry.get("roles") or [] if r not in ocds.REFERENCE_ROLES]
        if other and entry.get("id"):
            held = roles.setdefault(entry["id"], [])
            held.extend(r for r in other if r not in held)
    if not roles:
        return []
    rows = {
        p.ocds_id: p
        for p in db.session.scalars(party_query(municipality).where(Party.ocds_id.in_(list(roles))))
    }
    missing = [pid for pid in referenced if pid not in rows]
    if missing:
        raise DomainError(_("Unknown organisation: %(ids)s", ids=", ".join(missing)), status=422)
    return [ocds.party_json(rows[pid], held) for pid, held in roles.items() if pid in rows]


def _buyer_id(municipality: Municipality, state: JSON) -> int | None:
    buyer = state.get("buyer") or {}
    party = party_by_ocds_id(municipality, buyer["id"]) if buyer.get("id") else None
    return party.id if party else None


def _decimal(value: Any) -> Decimal | None:
    return _kept(Decimal(str(value))) if isinstance(value, int | float) else None


def _total(values: Iterable[Any]) -> Decimal | None:
    numbers = [d for d in (_decimal(v) for v in values) if d is not None]
    return _kept(sum(numbers, Decimal(0))) if numbers else None


def _kept(amount: Decimal) -> Decimal | None:
    # The money columns hold 16 digits before the point: a sum past them is left out of the
    # lists (each amount was checked on import; the release keeps them all).
    return amount if amount.is_finite() and abs(amount) <= MAX_DECIMAL else None


def refresh(process: ProcurementProcess, releases: list[JSON]) -> JSON:
    """Recompile the record and refresh the list columns, parties and red flags."""
    compiled = merging.compile_releases(releases)
    process.compiled = compiled
    tender = compiled.get("tender") or {}
    awards = [a for a in compiled.get("awards") or [] if a.get("status") not in _VOID_AWARD]
    contracts = [c for c in compiled.get("contracts") or [] if c.get("status") != "cancelled"]
    process.stage = ocds.stage_of(compiled)
    process.status = tender.get("status")
    process.procurement_method = tender.get("procurementMethod")
    process.main_category = tender.get("mainProcurementCategory")
    estimate = tender.get("value") or ((compiled.get("planning") or {}).get("budget") or {}).get(
        "amount"
    ) or {}  # fmt: skip
    process.tender_amount = _decimal(estimate.get("amount"))
    process.currency = estimate.get("currency") or next(
        (x["value"].get("currency") for x in [*awards, *contracts] if x.get("value")), None
    )
    process.awarded_amount = _total((a.get("value") or {}).get("amount") for a in awards)
    process.contracted_amount = _total((c.get("value") or {}).get("amount") for c in contracts)
    process.paid_amount = _total(
        (t.get("value") or {}).get("amount")
        for c in contracts
        for t in (c.get("implementation") or {}).get("transactions") or []
    )
    start = ocds.parse_datetime((tender.get("tenderPeriod") or {}).get("startDate"))
    first = ocds.parse_datetime(releases[0].get("date")) if releases else None
    process.year = (start or first or utcnow()).year
    if not process.title or process.title == process.ocid:
        process.title = fit(ProcurementProcess.title, tender.get("title") or process.ocid)
    municipality = process.municipality
    process.buyer_id = _buyer_id(municipality, compiled)
    suppliers = {*ocds.supplier_dates(compiled), *_supplier_ids(process)}
    before = _first_seen_of(municipality, suppliers)
    _refresh_parties(process, compiled)
    after = _first_seen_of(municipality, suppliers)
    settings = settings_for(municipality)
    found = red_flags.evaluate(
        compiled, releases, settings, first_seen=_first_seen(municipality, compiled)
    )
    process.red_flags = [flag.code for flag in found]
    process.red_flag_count = len(found)
    changed = [s for s in suppliers if before.get(s) != after.get(s)]
    if changed:
        _recheck_new_suppliers(municipality, changed, settings, exclude=process.id)
    return compiled


_VOID_AWARD = ("cancelled", "unsuccessful")


def _refresh_parties(process: ProcurementProcess, compiled: JSON) -> None:
    db.session.execute(delete(ProcessParty).where(ProcessParty.process_id == process.id))
    ids = {p["id"]: p.get("roles") or [] for p in compiled.get("parties") or [] if p.get("id")}
    for party_id, role in ocds.references(compiled):
        ids.setdefault(party_id, [])
        if role not in ids[party_id]:
            ids[party_id].append(role)
    if not ids:
        return
    dates = ocds.supplier_dates(compiled)
    rows = db.session.execute(
        select(Party.id, Party.ocds_id).where(
            Party.municipality_id == process.municipality_id, Party.ocds_id.in_(list(ids))
        )
    )
    for pk, ocds_id in rows:
        # Roles are an open codelist: a publisher's own may be longer than the column.
        for role in dict.fromkeys(fit(ProcessParty.role, role) for role in ids[ocds_id]):
            db.session.add(ProcessParty(
                process_id=process.id, party_id=pk, role=role,
                earliest_date=dates.get(ocds_id) if role == "supplier" else None,
            ))  # fmt: skip


def _first_seen(municipality: Municipality, compiled: JSON) -> dict[str, datetime]:
    """Supplier id -> its earliest award or contract date in any of the municipality's processes.

    Business dates only: when a party row was created or imported says nothing about a company.
    """
    return _first_seen_of(municipality, ocds.supplier_dates(compiled))


def _first_seen_of(municipality: Municipality, suppliers: Iterable[str]) -> dict[str, datetime]:
    supplier_ids = list(suppliers)
    if not supplier_ids:
        return {}
    rows = db.session.execute(
        select(Party.ocds_id, func.min(ProcessParty.earliest_date))
        .join(ProcessParty, ProcessParty.party_id == Party.id)
        .where(Party.municipality_id == municipality.id, Party.ocds_id.in_(supplier_ids),
               ProcessParty.role == "supplier", ProcessParty.earliest_date.is_not(None))
        .group_by(Party.ocds_id)
    )  # fmt: skip
    return {ocds_id: seen for ocds_id, seen in rows if seen is not None}  # none: see the query


def _supplier_ids(process: ProcurementProcess) -> list[str]:
    if process.id is None:
        return []
    return list(db.session.scalars(
        select(Party.ocds_id).join(ProcessParty, ProcessParty.party_id == Party.id)
        .where(ProcessParty.process_id == process.id, ProcessParty.role == "supplier")
    ))  # fmt: skip


def _recheck_new_suppliers(
    municipality: Municipality,
    supplier_ids: list[str],
    settings: ContractingSettings,
    *,
    exclude: int,
) -> None:
    """Re-evaluate the "new supplier" flag of the other processes won by these suppliers.

    Their first award or contract date just changed (a new earlier award, a corrected date).
    """
    won = (
        select(ProcessParty.process_id).join(Party, Party.id == ProcessParty.party_id)
        .where(ProcessParty.role == "supplier", Party.municipality_id == municipality.id,
               Party.ocds_id.in_(supplier_ids))
    )  # fmt: skip
    query = select(ProcurementProcess).where(
        ProcurementProcess.id.in_(won), ProcurementProcess.id != exclude,
        ProcurementProcess.release_count > 0,
    )  # fmt: skip
    for other in db.session.scalars(query):
        if not other.compiled:
            continue
        flagged = red_flags.new_supplier(
            other.compiled, settings, _first_seen(municipality, other.compiled)
        )
        codes = [c for c in other.red_flags or [] if c != "new_supplier"]
        if flagged:
            codes = sorted([*codes, "new_supplier"], key=red_flags.CODES.index)
        if codes != other.red_flags:
            other.red_flags = codes
            other.red_flag_count = len(codes)


def flags_for(
    process: ProcurementProcess, releases: list[Release] | None = None
) -> list[red_flags.Flag]:
    """The red flags of one process, with their explanations and evidence; ``releases``, its
    releases when the caller has read them already (the process page)."""
    if not process.compiled:
        return []
    found = releases_of(process) if releases is None else releases
    return red_flags.evaluate(
        process.compiled, [r.data for r in found], settings_for(process.municipality),
        first_seen=_first_seen(process.municipality, process.compiled),
    )  # fmt: skip


def repair_records(municipality: Municipality, *, actor: User | None) -> int:
    """Publish the corrections that releases from before corrections deleted anything lack.

    Also brings statuses in line with the stages. Returns how many releases were published.
    """
    published = 0
    query = select(ProcurementProcess).where(
        ProcurementProcess.municipality_id == municipality.id,
        ProcurementProcess.release_count > 0,
    ).order_by(ProcurementProcess.id)  # fmt: skip
    for process in db.session.scalars(query):
        if change(process, _keep, actor=actor, action="contracting.repair", repair=True):
            published += 1
    recompute_flags(municipality)
    return published


def _keep(_state: JSON, _new: NewRelease) -> None:
    # A repair changes nothing in the working state: it publishes what releases lacked.
    return None


def published_count(municipality: Municipality) -> int:
    """How many of the municipality's processes are published."""
    return db.session.execute(
        select(func.count()).select_from(ProcurementProcess).where(
            ProcurementProcess.municipality_id == municipality.id,
            ProcurementProcess.release_count > 0,
        )
    ).scalar_one()  # fmt: skip


def recompute_flags(municipality: Municipality) -> int:
    """Re-evaluate the stored red flags of every process (after the thresholds change)."""
    changed = 0
    query = select(ProcurementProcess).where(
        ProcurementProcess.municipality_id == municipality.id,
        ProcurementProcess.release_count > 0,
    )
    for process in db.session.scalars(query):
        codes = [f.code for f in flags_for(process)]
        if codes != process.red_flags:
            process.red_flags = codes
            process.red_flag_count = len(codes)
            changed += 1
    return changed
