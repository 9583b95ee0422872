"""Read-only queries behind the public lists: filters, totals and each row's procurement figures.

Every figure of a page comes from a fixed number of grouped queries, whatever the number of
results or of procurement processes (tests count them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, Subquery, and_, func, select, union
from sqlalchemy.orm import contains_eager

from participa.contracting.models import ProcessLink, ProcurementProcess
from participa.extensions import db
from participa.followup.models import STATUSES, Result
from participa.municipalities.models import Municipality

P = ProcurementProcess
SORTS = ("recent", "progress", "title")
# The contracting link target this feature declares: a process linked to the result itself.
LINK_KIND = "followup_result"


@dataclass
class Filters:
    status: str | None = None
    district: str | None = None
    municipality_id: int | None = None  # the network list only
    sort: str = "recent"

    @property
    def active(self) -> bool:
        return bool(self.status or self.district or self.municipality_id)


@dataclass
class Money:
    """Amounts in one currency: voted (results), awarded and paid (their processes)."""

    currency: str
    voted: Decimal = Decimal(0)
    awarded: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)


@dataclass
class Figures:
    """One result's procurement: its published processes and their amounts by currency."""

    processes: int = 0
    money: dict[str, Money] = field(default_factory=dict)


def _filtered(query: Select[Any], filters: Filters) -> Select[Any]:
    if filters.status in STATUSES:
        query = query.where(Result.status == filters.status)
    if filters.district:
        query = query.where(Result.district == filters.district)
    if filters.sort == "progress":
        return query.order_by(Result.progress.desc(), Result.id.desc())
    if filters.sort == "title":
        return query.order_by(Result.title, Result.id)
    # Results never updated come after those with news, newest first.
    return query.order_by(
        Result.last_update_at.desc().nulls_last(), Result.created_at.desc(), Result.id.desc()
    )


def listing_query(municipality: Municipality, filters: Filters) -> Select[Any]:
    """A municipality's results matching the filters, in the chosen order."""
    return _filtered(select(Result).where(Result.municipality_id == municipality.id), filters)


def network_query(filters: Filters) -> Select[Any]:
    """Results of every municipality that is not archived, matching the filters."""
    query = (
        select(Result)
        .join(Municipality, Municipality.id == Result.municipality_id)
        .where(Municipality.archived_at.is_(None))
        .options(contains_eager(Result.municipality))  # each card names its municipality
    )
    if filters.municipality_id:
        query = query.where(Result.municipality_id == filters.municipality_id)
    return _filtered(query, filters)


def _ids(query: Select[Any]) -> Select[Any]:
    # Not correlated: the outer queries read the same table, for other rows.
    return query.with_only_columns(Result.id).order_by(None).correlate(None)


def _pairs(result_ids: Select[Any] | Iterable[int]) -> Subquery:
    """Distinct (result, process) pairs: processes linked to a result's source or to itself."""
    link = ProcessLink
    by_source = select(Result.id.label("result_id"), link.process_id.label("process_id")).join(
        link,
        and_(link.target_type == Result.source_kind, link.target_id == Result.source_id,
             link.municipality_id == Result.municipality_id),
    ).where(Result.id.in_(result_ids))  # fmt: skip
    by_result = select(Result.id, link.process_id).join(
        link, and_(link.target_type == LINK_KIND, link.target_id == Result.id)
    ).where(Result.id.in_(result_ids))  # fmt: skip
    # UNION (not UNION ALL): a process linked both ways counts once.
    return union(by_source, by_result).subquery()


def totals(query: Select[Any]) -> list[Money]:
    """Voted, awarded and paid over the results of ``query``, by currency (two queries).

    A process linked to several results counts once; currencies are never converted.
    """
    ids = _ids(query)
    found: dict[str, Money] = {}
    for currency, voted in db.session.execute(
        select(Result.currency, func.sum(Result.amount)).where(Result.id.in_(ids))
        .group_by(Result.currency)
    ):  # fmt: skip
        found.setdefault(currency, Money(currency)).voted = Decimal(str(voted or 0))
    pairs = _pairs(ids)
    for process_currency, awarded, paid in db.session.execute(
        select(P.currency, func.sum(P.awarded_amount), func.sum(P.paid_amount))
        .where(P.id.in_(select(pairs.c.process_id)), P.release_count > 0)
        .group_by(P.currency)
    ):  # fmt: skip
        currency = process_currency or ""
        money = found.setdefault(currency, Money(currency))
        money.awarded = Decimal(str(awarded or 0))
        money.paid = Decimal(str(paid or 0))
    # A currency with nothing voted, awarded nor paid says nothing.
    return [found[c] for c in sorted(found) if found[c].voted or found[c].awarded or found[c].paid]


def figures(results: Iterable[Result]) -> dict[int, Figures]:
    """Each result's published processes and amounts, in one query for a whole page."""
    ids = [r.id for r in results]
    found: dict[int, Figures] = {i: Figures() for i in ids}
    if not ids:
        return found
    pairs = _pairs(ids)
    rows = db.session.execute(
        select(pairs.c.result_id, P.currency, func.count(P.id), func.sum(P.awarded_amount),
               func.sum(P.paid_amount))
        .join(P, P.id == pairs.c.process_id)
        .where(P.release_count > 0)
        .group_by(pairs.c.result_id, P.currency)
    )  # fmt: skip
    for result_id, currency, count, awarded, paid in rows:
        entry = found[result_id]
        entry.processes += count
        entry.money[currency or ""] = Money(
            currency or "", awarded=Decimal(str(awarded or 0)), paid=Decimal(str(paid or 0))
        )
    return found


def process_ids(result: Result) -> Select[Any]:
    """The ids of the processes linked to the result's source or to the result."""
    pairs = _pairs([result.id])
    return select(pairs.c.process_id)


def districts(municipality_id: int) -> list[str]:
    """The districts named by a municipality's results, for the filter."""
    return list(db.session.scalars(
        select(Result.district).where(Result.municipality_id == municipality_id,
                                      Result.district.is_not(None))
        .distinct().order_by(Result.district)
    ))  # fmt: skip


def municipalities_with_results() -> list[Municipality]:
    """Municipalities (not archived) that publish results, for the network filter."""
    return list(db.session.scalars(
        select(Municipality).where(
            Municipality.archived_at.is_(None),
            Municipality.id.in_(select(Result.municipality_id)))
        .order_by(Municipality.name)
    ))  # fmt: skip


def status_counts(query: Select[Any]) -> dict[str, int]:
    """How many results of ``query`` are in each status."""
    counts = dict.fromkeys(STATUSES, 0)
    for status, count in db.session.execute(
        select(Result.status, func.count()).where(Result.id.in_(_ids(query)))
        .group_by(Result.status)
    ):  # fmt: skip
        counts[status] = count
    return counts
