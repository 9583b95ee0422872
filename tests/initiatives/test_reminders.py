"""The worker job: expiry, the reminder before an answer is due, the overdue one; once each."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from participa.core import jobs
from participa.db import utcnow
from participa.extensions import db
from participa.initiatives.reminders import remind_due
from participa.notifications.models import Notification
from tests.initiatives.support import make_initiative, make_rules
from tests.rows import count_rows


def _reminders(user) -> list[str]:
    return list(
        db.session.scalars(
            select(Notification.summary).where(Notification.user_id == user.id)
            .order_by(Notification.id)
        )
    )  # fmt: skip


def test_the_job_is_declared_and_periodic(app):
    job = jobs.get("initiatives.remind")
    assert job.every == 3600


def test_expired_initiatives_are_recorded(municipality):
    past = make_initiative(municipality, ends_in_days=-1)
    live = make_initiative(municipality)
    remind_due()
    db.session.commit()
    db.session.refresh(past)
    db.session.refresh(live)
    assert (past.state, live.state) == ("expired", "collecting")


def test_staff_are_reminded_once_before_the_answer_is_due_and_once_when_overdue(
    municipality, staff, other_staff
):
    make_rules(municipality, reminder_days=5)
    staff.locale = "en"  # notifications speak their reader's language
    initiative = make_initiative(municipality, "reached")
    due = utcnow() + timedelta(days=10)
    initiative.answer_due_at = due
    db.session.commit()
    assert remind_due(due - timedelta(days=6)) == 0  # too early
    assert remind_due(due - timedelta(days=4)) == 1
    assert remind_due(due - timedelta(days=3)) == 0  # idempotent: sent already
    db.session.commit()
    assert len(_reminders(staff)) == 1 and "is due in 4 days" in _reminders(staff)[0]
    assert remind_due(due + timedelta(hours=1)) == 1
    assert remind_due(due + timedelta(days=2)) == 0
    db.session.commit()
    assert "overdue" in _reminders(staff)[1] and len(_reminders(staff)) == 2
    assert _reminders(other_staff) == []  # another member's staff hear nothing


def test_answered_initiatives_need_no_reminder(municipality, staff):
    make_rules(municipality)
    make_initiative(municipality, "answered", answer_due_at=utcnow() - timedelta(days=1))
    assert remind_due() == 0
    assert count_rows(Notification) == 0


def test_running_the_job_through_the_queue_api(municipality, staff):
    make_rules(municipality)
    make_initiative(municipality, "reached", answer_due_at=utcnow() - timedelta(days=1))
    jobs.enqueue("initiatives.remind")  # inline without a queue
    jobs.enqueue("initiatives.remind")
    db.session.commit()
    assert len(_reminders(staff)) == 1
