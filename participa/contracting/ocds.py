"""Build OCDS 1.1 releases from a process's working state: schema fields only, no empties."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from participa.core.params import parse_moment

if TYPE_CHECKING:
    from participa.contracting.models import Party

# A JSON object of OCDS data (a release, a record, a section of either): truly any values.
JSON = dict[str, Any]

# Sections of the working state that a release carries, in schema order.
SECTIONS = ("buyer", "planning", "tender", "awards", "contracts")

# Where OrganizationReferences sit in a release, and the party role each implies.
ROLE_OF_REFERENCE = {
    "buyer": "buyer",
    "procuringEntity": "procuringEntity",
    "tenderers": "tenderer",
    "suppliers": "supplier",
    "payer": "payer",
    "payee": "payee",
}
REFERENCE_ROLES = frozenset(ROLE_OF_REFERENCE.values())

# The fields of a parties[] entry that party_json writes, hence the ones a release may clear.
PARTY_PUBLISHED_FIELDS = frozenset({
    ("name",), ("identifier", "scheme"), ("identifier", "id"), ("identifier", "legalName"),
    ("address", "streetAddress"), ("address", "locality"), ("address", "region"),
    ("address", "postalCode"), ("address", "countryName"), ("contactPoint", "name"),
    ("contactPoint", "email"), ("contactPoint", "telephone"), ("contactPoint", "url"), ("roles",),
})  # fmt: skip


# The last second of a day: OCDS date-times have second precision.
END_OF_DAY = time(23, 59, 59)


def rfc3339(value: datetime | date, timezone: str, *, end_of_day: bool = False) -> str:
    """A date or datetime as RFC 3339 text with the municipality's UTC offset.

    A date alone is a whole day in the municipality: its start, or with ``end_of_day`` (for end
    dates and deadlines) its last second, so a contract ending 2025-12-31 runs all that day.
    """
    zone = ZoneInfo(timezone)
    if not isinstance(value, datetime):
        value = datetime.combine(value, END_OF_DAY if end_of_day else time.min)
    value = value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)
    return value.isoformat(timespec="seconds")


def parse_datetime(value: str | None) -> datetime | None:
    """Parse an RFC 3339 date-time, in UTC (None when empty or malformed); one past the end of
    the calendar once in UTC is its last instant (see ``core.params.parse_moment``)."""
    return parse_moment(value) if isinstance(value, str) else None


def amount(value: Any) -> int | float | None:
    """A JSON number for an amount: whole numbers stay integers."""
    if value is None or value == "":
        return None
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def money(value: Any, currency: str | None) -> JSON | None:
    """An OCDS Value, or None without an amount."""
    number = amount(value)
    if number is None:
        return None
    return {"amount": number, "currency": currency} if currency else {"amount": number}


def strip_empty(value: Any) -> Any:
    """Drop None, empty strings, lists and objects, at every depth."""
    if isinstance(value, Mapping):
        cleaned = {k: strip_empty(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if not _is_empty(v)}
    if isinstance(value, list | tuple):
        stripped = [strip_empty(v) for v in value]
        return [v for v in stripped if not _is_empty(v)]
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Decimal):
        return amount(value)
    return value


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def references(state: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every (party id, role) an OrganizationReference in the state implies, in order."""
    found: list[tuple[str, str]] = []

    def walk(node: Any, key: str | None) -> None:
        if isinstance(node, Mapping):
            role = ROLE_OF_REFERENCE.get(key or "")
            if role and "id" in node and "name" in node and len(node) <= 2:
                found.append((node["id"], role))
                return
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for item in node:
                walk(item, key)

    walk(state, None)
    return found


def party_roles(state: Mapping[str, Any]) -> dict[str, list[str]]:
    """Party id → the roles it plays, in first-seen order."""
    roles: dict[str, list[str]] = {}
    for party_id, role in references(state):
        held = roles.setdefault(party_id, [])
        if role not in held:
            held.append(role)
    return roles


def supplier_dates(state: Mapping[str, Any]) -> dict[str, datetime]:
    """Supplier id -> the date of its earliest award or signed contract in this process."""
    found: dict[str, datetime] = {}

    def note(suppliers: Iterable[Mapping[str, Any]], text: Any) -> None:
        moment = parse_datetime(text) if isinstance(text, str) else None
        for supplier in suppliers:
            key = supplier.get("id")
            if moment is not None and key and (key not in found or moment < found[key]):
                found[key] = moment

    awards = {a.get("id"): a for a in state.get("awards") or []}
    for award in awards.values():
        note(award.get("suppliers") or [], award.get("date"))
    for contract in state.get("contracts") or []:
        award = awards.get(contract.get("awardID")) or {}
        note(award.get("suppliers") or [], contract.get("dateSigned"))
    return found


def party_json(party: Party, roles: Iterable[str]) -> JSON:
    """The parties[] entry of one Party row."""
    entry: JSON = strip_empty(
        {
            "name": party.name,
            "id": party.ocds_id,
            "identifier": {
                "scheme": party.scheme,
                "id": party.identifier,
                "legalName": party.legal_name,
            }
            if party.scheme and party.identifier
            else None,
            "address": {
                "streetAddress": party.street_address,
                "locality": party.locality,
                "region": party.region,
                "postalCode": party.postal_code,
                "countryName": party.country_name,
            },
            "contactPoint": {
                "name": party.contact_name,
                "email": party.contact_email,
                "telephone": party.contact_telephone,
                "url": party.contact_url,
            },
            "roles": list(roles),
        }
    )
    return entry


def build_release(
    *,
    ocid: str,
    release_id: str,
    date: str,
    tags: list[str],
    state: Mapping[str, Any],
    parties: list[JSON],
    language: str | None = None,
) -> JSON:
    """A full release: the whole working state at this moment, with its parties."""
    release: dict[str, Any] = {
        "ocid": ocid,
        "id": release_id,
        "date": date,
        "tag": list(tags),
        "initiationType": "tender",
        "language": language,
        "parties": parties,
    }
    for section in SECTIONS:
        release[section] = state.get(section)
    stripped: JSON = strip_empty(release)
    return stripped


def _by_id(items: Iterable[Mapping[str, Any]] | None) -> dict[Any, Mapping[str, Any]]:
    return {item.get("id"): item for item in items or [] if isinstance(item, Mapping)}


def release_tags(
    old: Mapping[str, Any], new: Mapping[str, Any], amended: str | None = None
) -> list[str]:
    """The releaseTag codes describing the change from ``old`` to ``new`` working state.

    ``amended`` names the section a legal amendment was recorded on ("tender", "award",
    "contract"), which turns its update tag into an amendment tag.
    """
    tags: list[str] = []
    if old.get("planning") != new.get("planning") and new.get("planning"):
        tags.append("planningUpdate" if old.get("planning") else "planning")
    tags += _tender_tags(old.get("tender") or {}, new.get("tender") or {}, amended == "tender")
    tags += _list_tags(old.get("awards"), new.get("awards"), "award", amended == "award")
    old_contracts, new_contracts = _by_id(old.get("contracts")), _by_id(new.get("contracts"))
    tags += _list_tags(
        [_without(c, "implementation") for c in old_contracts.values()],
        [_without(c, "implementation") for c in new_contracts.values()],
        "contract",
        amended == "contract",
    )
    for contract_id, contract in new_contracts.items():
        before = (old_contracts.get(contract_id) or {}).get("implementation")
        after = contract.get("implementation")
        if after and after != before:
            tag = "implementationUpdate" if before else "implementation"
            if tag not in tags:
                tags.append(tag)
    if not tags and old != new:
        tags.append(update_tag(new))
    return tags


def _without(item: Mapping[str, Any], key: str) -> JSON:
    return {k: v for k, v in item.items() if k != key}


def _tender_tags(old: Mapping[str, Any], new: Mapping[str, Any], amended: bool) -> list[str]:
    if not new or old == new:
        return []
    if not old:
        return ["tender"]
    if new.get("status") == "cancelled" and old.get("status") != "cancelled":
        return ["tenderCancellation"]
    return ["tenderAmendment" if amended else "tenderUpdate"]


def _list_tags(
    old_items: Iterable[Mapping[str, Any]] | None,
    new_items: Iterable[Mapping[str, Any]] | None,
    kind: str,
    amended: bool,
) -> list[str]:
    old_by_id, new_by_id = _by_id(old_items), _by_id(new_items)
    tags: list[str] = []
    for item_id, item in new_by_id.items():
        before = old_by_id.get(item_id)
        if before == item:
            continue
        if before is None:
            tag = kind
        elif kind == "award" and item.get("status") == "cancelled" != before.get("status"):
            tag = "awardCancellation"
        elif kind == "contract" and item.get("status") == "terminated" != before.get("status"):
            tag = "contractTermination"
        elif amended and kind == "contract":
            tag = "contractAmendment"
        else:
            # OCDS 1.1 has no awardAmendment tag: an amended award is an award update.
            tag = f"{kind}Update"
        if tag not in tags:
            tags.append(tag)
    return tags


# The update tag of each stage; implementation changes to a contract are contract updates, and
# a process with no stage yet is still planning.
_UPDATE_TAGS = {
    "implementation": "contractUpdate",
    "contract": "contractUpdate",
    "award": "awardUpdate",
    "tender": "tenderUpdate",
}


def update_tag(state: Mapping[str, Any]) -> str:
    """The update tag of the latest stage reached, for a change outside the stage sections."""
    # A party's address, or a correction of what earlier releases left behind.
    return _UPDATE_TAGS.get(stage_of(state), "planningUpdate")


# Tender statuses that only say the process has not gone further yet (tenderStatus codelist).
OPEN_TENDER_STATUSES = ("planning", "planned", "active")
CONTRACT_IN_FORCE = ("active", "terminated")


def align_statuses(state: JSON) -> None:
    """Bring the tender, award and contract statuses in line with the stages reached.

    Per the OCDS codelists: a contract with payments is in force ("active"); the award a contract
    in force comes from is "active"; a tender with an award in force is "complete". Only statuses
    that lag behind move forward; cancellations and terminations are staff decisions.
    """
    awards = state.get("awards") or []
    contracts = state.get("contracts") or []
    for contract in contracts:
        paid = (contract.get("implementation") or {}).get("transactions")
        if paid and contract.get("status") in (None, "", "pending"):
            contract["status"] = "active"
    in_force = {c.get("awardID") for c in contracts if c.get("status") in CONTRACT_IN_FORCE}
    for award in awards:
        if award.get("id") in in_force and award.get("status") in (None, "", "pending"):
            award["status"] = "active"
    tender = state.get("tender")
    if (
        tender
        and any(a.get("status") == "active" for a in awards)
        and tender.get("status") in (None, "", *OPEN_TENDER_STATUSES)
    ):
        tender["status"] = "complete"


def void_awards_in_force(state: Mapping[str, Any]) -> list[str]:
    """Ids of cancelled or unsuccessful awards that a contract in force still comes from."""
    void = {
        a.get("id") for a in state.get("awards") or [] if a.get("status") in VOID_AWARD_STATUSES
    }
    return [
        str(c.get("awardID"))
        for c in state.get("contracts") or []
        if c.get("status") in CONTRACT_IN_FORCE and c.get("awardID") in void
    ]


VOID_AWARD_STATUSES = ("cancelled", "unsuccessful")


def stage_of(state: Mapping[str, Any]) -> str:
    """The furthest stage the working state has reached."""
    contracts = state.get("contracts") or []
    if any(c.get("implementation") for c in contracts):
        return "implementation"
    if contracts:
        return "contract"
    if state.get("awards"):
        return "award"
    if state.get("tender"):
        return "tender"
    if state.get("planning"):
        return "planning"
    return "draft"
