"""Moderation figures, as an open dataset: described in ``datasets.json``, read by the query
below (see participa.core.datasets); counts per month and kind of content only, never who
reported, who was moderated or who decided."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, func, literal, select, union_all

from participa.core.datasets import described
from participa.core.results import month_of
from participa.moderation.models import Action, Appeal, ModerationDecision, Report

MEASURES = ("reports", "hidden", "restored", "dismissed", "approved", "appeals",
            "appeals_upheld", "appeals_overturned")  # fmt: skip


def _events(at: Any, kind: Any, *where: Any, **counts: Any) -> Select[Any]:
    # One row per event: its month, the kind of content, a 1 under what it counts.
    measures = [(counts[name] if name in counts else literal(0)).label(name) for name in MEASURES]
    return select(month_of(at).label("month"), kind.label("kind"), *measures, at.label("at")).where(
        *where
    )


def _count(condition: Any) -> Any:
    return case((condition, 1), else_=0)


def _statistics(municipality_id: int) -> Select[*tuple[Any, ...]]:
    D = ModerationDecision
    one = literal(1)

    def action(*actions: Action) -> Any:
        return _count(D.action.in_([a.value for a in actions]))

    events = union_all(
        _events(Report.created_at, Report.reportable_type,
                Report.municipality_id == municipality_id, reports=one),
        _events(D.created_at, D.reportable_type, D.municipality_id == municipality_id,
                hidden=action(Action.HIDE, Action.AUTO_HIDE), restored=action(Action.RESTORE),
                dismissed=action(Action.DISMISS), approved=action(Action.APPROVE)),
        _events(Appeal.created_at, Appeal.reportable_type,
                Appeal.municipality_id == municipality_id, appeals=one),
        _events(Appeal.decided_at, Appeal.reportable_type,
                Appeal.municipality_id == municipality_id, Appeal.decided_at.is_not(None),
                appeals_upheld=_count(Appeal.outcome == "upheld"),
                appeals_overturned=_count(Appeal.outcome == "overturned")),
    ).subquery()  # fmt: skip
    return select(
        (events.c.month + "/" + events.c.kind).label("id"),
        events.c.month.label("month"),
        events.c.kind.label("kind"),
        *[func.sum(events.c[name]).label(name) for name in MEASURES],
        func.max(events.c.at).label("changed_at"),
    ).group_by(events.c.month, events.c.kind)


contributions = described(__package__, {"moderation-statistics": _statistics})
