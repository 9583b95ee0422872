"""Stage services: each saves one stage form into the working state and publishes a release."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _

from participa.contracting import sections
from participa.contracting.models import Party, ProcurementProcess, Release
from participa.contracting.ocds import money, rfc3339
from participa.contracting.services import (
    NewRelease,
    change,
    party_by_ocds_id,
    reference,
)
from participa.core.errors import DomainError
from participa.core.params import parse_int

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.contracting.ocds import JSON


def _tz(process: ProcurementProcess) -> str:
    return process.municipality.timezone


def _language(process: ProcurementProcess) -> str:
    # OCDS wants an ISO 639-1 code: the documents are in the municipality's language.
    return (process.municipality.default_locale or "es")[:2].lower()


def _party_refs(process: ProcurementProcess, ids: list[str]) -> list[JSON]:
    refs: list[JSON] = []
    for ocds_id in ids:
        party = party_by_ocds_id(process.municipality, ocds_id)
        if party is None:
            raise DomainError(_("Unknown organisation: %(ids)s", ids=ocds_id), status=422)
        refs.append(reference(party))
    return refs


def save_planning(
    process: ProcurementProcess,
    *,
    actor: User,
    data: Mapping[str, Any],
    date: datetime | None = None,
) -> Release | None:
    """Publish the planning stage: rationale, budget and project."""

    def apply(state: JSON, _new: NewRelease) -> None:
        state["planning"] = sections.planning_from(data, state.get("planning"))

    return change(process, apply, actor=actor, action="contracting.save_planning", date=date)


def save_tender(
    process: ProcurementProcess,
    *,
    actor: User,
    data: Mapping[str, Any],
    procuring_entity: Party | None,
    date: datetime | None = None,
) -> Release | None:
    """Publish the tender: method, category, value, periods, items and documents."""

    def apply(state: JSON, new: NewRelease) -> None:
        state["tender"] = sections.tender_from(
            data, state.get("tender"), tz=_tz(process), tender_id=process.identifier,
            procuring_entity=reference(procuring_entity), published=new.date,
            language=_language(process),
        )  # fmt: skip

    return change(process, apply, actor=actor, action="contracting.save_tender", date=date)


def save_tenderers(
    process: ProcurementProcess, *, actor: User, party_ids: list[str], date: datetime | None = None
) -> Release | None:
    """Publish who submitted bids, and how many they were."""
    refs = _party_refs(process, party_ids)

    def apply(state: JSON, _new: NewRelease) -> None:
        if not state.get("tender"):
            raise DomainError(_("Publish the tender before its tenderers."), status=409)
        state["tender"]["tenderers"] = refs
        state["tender"]["numberOfTenderers"] = len(refs)

    return change(process, apply, actor=actor, action="contracting.save_tenderers", date=date)


def save_award(
    process: ProcurementProcess,
    *,
    actor: User,
    index: int | None,
    data: Mapping[str, Any],
    date: datetime | None = None,
) -> Release | None:
    """Publish a new award (``index`` None) or a change to an existing one."""
    suppliers = _party_refs(process, list(data.get("suppliers") or []))

    def apply(state: JSON, new: NewRelease) -> None:
        awards = state.setdefault("awards", [])
        existing = _at(awards, index)
        award = sections.award_from(
            data, existing, tz=_tz(process), award_id=f"{process.identifier}-A{len(awards) + 1}",
            suppliers=suppliers, published=new.date, language=_language(process),
        )  # fmt: skip
        _put(awards, index, award)

    return change(process, apply, actor=actor, action="contracting.save_award", date=date)


def save_contract(
    process: ProcurementProcess,
    *,
    actor: User,
    index: int | None,
    data: Mapping[str, Any],
    date: datetime | None = None,
) -> Release | None:
    """Publish a new contract (``index`` None) or a change to an existing one."""

    def apply(state: JSON, new: NewRelease) -> None:
        award_ids = {a.get("id") for a in state.get("awards") or []}
        if data.get("award_id") not in award_ids:
            raise DomainError(_("Choose the award this contract comes from."), status=422)
        contracts = state.setdefault("contracts", [])
        contract = sections.contract_from(
            data, _at(contracts, index), tz=_tz(process),
            contract_id=f"{process.identifier}-C{len(contracts) + 1}", published=new.date,
            language=_language(process),
        )  # fmt: skip
        _put(contracts, index, contract)

    return change(process, apply, actor=actor, action="contracting.save_contract", date=date)


def save_implementation(
    process: ProcurementProcess,
    *,
    actor: User,
    index: int,
    data: Mapping[str, Any],
    date: datetime | None = None,
) -> Release | None:
    """Publish a contract's milestones and payments."""

    def apply(state: JSON, _new: NewRelease) -> None:
        contract = _at(state.get("contracts") or [], index)
        if contract is None:
            raise DomainError(_("There is no such contract."), status=404)
        currency = (contract.get("value") or {}).get("currency") or process.currency

        def payee(ocds_id: str | None) -> JSON | None:
            return _party_refs(process, [ocds_id])[0] if ocds_id else None

        contract["implementation"] = sections.implementation_from(
            data, contract.get("implementation"), tz=_tz(process), currency=currency,
            payer=state.get("buyer"), payee=payee,
        )  # fmt: skip

    return change(process, apply, actor=actor, action="contracting.save_implementation", date=date)


def amendment_targets(process: ProcurementProcess) -> list[tuple[str, str]]:
    """What can be amended: the tender, each award, each contract."""
    state = process.data or {}
    targets = []
    if state.get("tender"):
        targets.append(("tender", _("Tender")))
    for i, award in enumerate(state.get("awards") or []):
        targets.append((f"award:{i}", _("Award %(id)s", id=award.get("id"))))
    for i, contract in enumerate(state.get("contracts") or []):
        targets.append((f"contract:{i}", _("Contract %(id)s", id=contract.get("id"))))
    return targets


def amend(
    process: ProcurementProcess, *, actor: User, target: str, rationale: str,
    description: str | None = None, new_amount: Decimal | None = None, new_end: date | None = None,
    date: datetime | None = None,
) -> Release | None:  # fmt: skip
    """Record a legal amendment with its rationale, and the value or end date it changes."""
    kind, _sep, raw_position = target.partition(":")
    position = parse_int(raw_position)
    if kind not in ("tender", "award", "contract") or (kind != "tender" and position is None):
        raise DomainError(_("Choose what is amended."), status=422)
    if not (rationale or "").strip():
        raise DomainError(_("An amendment needs its rationale."), status=422)
    tz = _tz(process)

    def apply(state: JSON, new: NewRelease) -> None:
        if kind == "tender":
            obj = state.get("tender")
        else:
            obj = _at(state.get(f"{kind}s") or [], position)
        if not obj:
            raise DomainError(_("There is nothing to amend there yet."), status=422)
        amendments = obj.setdefault("amendments", [])
        amendments.append({
            "id": f"{obj.get('id')}-AM{len(amendments) + 1}", "date": new.date,
            "rationale": rationale.strip(), "description": (description or "").strip() or None,
            "amendsReleaseID": new.previous_id, "releaseID": new.release_id,
        })  # fmt: skip
        if new_amount is not None:
            currency = (obj.get("value") or {}).get("currency") or process.currency
            obj["value"] = money(new_amount, currency)
        if new_end is not None:
            period_key = "tenderPeriod" if kind == "tender" else "period"
            if kind != "award":
                obj.setdefault(period_key, {})["endDate"] = rfc3339(new_end, tz, end_of_day=True)

    return change(process, apply, actor=actor, action="contracting.amend", amended=kind, date=date)


def _at(rows: list[JSON], index: int | None) -> JSON | None:
    if index is None:
        return None
    if not 0 <= index < len(rows):
        raise DomainError(_("There is no such entry."), status=404)
    return rows[index]


def _put(rows: list[JSON], index: int | None, value: JSON) -> None:
    if index is None:
        rows.append(value)
    else:
        rows[index] = value
