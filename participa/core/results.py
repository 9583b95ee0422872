"""What the network's results dashboard counts, gathered from the features' manifests.

A feature declares ``results`` in its :class:`~participa.core.features.Feature`: a callable
returning :class:`ResultCount` records for the whole network (officials trained, events held,
practices published, exchanges completed, challenges run...), one per measure, member and
month, from aggregate queries only (a constant number of queries). The dashboard adds them up
per member and over time; the core knows no feature.

:func:`gather` asks every installed feature, keeps the months of a :class:`Period` and the
members asked for, and adds the counts up per measure and month and per measure and member. A
hook that fails is logged and left out (the page says some figures are missing): one broken
feature never takes the dashboard down. The records are the same for everyone: they are
reused for ``PAGE_CACHE_SECONDS`` by every filter and download (core.cache.shared).
:func:`monthly` and :class:`month_of` help a feature write its hook with one ``GROUP BY`` query;
:func:`counted_monthly` is that query when it counts the rows of one table.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import QueryableAttribute

from participa.core import features
from participa.core.cache import shared
from participa.core.datasets import Spelled
from participa.extensions import db

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ResultCount:
    """How many of one measure a member achieved in one month."""

    measure: str  # stable code, e.g. "officials_trained"; never shown
    label: Any  # translated label of the measure (a lazy string), e.g. "Officials trained"
    municipality_id: int | None  # the member; None for what the network itself did
    month: date  # the first day of the month
    count: int
    order: int = 50  # where the measure comes on the dashboard


# Helpers for the features' hooks -------------------------------------------------------------


class month_of(Spelled):  # lower case: read like the SQL function it stands for
    """The month of a timestamp column as ``YYYY-MM`` text (UTC), for ``GROUP BY``."""

    inherit_cache = True
    spellings = {"default": "to_char({}, 'YYYY-MM')", "sqlite": "strftime('%Y-%m', {})"}


def monthly(rows: Iterable[Any], measure: str, label: Any, order: int = 50) -> list[ResultCount]:
    """ResultCounts from ``(municipality_id, "YYYY-MM", count)`` rows (see :class:`month_of`)."""
    return [
        ResultCount(measure, label, member, first_of(month), int(count), order)
        for member, month, count in rows
        if month and count
    ]


def counted_monthly(
    model: type[Any],
    at: QueryableAttribute[Any],
    where: ColumnElement[bool],
    measure: str,
    label: Any,
    order: int = 50,
) -> list[ResultCount]:
    """ResultCounts of the ``model`` rows meeting ``where``, per member (``municipality_id``) and
    month of ``at`` (rows without ``at`` are left out): the ``GROUP BY`` query most hooks are."""
    member = model.municipality_id
    month = month_of(at)
    rows = db.session.execute(
        select(member, month, func.count()).where(where, at.is_not(None)).group_by(member, month)
    )
    return monthly(rows, measure, label, order)


def first_of(month: str) -> date:
    """The first day of the month written ``YYYY-MM``."""
    year, number = month[:7].split("-")
    return date(int(year), int(number), 1)


# Months ---------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def add_months(month: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``month``'s."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """Every month from ``first`` to ``last``, both included (first days)."""
    found: list[date] = []
    month = month_start(first)
    while month <= last:
        found.append(month)
        month = add_months(month, 1)
    return found


@dataclass(frozen=True)
class Period:
    """The months a dashboard covers, both ends included; None leaves that end open."""

    first: date | None = None
    last: date | None = None

    def __contains__(self, month: object) -> bool:
        if not isinstance(month, date):
            return False
        return (self.first is None or month >= self.first) and (
            self.last is None or month <= self.last
        )


# Gathering -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """One measure over the period: its total, its months (oldest first), its members."""

    code: str
    label: Any
    order: int
    total: int
    by_month: dict[date, int]  # every month of the period, zeros included
    by_member: dict[int | None, int]  # only members that count something; None: the network
    # (member, month) -> count, only where something was counted: the downloads' rows.
    cells: dict[tuple[int | None, date], int] = field(default_factory=dict)


@dataclass(frozen=True)
class Results:
    """What the dashboard shows: the measures in their order and the months they span."""

    measures: list[Measure]
    months: list[date]
    # Features whose hook failed: their measures are missing, and the page says so.
    failed: list[str] = field(default_factory=list)

    def of(self, member: int | None) -> dict[str, int]:
        """A member's count of each measure (by code); None asks for the network's own."""
        return {m.code: m.by_member.get(member, 0) for m in self.measures}


def _collected() -> tuple[list[ResultCount], list[str]]:
    records: list[ResultCount] = []
    failed: list[str] = []
    for feature in features.installed.features:
        if feature.results is None:
            continue
        try:
            found = list(feature.results())
        except Exception:
            # One broken hook leaves its measures out rather than the whole page.
            logger.exception("results of feature %s failed", feature.name)
            failed.append(feature.name)
            continue
        # Labels in the reader's language: lazy strings neither pickle nor keep it.
        records.extend(replace(r, label=str(r.label)) for r in found)
    return records, failed


def collected() -> tuple[list[ResultCount], list[str]]:
    """Every installed feature's records (labels translated) and the features whose hook failed;
    the same for every visitor, so reused for a few seconds whatever the filters
    (core.cache.shared)."""
    return shared("results.collected", _collected)


def gather(
    period: Period,
    members: Collection[int] | None = None,
    *,
    network: bool = True,
    today: date | None = None,
) -> Results:
    """Every installed feature's results in ``period``, added up per measure and month and per
    measure and member.

    ``members`` keeps only those members' counts (None keeps them all); ``network`` keeps what
    the network itself did (records without a member). An open-ended period starts at the first
    month counted and ends with ``today``'s month.
    """
    records, failed = collected()
    kept = [
        r
        for r in records
        if r.month in period
        and (
            r.municipality_id in members
            if r.municipality_id is not None and members is not None
            else (r.municipality_id is not None or network)
        )
    ]
    counted = [r.month for r in kept]
    last = period.last or max([month_start(today or date.today()), *counted])
    first = period.first or min(counted, default=last)
    months = months_between(first, max(last, first))
    measures: dict[str, dict[str, Any]] = {}
    # Every measure a feature declared is shown, even with nothing counted in the period.
    for record in records:
        if record.measure not in measures:
            measures[record.measure] = {
                "label": record.label,
                "order": record.order,
                "by_month": dict.fromkeys(months, 0),
                "by_member": {},
                "cells": {},
            }
    for record in kept:
        entry = measures[record.measure]
        if record.month in entry["by_month"]:
            entry["by_month"][record.month] += record.count
        entry["by_member"][record.municipality_id] = (
            entry["by_member"].get(record.municipality_id, 0) + record.count
        )
        cell = (record.municipality_id, record.month)
        entry["cells"][cell] = entry["cells"].get(cell, 0) + record.count
    return Results(
        measures=sorted(
            (
                Measure(
                    code=code,
                    label=entry["label"],
                    order=entry["order"],
                    total=sum(entry["by_member"].values()),
                    by_month=entry["by_month"],
                    by_member=entry["by_member"],
                    cells=entry["cells"],
                )
                for code, entry in measures.items()
            ),
            key=lambda m: (m.order, m.code),
        ),
        months=months,
        failed=failed,
    )
