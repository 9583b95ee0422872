"""Flat CSV exports of processes, awards and contracts, read in bounded chunks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from participa.contracting.models import Party, ProcurementProcess

if TYPE_CHECKING:
    from participa.contracting.ocds import JSON


P = ProcurementProcess
CHUNK = 500

PROCESS_COLUMNS = [
    "ocid", "identifier", "title", "stage", "tender_status", "procurement_method",
    "main_category", "year", "currency", "tender_amount", "awarded_amount", "contracted_amount",
    "paid_amount", "buyer_id", "buyer_name", "red_flags", "last_release_date",
]  # fmt: skip
AWARD_COLUMNS = [
    "ocid", "award_id", "title", "status", "date", "amount", "currency", "supplier_ids",
    "supplier_names",
]  # fmt: skip
CONTRACT_COLUMNS = [
    "ocid", "contract_id", "award_id", "title", "status", "date_signed", "start_date",
    "end_date", "amount", "currency", "amendments", "paid_amount",
]  # fmt: skip


def process_rows(municipality_id: int, session: Session) -> Iterator[list[Any]]:
    query = (
        select(P.ocid, P.identifier, P.title, P.stage, P.status, P.procurement_method,
               P.main_category, P.year, P.currency, P.tender_amount, P.awarded_amount,
               P.contracted_amount, P.paid_amount, Party.ocds_id, Party.name, P.red_flags,
               P.last_published_at)
        .outerjoin(Party, Party.id == P.buyer_id)
        .where(P.municipality_id == municipality_id, P.release_count > 0)
        .order_by(P.id).execution_options(yield_per=CHUNK)
    )  # fmt: skip
    for row in session.execute(query):
        values = list(row)
        values[15] = " ".join(values[15] or [])
        values[16] = values[16].isoformat() if values[16] else ""
        yield values


def _compiled(municipality_id: int, session: Session) -> Iterator[tuple[str, JSON]]:
    query = (
        select(P.ocid, P.compiled).where(P.municipality_id == municipality_id,
                                         P.release_count > 0)
        .order_by(P.id).execution_options(yield_per=CHUNK)
    )  # fmt: skip
    for ocid, compiled in session.execute(query):
        yield ocid, compiled or {}


def award_rows(municipality_id: int, session: Session) -> Iterator[list[Any]]:
    for ocid, compiled in _compiled(municipality_id, session):
        for award in compiled.get("awards") or []:
            value = award.get("value") or {}
            suppliers = award.get("suppliers") or []
            yield [ocid, award.get("id"), award.get("title"), award.get("status"),
                   award.get("date"), value.get("amount"), value.get("currency"),
                   " ".join(str(s.get("id")) for s in suppliers),
                   "; ".join(str(s.get("name")) for s in suppliers)]  # fmt: skip


def contract_rows(municipality_id: int, session: Session) -> Iterator[list[Any]]:
    for ocid, compiled in _compiled(municipality_id, session):
        for contract in compiled.get("contracts") or []:
            value = contract.get("value") or {}
            period = contract.get("period") or {}
            paid = [
                (t.get("value") or {}).get("amount")
                for t in (contract.get("implementation") or {}).get("transactions") or []
            ]
            yield [ocid, contract.get("id"), contract.get("awardID"), contract.get("title"),
                   contract.get("status"), contract.get("dateSigned"), period.get("startDate"),
                   period.get("endDate"), value.get("amount"), value.get("currency"),
                   len(contract.get("amendments") or []),
                   sum(p for p in paid if isinstance(p, int | float)) if paid else ""]  # fmt: skip
