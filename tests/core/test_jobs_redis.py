"""Background jobs on a real Redis: queued after the commit, run by an RQ burst worker.

Skipped without REDIS_URL; required (failing, not skipped) with PARTICIPA_REQUIRE_REDIS=1, as
.ci/run sets in its PostgreSQL part.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participa.core import jobs
from participa.core.models import AuditEntry, OutboxMessage
from participa.extensions import db
from participa.voting.models import Ballot
from tests.core.test_jobs import due_ballot


@pytest.fixture
def ctx(redis_app):
    with redis_app.app_context():
        yield redis_app


def _closes() -> int:
    query = select(func.count()).where(AuditEntry.action == "voting.ballot_closed")
    return db.session.scalar(query)


def test_the_view_returns_before_the_mail_job_and_the_worker_retries_a_failed_server(
    ctx, user, smtp, monkeypatch
):
    monkeypatch.setitem(ctx.config, "MAIL_SERVER", "smtp.example.org")
    # Retry at once rather than after minutes, so one burst worker sees every attempt.
    monkeypatch.setitem(ctx.config, "JOBS_RETRY_DELAYS", {"mail.deliver": (0, 0)})
    smtp.fail = 1
    response = ctx.test_client().post("/account/forgot", data={"email": user.email})
    assert response.status_code == 302
    message = db.session.scalars(select(OutboxMessage)).one()
    # The response left before anything tried the mail server: the job waits in Redis.
    assert message.sent_at is None and message.error is None and smtp.sent == []
    assert jobs.queue_length() == 1
    jobs.work(ctx, burst=True)
    db.session.expire_all()
    message = db.session.get(OutboxMessage, message.id)
    assert smtp.fail == 0 and smtp.sent == [user.email]  # failed once, then delivered
    assert message.sent_at is not None and jobs.queue_length() == 0
    assert jobs.failed_count() == 0
    # Delivered already: running the job again sends nothing more.
    jobs.enqueue("mail.deliver", message_id=message.id)
    jobs.work(ctx, burst=True)
    assert smtp.sent == [user.email]


def test_a_mail_server_down_for_good_leaves_the_job_failed_and_the_message_kept(
    ctx, user, smtp, monkeypatch
):
    monkeypatch.setitem(ctx.config, "MAIL_SERVER", "smtp.example.org")
    monkeypatch.setitem(ctx.config, "JOBS_RETRY_DELAYS", {"mail.deliver": (0,)})
    smtp.fail = 10
    assert ctx.test_client().post("/account/forgot", data={"email": user.email}).status_code == 302
    jobs.work(ctx, burst=True)
    message = db.session.scalars(select(OutboxMessage)).one()
    assert smtp.fail == 8  # the first attempt and one retry
    assert message.sent_at is None and "connection refused" in message.error
    assert jobs.failed_count() == 1


def test_the_worker_closes_a_due_ballot_once_however_often_the_job_runs(
    ctx, municipality, user, staff
):
    ballot = due_ballot(municipality, user, staff)
    jobs.enqueue("voting.close_due")
    jobs.enqueue("voting.close_due")
    assert jobs.queue_length() == 2
    db.session.expire_all()
    assert not db.session.get(Ballot, ballot.id).is_closed  # queued, not run
    jobs.work(ctx, burst=True)
    db.session.expire_all()
    closed = db.session.get(Ballot, ballot.id)
    assert closed.is_closed and closed.results["ballots"] == 1 and _closes() == 1


def test_periodic_jobs_are_queued_once_per_interval_across_workers(ctx):
    first = jobs.schedule_periodic(ctx)
    assert {"voting.close_due", "budgets.close_due", "notifications.send_digests"} <= set(first)
    assert jobs.schedule_periodic(ctx) == []  # another worker's tick, within the interval
    assert jobs.queue_length() == len(first)
    jobs.work(ctx, burst=True)
    assert jobs.queue_length() == 0 and jobs.failed_count() == 0


def test_a_job_queued_in_a_transaction_that_rolls_back_never_reaches_redis(ctx):
    db.session.execute(select(1))
    jobs.enqueue("voting.close_due")
    assert jobs.queue_length() == 0
    db.session.rollback()
    db.session.execute(select(1))
    db.session.commit()
    assert jobs.queue_length() == 0
    db.session.execute(select(1))
    jobs.enqueue("voting.close_due")
    db.session.commit()
    assert jobs.queue_length() == 1


def test_queue_helpers_for_readiness_and_metrics(ctx, app):
    assert jobs.redis_client().ping() is True
    assert jobs.queue_length() == 0 and jobs.failed_count() == 0
    with app.app_context():
        assert jobs.redis_client() is None and jobs.queue_length() is None


def test_a_unique_job_waits_in_the_queue_once(ctx):
    assert jobs.get("legislation.refresh_consensus").unique
    jobs.enqueue("legislation.refresh_consensus", version_id=7)
    jobs.enqueue("legislation.refresh_consensus", version_id=7)
    jobs.enqueue("legislation.refresh_consensus", version_id=8)
    assert jobs.queue_length() == 2


def test_a_page_read_queues_the_recomputation_it_asks_for(ctx, municipality, monkeypatch):
    # A report whose votes changed is answered with the last groups at once, and asks the worker
    # to recompute them: the page only read, so its transaction commits and the job leaves.
    from participa.legislation import consensus
    from tests.legislation.support import make_draft

    monkeypatch.setitem(ctx.config, "CONSENSUS_CACHE_SECONDS", 60)
    draft = make_draft(municipality, status="closed")
    db.session.commit()
    url = f"/m/{municipality.slug}/legislation/{draft.id}/report"
    client = ctx.test_client()
    assert client.get(url).status_code == 200  # computed and kept
    assert jobs.queue_length() == 0
    monkeypatch.setattr(consensus, "_fingerprint", lambda version_id: "votes changed")
    assert client.get(url).status_code == 200  # the last groups, at once
    assert jobs.queue_length() == 1
