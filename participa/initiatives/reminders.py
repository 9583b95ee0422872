"""The worker's initiative duties: record expired initiatives and remind staff of answers due.

Safe to run twice: each reminder is sent once (its time is recorded under the row lock).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import or_, select, update

from participa.core.jobs import Job
from participa.db import utcnow
from participa.extensions import db
from participa.initiatives.models import Initiative, InitiativeRules, InitiativeState
from participa.initiatives.services import initiative_path, staff_ids
from participa.notifications.services import notify

DEFAULT_REMINDER_DAYS = 7


def expire_due(now: datetime) -> int:
    """Mark as expired the initiatives whose collection ended below the threshold."""
    result = db.session.execute(
        update(Initiative)
        .where(
            Initiative.state == InitiativeState.COLLECTING,
            Initiative.collection_ends_at <= now,
        )
        .values(state=InitiativeState.EXPIRED)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def remind_due(now: datetime | None = None) -> int:
    """Expire what is due, then remind each member's staff, once, of answers due soon and of
    answers overdue; return how many reminders were sent."""
    now = now or utcnow()
    expire_due(now)
    candidates = db.session.execute(
        select(Initiative.id, InitiativeRules.reminder_days)
        .outerjoin(InitiativeRules, InitiativeRules.municipality_id == Initiative.municipality_id)
        .where(
            Initiative.state == InitiativeState.REACHED,
            Initiative.answer_due_at.is_not(None),
            or_(Initiative.reminded_at.is_(None), Initiative.overdue_reminded_at.is_(None)),
        )
        .order_by(Initiative.id)
    ).all()
    sent = 0
    for initiative_id, reminder_days in candidates:
        days = DEFAULT_REMINDER_DAYS if reminder_days is None else reminder_days
        sent += _remind(initiative_id, days, now)
    return sent


def _remind(initiative_id: int, reminder_days: int, now: datetime) -> int:
    # The row lock: a second worker run waits here, then finds the reminder recorded.
    initiative = db.session.scalars(
        # of=: PostgreSQL locks no row of the author's outer join (joined eagerly).
        select(Initiative).where(Initiative.id == initiative_id)
        .with_for_update(of=Initiative).execution_options(populate_existing=True)
    ).one()  # fmt: skip
    due = initiative.answer_due_at
    if initiative.state != InitiativeState.REACHED or due is None:
        return 0
    staff = staff_ids(initiative.municipality_id)
    url = initiative_path(initiative)
    title = initiative.title
    if now >= due and initiative.overdue_reminded_at is None:
        initiative.overdue_reminded_at = now
        initiative.reminded_at = initiative.reminded_at or now
        notify(staff, "state_change", target=initiative, url=url,
               summary=lambda: _("The answer to the initiative “%(title)s” is overdue.",
                                 title=title))  # fmt: skip
        db.session.flush()
        return 1
    if initiative.reminded_at is None and now >= due - timedelta(days=reminder_days):
        initiative.reminded_at = now
        left = max(0, (due - now).days)
        notify(staff, "state_change", target=initiative, url=url,
               summary=lambda: ngettext(
                   "The answer to the initiative “%(title)s” is due in %(count)s day.",
                   "The answer to the initiative “%(title)s” is due in %(count)s days.",
                   left, title=title, count=format_decimal(left)))  # fmt: skip
        db.session.flush()
        return 1
    return 0


def _run() -> None:
    remind_due()


REMIND_JOB = Job("initiatives.remind", _run, every=3600, timeout=600)
