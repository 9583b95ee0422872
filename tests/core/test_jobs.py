"""Background jobs without Redis: declared by manifests, run inline after the commit."""

from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import func, select

from participa.core import jobs
from participa.core.models import AuditEntry, OutboxMessage
from participa.extensions import db
from participa.voting import services as voting
from tests.voting.helpers import due_ballot


def test_the_manifests_declare_the_jobs_and_periodic_ones_take_no_arguments():
    names = {job.name for job in jobs.declared()}
    assert {"mail.deliver", "voting.close_due", "budgets.close_due",
            "notifications.send_digests"} <= names  # fmt: skip
    assert jobs.get("voting.close_due").every and not jobs.get("mail.deliver").every
    assert len(jobs.get("mail.deliver").retry_delays) >= 2
    with pytest.raises(LookupError):
        jobs.enqueue("nobody.declared_this")


def test_a_declared_job_runs_inline_at_call_time_and_twice_changes_nothing(
    municipality, user, staff
):
    ballot = due_ballot(municipality, user, staff)
    assert jobs.queue() is None and not jobs.is_queued()
    jobs.enqueue("voting.close_due")
    db.session.commit()
    db.session.refresh(ballot)
    assert ballot.is_closed and ballot.results["ballots"] == 1
    results = ballot.results
    jobs.enqueue("voting.close_due")
    db.session.commit()
    db.session.refresh(ballot)
    closes = select(func.count()).where(AuditEntry.action == "voting.ballot_closed")
    assert ballot.results == results and db.session.scalar(closes) == 1


def test_the_ballot_page_closes_a_due_ballot_through_the_service(client, municipality, user, staff):
    ballot = due_ballot(municipality, user, staff)
    assert client.get(f"/m/villa-norte/ballots/{ballot.id}").status_code == 200
    db.session.expire_all()
    assert db.session.get(type(ballot), ballot.id).is_closed
    assert voting.close_due() == 0


def test_mail_from_a_request_is_delivered_inline_after_the_commit(client, user, smtp):
    response = client.post("/account/forgot", data={"email": user.email})
    assert response.status_code == 302
    message = db.session.scalars(select(OutboxMessage)).one()
    assert smtp.sent == [user.email] and message.sent_at is not None and message.error is None


def test_inline_delivery_keeps_a_failed_message_without_an_error_page(client, user, smtp):
    smtp.fail = 1
    assert client.post("/account/forgot", data={"email": user.email}).status_code == 302
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.sent_at is None and "connection refused" in message.error
    # Delivering it again (what a retry does) sends it once, and then never again.
    jobs.enqueue("mail.deliver", message_id=message.id)
    jobs.enqueue("mail.deliver", message_id=message.id)
    db.session.commit()
    assert smtp.sent == [user.email] and message.sent_at is not None


def test_a_job_queued_in_a_request_waits_for_the_commit_and_a_rollback_drops_it(app):
    with app.test_request_context("/"):
        db.session.execute(select(1))  # a transaction is open
        jobs.enqueue("voting.close_due")
        assert not g.get(jobs._READY)
        db.session.rollback()
        assert not g.get(jobs._READY)
        db.session.execute(select(1))
        jobs.enqueue("voting.close_due")
        db.session.commit()
        assert [name for name, _ in g.get(jobs._READY)] == ["voting.close_due"]
        g.pop(jobs._READY)


def test_the_worker_command_without_redis_says_how_and_runs_periodic_jobs_once(
    app, municipality, user, staff
):
    ballot = due_ballot(municipality, user, staff)
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["worker"])
    assert refused.exit_code != 0 and "REDIS_URL" in refused.output
    once = runner.invoke(args=["worker", "--once"])
    assert once.exit_code == 0 and "ran voting.close_due" in once.output
    db.session.expire_all()
    assert db.session.get(type(ballot), ballot.id).is_closed
