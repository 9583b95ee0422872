"""Read side of moderation: the queue, appeals and the public log."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from participa.accounts.models import User
from participa.core.text import excerpt as text_excerpt
from participa.extensions import db
from participa.moderation import registry
from participa.moderation.models import (
    Action,
    Appeal,
    ModerationDecision,
    ParticipationBlock,
    Report,
)

EXCERPT_SIZE = 240


@dataclass
class QueueItem:
    kind: str
    item_id: int
    obj: Any  # whichever model a feature registered as reportable
    reports: list[Report] = field(default_factory=list)
    report_count: int = 0
    first_reported_at: datetime | None = None
    pending: bool = False
    author: User | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.item_id}"

    @property
    def title(self) -> str:
        return registry.reportable(self.kind).title(self.obj) if self.obj is not None else ""

    @property
    def url(self) -> str | None:
        return registry.reportable(self.kind).url(self.obj) if self.obj is not None else None

    @property
    def author_id(self) -> int | None:
        return registry.reportable(self.kind).author_id(self.obj) if self.obj is not None else None

    @property
    def excerpt(self) -> str:
        """The item's text as plain words (Markdown rendered and stripped), when it has one."""
        body = registry.reportable(self.kind).body
        if self.obj is None or body is None:
            return ""
        return text_excerpt(body(self.obj), EXCERPT_SIZE)


def _load(items: list[QueueItem], municipality_id: int) -> None:
    by_kind: dict[str, list[int]] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item.item_id)
    loaded = {kind: registry.load_many(kind, ids, municipality_id) for kind, ids in by_kind.items()}
    for item in items:
        item.obj = loaded.get(item.kind, {}).get(item.item_id)
    _load_authors(items)


def _load_authors(items: list[QueueItem]) -> None:
    # One query for the authors of the whole page, not one per row.
    ids = {item.author_id for item in items} - {None}
    if not ids:
        return
    authors: dict[int | None, User] = {
        user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))
    }
    for item in items:
        item.author = authors.get(item.author_id)


def reported_items(
    municipality_id: int, *, limit: int = 50, offset: int = 0
) -> tuple[list[QueueItem], int]:
    """Items with unresolved reports, most reported first, with their reports."""
    open_reports = (Report.municipality_id == municipality_id, Report.resolved_at.is_(None))
    total = db.session.execute(
        select(func.count()).select_from(
            select(Report.reportable_type, Report.reportable_id)
            .where(*open_reports)
            .group_by(Report.reportable_type, Report.reportable_id)
            .subquery()
        )
    ).scalar_one()
    rows = db.session.execute(
        select(
            Report.reportable_type, Report.reportable_id, func.count(), func.min(Report.created_at)
        )
        .where(*open_reports)
        .group_by(Report.reportable_type, Report.reportable_id)
        .order_by(func.count().desc(), func.min(Report.created_at))
        .limit(limit)
        .offset(offset)
    ).all()
    items = [
        QueueItem(kind=kind, item_id=item_id, obj=None, report_count=count, first_reported_at=first)
        for kind, item_id, count, first in rows
    ]
    if items:
        keys = {(i.kind, i.item_id): i for i in items}
        reports = db.session.scalars(
            select(Report)
            .where(*open_reports, Report.reportable_id.in_([i.item_id for i in items]))
            .order_by(Report.created_at)
        )
        for report in reports:
            item = keys.get((report.reportable_type, report.reportable_id))
            if item is not None:
                item.reports.append(report)
        _load(items, municipality_id)
    return items, total


def pending_items(municipality_id: int, *, limit: int = 100) -> list[QueueItem]:
    """Contributions waiting for approval (pre-moderation), oldest first."""
    items: list[QueueItem] = []
    for kind in registry.registered_kinds():
        model = registry.reportable(kind).model
        if not hasattr(model, "pending_review"):
            continue
        query = select(model).where(
            model.municipality_id == municipality_id, model.pending_review.is_(True)
        )
        if hasattr(model, "deleted_at"):
            query = query.where(model.deleted_at.is_(None))
        if hasattr(model, "created_at"):
            query = query.order_by(model.created_at)
        for obj in db.session.scalars(query.limit(limit)):
            items.append(QueueItem(kind=kind, item_id=obj.id, obj=obj, pending=True))
    items = items[:limit]
    _load_authors(items)
    return items


def open_appeals(municipality_id: int) -> list[tuple[Appeal, Any, str, str | None]]:
    """Undecided appeals with the item, its title and its address."""
    appeals = list(
        db.session.scalars(
            select(Appeal)
            .where(Appeal.municipality_id == municipality_id, Appeal.decided_at.is_(None))
            .order_by(Appeal.created_at)
        )
    )
    result: list[tuple[Appeal, Any, str, str | None]] = []
    for appeal in appeals:
        obj = registry.load_reportable(
            appeal.reportable_type, appeal.reportable_id, municipality_id
        )
        entry = registry.reportable(appeal.reportable_type)
        if obj is None:
            result.append((appeal, None, "", None))
        else:
            result.append((appeal, obj, entry.title(obj), entry.url(obj)))
    return result


def blocks(municipality_id: int) -> list[ParticipationBlock]:
    return list(
        db.session.scalars(
            select(ParticipationBlock)
            .where(ParticipationBlock.municipality_id == municipality_id)
            .order_by(ParticipationBlock.lifted_at.is_not(None), ParticipationBlock.id.desc())
            .limit(200)
        )
    )


@dataclass
class PublicLog:
    hidden_total: int
    hidden_by_reason: dict[str, int]
    restored_total: int
    reports_total: int
    reports_handled: int
    median_hours: float | None
    mean_hours: float | None


def public_log(municipality_id: int) -> PublicLog:
    """Counts and timings only: never content, authors or reporters."""
    hide_actions = (Action.HIDE.value, Action.AUTO_HIDE.value)
    latest: dict[tuple[str, int], str] = {}
    rows = db.session.execute(
        select(
            ModerationDecision.reportable_type,
            ModerationDecision.reportable_id,
            ModerationDecision.category,
        )
        .where(
            ModerationDecision.municipality_id == municipality_id,
            ModerationDecision.action.in_(hide_actions),
        )
        .order_by(ModerationDecision.id)
    )
    for kind, item_id, category in rows:
        latest[(kind, item_id)] = category or "other"
    by_reason = dict(Counter(latest.values()))
    hidden_items = len(latest)
    restored = db.session.execute(
        select(func.count())
        .select_from(ModerationDecision)
        .where(
            ModerationDecision.municipality_id == municipality_id,
            ModerationDecision.action == Action.RESTORE.value,
        )
    ).scalar_one()
    reports_total = db.session.execute(
        select(func.count()).select_from(Report).where(Report.municipality_id == municipality_id)
    ).scalar_one()
    handled = db.session.execute(
        select(Report.created_at, Report.resolved_at).where(
            Report.municipality_id == municipality_id, Report.resolved_at.is_not(None)
        )
    ).all()
    hours = [
        max(timedelta(0), resolved - created).total_seconds() / 3600
        for created, resolved in handled
        if resolved is not None  # the query asks for resolved reports only
    ]
    return PublicLog(
        hidden_total=hidden_items,
        hidden_by_reason=by_reason,
        restored_total=restored,
        reports_total=reports_total,
        reports_handled=len(hours),
        median_hours=statistics.median(hours) if hours else None,
        mean_hours=statistics.fmean(hours) if hours else None,
    )
