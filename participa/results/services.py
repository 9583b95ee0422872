"""The dashboard's figures: the live members, the gathered results for the filters, and the rows
of the CSV and JSON downloads (measures, members and months: no personal data)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from participa.core.results import Results, gather
from participa.extensions import db
from participa.municipalities.models import Municipality
from participa.results.filters import Filters

# The columns of the CSV download, in order (documented in the JSON's "fields" too).
CSV_FIELDS = ("measure", "measure_label", "member", "member_name", "member_kind", "month", "count")


def live_members() -> list[Municipality]:
    """Every member that is not archived, by name (one query)."""
    return list(
        db.session.scalars(
            select(Municipality)
            .where(Municipality.archived_at.is_(None))
            .order_by(Municipality.name, Municipality.id)
        )
    )


@dataclass(frozen=True)
class Dashboard:
    """The gathered results and the members they cover (those of the table, in order)."""

    results: Results
    members: list[Municipality]
    network: bool  # whether what the network itself did is included


def dashboard(filters: Filters, members: Sequence[Municipality]) -> Dashboard:
    """The results of the members ``filters`` keep, in ``filters``' period."""
    kept = [
        m
        for m in members
        if (not filters.kind or m.kind == filters.kind)
        and (filters.member_id is None or m.id == filters.member_id)
    ]
    # What the network did itself belongs to no member: a member or kind filter leaves it out.
    network = not filters.kind and filters.member_id is None
    results = gather(filters.covered(), {m.id for m in kept}, network=network, today=filters.today)
    return Dashboard(results, kept, network)


def month_code(month: date) -> str:
    return month.strftime("%Y-%m")


def export_rows(board: Dashboard) -> list[dict[str, Any]]:
    """One row per measure, member and month where something was counted (the CSV)."""
    by_id = {m.id: m for m in board.members}
    rows = []
    for measure in board.results.measures:
        for (member_id, month), count in sorted(
            measure.cells.items(), key=lambda item: (item[0][1], item[0][0] or 0)
        ):
            member = by_id.get(member_id) if member_id is not None else None
            rows.append({
                "measure": measure.code,
                "measure_label": str(measure.label),
                "member": member.slug if member else "",
                "member_name": member.name if member else "",
                "member_kind": member.kind if member else "",
                "month": month_code(month),
                "count": count,
            })  # fmt: skip
    return rows


def export_document(board: Dashboard, filters: Filters) -> dict[str, Any]:
    """The JSON download: the period, the measures with their totals per month and member."""
    results = board.results
    by_id = {m.id: m for m in board.members}

    def member(member_id: int | None) -> dict[str, Any]:
        found = by_id.get(member_id) if member_id is not None else None
        if found is None:
            return {"member": None, "member_name": None, "member_kind": None}
        return {"member": found.slug, "member_name": found.name, "member_kind": found.kind}

    return {
        "period": {
            "from": month_code(results.months[0]) if results.months else None,
            "to": month_code(results.months[-1]) if results.months else None,
        },
        "filters": {"kind": filters.kind or None, "member": _slug(by_id, filters.member_id)},
        "incomplete": bool(results.failed),
        "measures": [
            {
                "measure": m.code,
                "measure_label": str(m.label),
                "total": m.total,
                "months": [
                    {"month": month_code(month), "count": count}
                    for month, count in m.by_month.items()
                ],
                "members": [
                    {**member(member_id), "count": count}
                    for member_id, count in sorted(
                        m.by_member.items(), key=lambda item: _name(by_id, item[0])
                    )
                ],
            }
            for m in results.measures
        ],
    }


def _slug(by_id: dict[int, Municipality], member_id: int | None) -> str | None:
    found = by_id.get(member_id) if member_id is not None else None
    return found.slug if found else None


def _name(by_id: dict[int, Municipality], member_id: int | None) -> tuple[int, str]:
    # The network's own row comes first, then the members by name.
    found = by_id.get(member_id) if member_id is not None else None
    return (1, found.name) if found else (0, "")
