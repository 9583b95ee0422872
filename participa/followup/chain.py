"""The procurement chain of one result: its published processes, their awards with suppliers,
contracts and payments, read from open contracting's compiled OCDS records."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from participa.contracting.models import Party, ProcurementProcess
from participa.extensions import db
from participa.followup import queries
from participa.followup.models import Result

P = ProcurementProcess


@dataclass
class Supplier:
    name: str
    party_id: int | None  # the supplier's page, when the organisation is registered


@dataclass
class Award:
    date: str | None
    amount: Decimal | None
    currency: str | None
    status: str | None
    suppliers: list[Supplier]


@dataclass
class Payment:
    date: str | None
    amount: Decimal | None
    currency: str | None
    payee: str | None


@dataclass
class Contract:
    title: str | None
    status: str | None
    amount: Decimal | None
    currency: str | None
    signed: str | None
    end: str | None
    payments: list[Payment] = field(default_factory=list)


@dataclass
class Link:
    """One process of the chain: tender, awards, contracts and their payments."""

    process: ProcurementProcess
    awards: list[Award]
    contracts: list[Contract]


def procurement(result: Result) -> list[Link]:
    """The published processes carrying out ``result``, oldest first (two queries)."""
    processes = list(db.session.scalars(
        select(P).where(P.id.in_(queries.process_ids(result)), P.release_count > 0)
        .order_by(P.first_published_at, P.id)
    ))  # fmt: skip
    compiled = [p.compiled or p.data or {} for p in processes]
    ocds_ids = {
        s.get("id")
        for state in compiled
        for award in state.get("awards") or []
        for s in award.get("suppliers") or []
        if s.get("id")
    }
    registered = {
        party.ocds_id: party.id
        for party in db.session.scalars(
            select(Party).where(Party.municipality_id == result.municipality_id,
                                Party.ocds_id.in_(ocds_ids))
        )
    } if ocds_ids else {}  # fmt: skip
    return [
        Link(process, _awards(state, registered), _contracts(state))
        for process, state in zip(processes, compiled, strict=True)
    ]


def _amount(value: Any) -> tuple[Decimal | None, str | None]:
    value = value or {}
    try:
        amount = Decimal(str(value["amount"])) if value.get("amount") is not None else None
    except InvalidOperation:
        amount = None
    return amount, value.get("currency")


def _awards(state: dict[str, Any], registered: dict[str, int]) -> list[Award]:
    found = []
    for award in state.get("awards") or []:
        amount, currency = _amount(award.get("value"))
        suppliers = [Supplier(s.get("name") or s.get("id") or "", registered.get(s.get("id")))
                     for s in award.get("suppliers") or []]  # fmt: skip
        found.append(Award(award.get("date"), amount, currency, award.get("status"), suppliers))
    return found


def _contracts(state: dict[str, Any]) -> list[Contract]:
    found = []
    for contract in state.get("contracts") or []:
        amount, currency = _amount(contract.get("value"))
        payments = []
        for transaction in (contract.get("implementation") or {}).get("transactions") or []:
            paid, paid_currency = _amount(transaction.get("value"))
            payments.append(Payment(transaction.get("date"), paid, paid_currency or currency,
                                    (transaction.get("payee") or {}).get("name")))  # fmt: skip
        period = contract.get("period") or {}
        found.append(Contract(contract.get("title"), contract.get("status"), amount, currency,
                              contract.get("dateSigned"), period.get("endDate"),
                              payments))  # fmt: skip
    return found
