"""Follow-up results: created once per decision, updated by staff with a dated public history.

Other features create results through :func:`ensure_result` (budgets, for funded projects) or
through a receiver (proposals answer, see ``registrations``); staff then publish updates
(:func:`update_result`), edit the details (:func:`edit_result`) and the milestones. Services
flush, never commit, and write the audit entry.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from flask import url_for
from flask_babel import gettext as _
from flask_babel import pgettext
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError

from participa.contracting import services as contracting
from participa.core import audit
from participa.core.errors import DomainError, FieldError
from participa.core.params import MAX_DECIMAL
from participa.db import utcnow
from participa.extensions import db
from participa.followup import sources
from participa.followup.models import STATUSES, Milestone, Result, ResultUpdate, Status
from participa.notifications import services as notifications

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)

TITLE_MAX = 300
DISTRICT_MAX = 120
TEXT_MAX = 10_000
MILESTONE_TITLE_MAX = 200


def status_labels() -> dict[str, str]:
    """The statuses in the current language, in their natural order."""
    return {
        Status.PLANNED.value: pgettext("follow-up status", "Planned"),
        Status.IN_PROGRESS.value: pgettext("follow-up status", "In progress"),
        Status.COMPLETED.value: pgettext("follow-up status", "Completed"),
        Status.CANCELLED.value: pgettext("follow-up status", "Cancelled"),
    }


def status_label(status: str) -> str:
    return status_labels().get(status, status)


def result_path(result: Result) -> str:
    """The public page of a result (a local path, as notifications want it)."""
    return url_for("followup.detail", municipality=result.municipality.slug, result_id=result.id)


def result_of(municipality: Municipality, source_kind: str, source_id: int) -> Result | None:
    """The result carrying out one source in ``municipality``, if there is one."""
    return db.session.scalars(
        select(Result).where(
            Result.municipality_id == municipality.id,
            Result.source_kind == source_kind,
            Result.source_id == source_id,
        )
    ).first()


def results_probe(source_kind: str, source_id: int) -> Select[int]:
    """The results carrying out one source, as a probe for core.related."""
    return select(Result.id).where(Result.source_kind == source_kind, Result.source_id == source_id)


def source_of(result: Result) -> tuple[sources.Source, Any] | None:
    """The declared source of ``result`` and its object, or None when either is gone."""
    entry = sources.source(result.source_kind)
    if entry is None:
        return None
    obj = entry.load(result.municipality_id, result.source_id)
    return (entry, obj) if obj is not None else None


# Creating -----------------------------------------------------------------------------------


def ensure_result(
    municipality: Municipality,
    source_kind: str,
    source_id: int,
    *,
    title: str,
    amount: Decimal | int | None = None,
    district: str | None = None,
    actor: User | None,
    description: str | None = None,
    currency: str | None = None,
) -> Result:
    """Return the follow-up result of a decision, creating it (planned, 0 %) the first time.

    ``actor`` is None when the platform decided (a budget closed at the end of its phase)."""
    if sources.source(source_kind) is None:
        raise ValueError(f"no installed feature declares the follow-up source {source_kind!r}")
    found = result_of(municipality, source_kind, source_id)
    if found is not None:
        return found
    result = Result(
        municipality_id=municipality.id,
        source_kind=source_kind,
        source_id=source_id,
        title=_clip(title, TITLE_MAX) or f"{source_kind} {source_id}",
        description=(description or "").strip() or None,
        district=_clip(district, DISTRICT_MAX),
        amount=_amount(amount),
        currency=currency or contracting.default_currency(municipality),
        status=Status.PLANNED,
        progress=0,
    )
    try:
        with db.session.begin_nested():
            db.session.add(result)
    except IntegrityError:
        # Another transaction created it first: the outcome is the same result.
        logger.info("follow-up of %s %s already existed", source_kind, source_id)
        existing = result_of(municipality, source_kind, source_id)
        if existing is None:  # pragma: no cover - the constraint names this very row
            raise
        return existing
    audit.record("followup.create_result", actor=actor, municipality=municipality,
                 target=result, source_kind=source_kind, source_id=source_id)  # fmt: skip
    _inherit_followers(result)
    return result


def _inherit_followers(result: Result) -> None:
    # Whoever follows the decision (the proposal's author, its supporters who follow it) wants
    # to hear how it is carried out.
    found = source_of(result)
    if found is None or notifications.followable_kind(found[1]) is None:
        return
    from participa.accounts.models import User

    ids = notifications.follower_ids(found[1])
    for user in db.session.scalars(select(User).where(User.id.in_(ids))) if ids else []:
        notifications.follow(user, result)


def _clip(text: str | None, limit: int) -> str | None:
    text = " ".join((text or "").split())
    return text[:limit] or None


def _amount(value: Decimal | int | None) -> Decimal | None:
    if value is None:
        return None
    amount = Decimal(value)
    if not amount.is_finite() or not 0 <= amount <= MAX_DECIMAL:
        raise FieldError(_("The amount must be a positive number."), "amount")
    return amount


# Updating -----------------------------------------------------------------------------------


def update_result(
    result: Result, *, actor: User | None, status: str, progress: int, note: str | None = None
) -> ResultUpdate:
    """Publish a dated update (status, progress, note) kept in the history; followers hear."""
    note = (note or "").strip() or None
    if status not in STATUSES:
        raise FieldError(_("Choose one of the statuses."), "status")
    if not isinstance(progress, int) or not 0 <= progress <= 100:
        raise FieldError(_("The progress is a percentage from 0 to 100."), "progress")
    if status == Status.COMPLETED and progress != 100:
        raise FieldError(_("A completed result is at 100 %."), "progress")
    if note and len(note) > TEXT_MAX:
        raise FieldError(_("The note is too long."), "note")
    if status == result.status and progress == result.progress and not note:
        raise DomainError(_("Change the status or the progress, or write a note."), status=422)
    update = ResultUpdate(
        municipality_id=result.municipality_id, result_id=result.id, status=status,
        progress=progress, previous_status=result.status, previous_progress=result.progress,
        note=note, created_at=utcnow(),
    )  # fmt: skip
    db.session.add(update)
    result.status, result.progress = status, progress
    result.last_update_at = update.created_at
    db.session.flush()
    audit.record_on(
        result,
        "followup.update_result",
        actor=actor,
        status=status,
        progress=progress,
        previous_status=update.previous_status,
        previous_progress=update.previous_progress,
    )
    title = result.title
    _notify(result, actor, lambda: _("“%(title)s”: %(status)s, %(progress)s%% done",
                                     title=title, status=status_label(status),
                                     progress=progress))  # fmt: skip
    return update


def _notify(result: Result, actor: User | None, summary: Callable[[], str]) -> None:
    notifications.notify(
        notifications.follower_ids(result),
        "state_change",
        target=result,
        url=result_path(result),
        summary=summary,
        actor_id=getattr(actor, "id", None),
        municipality_id=result.municipality_id,
    )


def history(result: Result) -> list[ResultUpdate]:
    """The result's updates, newest first."""
    return list(db.session.scalars(
        select(ResultUpdate).where(ResultUpdate.result_id == result.id)
        .order_by(ResultUpdate.created_at.desc(), ResultUpdate.id.desc())
    ))  # fmt: skip


@dataclass
class Details:
    title: str
    description: str | None = None
    district: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    amount: Decimal | None = None


EDITABLE = ("title", "description", "district", "start_date", "end_date", "amount")


def edit_result(result: Result, *, actor: User, details: Details) -> Result:
    """Change the details of a result (title, description, district, dates, amount)."""
    title = _clip(details.title, TITLE_MAX)
    if not title:
        raise FieldError(_("Write the title."), "title")
    if details.description and len(details.description) > TEXT_MAX:
        raise FieldError(_("The description is too long."), "description")
    if details.start_date and details.end_date and details.end_date < details.start_date:
        raise FieldError(_("The end date cannot be before the start date."), "end_date")
    values = {
        "title": title,
        "description": (details.description or "").strip() or None,
        "district": _clip(details.district, DISTRICT_MAX),
        "start_date": details.start_date,
        "end_date": details.end_date,
        "amount": _amount(details.amount),
    }
    changed = sorted(name for name, value in values.items() if getattr(result, name) != value)
    for name in changed:
        setattr(result, name, values[name])
    db.session.flush()
    audit.record_on(result, "followup.edit_result", actor=actor, changed=changed)
    return result


# Milestones ---------------------------------------------------------------------------------


def milestones_of(result: Result) -> list[Milestone]:
    """The result's milestones by due date (undated last)."""
    return list(db.session.scalars(
        select(Milestone).where(Milestone.result_id == result.id)
        .order_by(Milestone.due_date.is_(None), Milestone.due_date, Milestone.id)
    ))  # fmt: skip


def _milestone_fields(
    result: Result, title: str | None, due_date: date | None, done_date: date | None
) -> dict[str, Any]:
    title = _clip(title, MILESTONE_TITLE_MAX)
    if not title:
        raise FieldError(_("Write the milestone's title."), "title")
    today = datetime.now(ZoneInfo(result.municipality.timezone)).date()
    if done_date is not None and done_date > today:
        raise FieldError(_("A milestone cannot be done in the future."), "done_date")
    return {"title": title, "due_date": due_date, "done_date": done_date}


def add_milestone(
    result: Result, *, actor: User, title: str, due_date: date | None = None,
    done_date: date | None = None,
) -> Milestone:  # fmt: skip
    """Add a milestone to a result."""
    milestone = Milestone(municipality_id=result.municipality_id, result_id=result.id,
                          **_milestone_fields(result, title, due_date, done_date))  # fmt: skip
    db.session.add(milestone)
    db.session.flush()
    audit.record_on(result, "followup.add_milestone", actor=actor, milestone=milestone.title)
    if milestone.done_date is not None:
        _milestone_done(result, milestone, actor)
    return milestone


def edit_milestone(
    result: Result, milestone: Milestone, *, actor: User, title: str,
    due_date: date | None = None, done_date: date | None = None,
) -> Milestone:  # fmt: skip
    """Change a milestone; marking it done tells the result's followers."""
    fields = _milestone_fields(result, title, due_date, done_date)
    newly_done = milestone.done_date is None and fields["done_date"] is not None
    for name, value in fields.items():
        setattr(milestone, name, value)
    db.session.flush()
    audit.record_on(result, "followup.edit_milestone", actor=actor, milestone=milestone.title)
    if newly_done:
        _milestone_done(result, milestone, actor)
    return milestone


def delete_milestone(result: Result, milestone: Milestone, *, actor: User) -> None:
    """Remove a milestone from a result."""
    audit.record_on(result, "followup.delete_milestone", actor=actor, milestone=milestone.title)
    db.session.delete(milestone)
    db.session.flush()


def _milestone_done(result: Result, milestone: Milestone, actor: User) -> None:
    result.last_update_at = utcnow()
    title, step = result.title, milestone.title
    _notify(result, actor, lambda: _("“%(title)s”: milestone reached: %(milestone)s",
                                     title=title, milestone=step))  # fmt: skip
