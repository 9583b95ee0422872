"""Read-only queries behind the public pages: list filters, suppliers, summary figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Select, case, func, select

from participa.contracting.flags import COMPETITIVE
from participa.contracting.models import STAGES, Party, ProcessParty, ProcurementProcess, Release
from participa.core.filtering import equal_to_chosen
from participa.core.search import contains, matches
from participa.extensions import db

if TYPE_CHECKING:
    from participa.municipalities.models import Municipality

P = ProcurementProcess
SORTS = ("recent", "amount", "title")


def release_of(process: ProcurementProcess, release_id: str) -> Release | None:
    """The release ``release_id`` of ``process``, if it published one with that id."""
    return db.session.scalars(
        select(Release).where(Release.process_id == process.id, Release.release_id == release_id)
    ).first()


@dataclass
class Filters:
    stage: str | None = None
    status: str | None = None
    method: str | None = None
    supplier_id: int | None = None
    buyer_id: int | None = None
    district_id: int | None = None
    year: int | None = None
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    query: str = ""
    flagged: bool = False
    sort: str = "recent"

    @property
    def active(self) -> bool:
        return any([self.stage, self.status, self.method, self.supplier_id, self.buyer_id,
                    self.district_id,
                    self.year, self.min_amount is not None, self.max_amount is not None,
                    self.query, self.flagged])  # fmt: skip


def amount_expr() -> ColumnElement[Decimal | None]:
    """The best known value of a process: contracted, else awarded, else estimated."""
    return func.coalesce(P.contracted_amount, P.awarded_amount, P.tender_amount)


def published(municipality: Municipality) -> Select[ProcurementProcess]:
    return select(P).where(P.municipality_id == municipality.id, P.release_count > 0)


def listing_query(municipality: Municipality, filters: Filters) -> Select[ProcurementProcess]:
    """Published processes matching the filters, in the chosen order."""
    query = published(municipality)
    if filters.stage in STAGES:
        query = query.where(P.stage == filters.stage)
    query = equal_to_chosen(
        query,
        (P.status, filters.status),
        (P.procurement_method, filters.method),
        (P.buyer_id, filters.buyer_id),
        (P.district_id, filters.district_id),
        (P.year, filters.year),
    )
    if filters.supplier_id:
        query = query.where(
            P.id.in_(select(ProcessParty.process_id).where(
                ProcessParty.party_id == filters.supplier_id, ProcessParty.role == "supplier"))
        )  # fmt: skip
    if filters.min_amount is not None:
        query = query.where(amount_expr() >= filters.min_amount)
    if filters.max_amount is not None:
        query = query.where(amount_expr() <= filters.max_amount)
    if filters.flagged:
        query = query.where(P.red_flag_count > 0)
    if filters.query:
        # Every word, ignoring case and accents, in the title, description or ocid, or in the
        # name of the buyer or of a supplier: "semaforos" finds "Semáforos".
        query = query.where(matches(
            filters.query, P.title, P.description, P.ocid,
            extra=lambda term: _named_parties(municipality, term)))  # fmt: skip
    if filters.sort == "amount":
        return query.order_by(amount_expr().desc().nulls_last(), P.id.desc())
    if filters.sort == "title":
        return query.order_by(P.title, P.id)
    return query.order_by(P.last_published_at.desc(), P.id.desc())


def _named_parties(municipality: Municipality, term: str) -> list[ColumnElement[bool]]:
    named = select(Party.id).where(Party.municipality_id == municipality.id,
                                   contains(Party.name, term))  # fmt: skip
    return [
        P.buyer_id.in_(named),
        P.id.in_(select(ProcessParty.process_id).where(
            ProcessParty.role == "supplier", ProcessParty.party_id.in_(named))),
    ]  # fmt: skip


def buyers(municipality: Municipality) -> list[Party]:
    """The units that buy, for the filter."""
    return list(db.session.scalars(
        select(Party).where(Party.municipality_id == municipality.id,
                            Party.id.in_(select(P.buyer_id).where(P.municipality_id ==
                                                                   municipality.id)))
        .order_by(Party.name)
    ))  # fmt: skip


def suppliers(municipality: Municipality) -> list[Party]:
    """Organisations that won at least one award, for the filter."""
    return list(db.session.scalars(
        select(Party).where(Party.municipality_id == municipality.id,
                            Party.id.in_(select(ProcessParty.party_id)
                                         .where(ProcessParty.role == "supplier")))
        .order_by(Party.name)
    ))  # fmt: skip


def years(municipality: Municipality) -> list[int]:
    return list(db.session.scalars(
        select(P.year).where(P.municipality_id == municipality.id, P.release_count > 0,
                             P.year.is_not(None)).distinct().order_by(P.year.desc())
    ))  # fmt: skip


def supplier_listing(municipality: Municipality) -> Select[Party, int, Decimal | None]:
    """Suppliers with how many processes they won and the value contracted with them."""
    won = (
        select(ProcessParty.party_id.label("party_id"),
               func.count(func.distinct(P.id)).label("processes"),
               func.sum(func.coalesce(P.contracted_amount, P.awarded_amount)).label("value"))
        .join(P, P.id == ProcessParty.process_id)
        .where(ProcessParty.role == "supplier", P.municipality_id == municipality.id,
               P.release_count > 0)
        .group_by(ProcessParty.party_id)
        .subquery()
    )  # fmt: skip
    return (
        select(Party, won.c.processes, won.c.value)
        .join(won, won.c.party_id == Party.id)
        .order_by(won.c.value.desc().nulls_last(), Party.name)
    )


def processes_of_party(party: Party) -> list[tuple[ProcurementProcess, list[str]]]:
    """The published processes a party took part in, with its roles in each."""
    rows = db.session.execute(
        select(P, ProcessParty.role).join(ProcessParty, ProcessParty.process_id == P.id)
        .where(ProcessParty.party_id == party.id, P.release_count > 0)
        .order_by(P.last_published_at.desc(), P.id.desc())
    )  # fmt: skip
    grouped: dict[int, tuple[ProcurementProcess, list[str]]] = {}
    for process, role in rows:
        grouped.setdefault(process.id, (process, []))[1].append(role)
    return list(grouped.values())


def first_award_or_contract(party: Party) -> datetime | None:
    """The date of the party's earliest award or signed contract as a supplier (business date)."""
    return db.session.scalar(
        select(func.min(ProcessParty.earliest_date)).join(P, P.id == ProcessParty.process_id)
        .where(ProcessParty.party_id == party.id, ProcessParty.role == "supplier",
               P.release_count > 0)
    )  # fmt: skip


@dataclass
class Summary:
    by_method: list[tuple[str, int, Decimal]]
    by_year: list[tuple[int | None, int, Decimal]]
    competitive_count: int
    total_count: int
    competitive_value: Decimal
    total_value: Decimal

    @property
    def competitive_share(self) -> float:
        return self.competitive_count / self.total_count * 100 if self.total_count else 0.0

    @property
    def competitive_value_share(self) -> float:
        return float(self.competitive_value / self.total_value * 100) if self.total_value else 0.0


def summary(municipality: Municipality, year: int | None = None) -> Summary:
    """Number and value of processes by method and by year; share of competitive tenders."""
    value = func.coalesce(func.sum(amount_expr()), 0)
    base = [P.municipality_id == municipality.id, P.release_count > 0]
    if year:
        base.append(P.year == year)
    by_method = [
        (method or "", count, Decimal(str(total or 0)))
        for method, count, total in db.session.execute(
            select(P.procurement_method, func.count(), value).where(*base)
            .group_by(P.procurement_method).order_by(func.count().desc())
        )
    ]  # fmt: skip
    by_year = [
        (y, count, Decimal(str(total or 0)))
        for y, count, total in db.session.execute(
            select(P.year, func.count(), value).where(*base).group_by(P.year).order_by(P.year)
        )
    ]
    competitive = case((P.procurement_method.in_(COMPETITIVE), 1), else_=0)
    row = db.session.execute(
        select(func.coalesce(func.sum(competitive), 0),
               func.count(P.procurement_method),
               func.coalesce(func.sum(case((P.procurement_method.in_(COMPETITIVE),
                                            amount_expr()), else_=0)), 0),
               func.coalesce(func.sum(case((P.procurement_method.is_not(None), amount_expr()),
                                           else_=0)), 0))
        .where(*base)
    ).one()  # fmt: skip
    return Summary(by_method, by_year, int(row[0]), int(row[1]), Decimal(str(row[2])),
                   Decimal(str(row[3])))  # fmt: skip


def flag_counts(municipality: Municipality) -> Counter[str]:
    """How many processes carry each red flag."""
    counts: Counter[str] = Counter()
    for codes in db.session.scalars(
        select(P.red_flags).where(P.municipality_id == municipality.id, P.release_count > 0,
                                  P.red_flag_count > 0)
    ):  # fmt: skip
        counts.update(set(codes or []))
    return counts
