"""Write requests on the embedded SQLite wait for each other instead of failing.

Two processes (each with threads) post ballots and supports at once on the suite's database
file: every request must land. A request takes SQLite's write lock with BEGIN IMMEDIATE at its
first write or savepoint, so it waits (busy_timeout) instead of finding its snapshot stale.
"""

from __future__ import annotations

import multiprocessing
import os
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from participa.extensions import db
from participa.municipalities.models import Municipality
from participa.proposals.models import Support
from tests import factories
from tests.concurrency import ballots_in_boxes, post_in_parallel
from tests.consultations.helpers import make_consultation, make_proposal
from tests.rows import count_rows
from tests.voting.helpers import make_ballot

M = "/m/villa-norte"


@pytest.fixture(autouse=True)
def _sqlite_file(app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite:///") or url == "sqlite:///:memory:":
        pytest.skip("about the embedded SQLite database file")


def _post_from_child(app, jobs, queue) -> None:
    try:
        with app.app_context():
            db.engine.dispose(close=False)  # the parent's connections stay the parent's
        queue.put(post_in_parallel(app, jobs, batch=8))
    except BaseException as exc:
        queue.put([repr(exc)])
    finally:
        queue.close()
        queue.join_thread()  # the answer is sent before the child ends
        os._exit(0)


def test_ballots_and_supports_from_two_processes_all_land(app, municipality):
    ballot = make_ballot(municipality)
    question = ballot.questions[0]
    consultation = make_consultation(municipality, phase="supports")
    proposals = [make_proposal(consultation) for _ in range(3)]
    people = [factories.UserFactory() for _ in range(24)]
    jobs = []
    for n, person in enumerate(people):
        jobs.append((person.get_id(), f"{M}/ballots/{ballot.id}/vote",
                     {f"q{question.id}": str(question.options[n % 3].id)}))  # fmt: skip
        jobs.append((person.get_id(), f"{M}/proposals/{proposals[n % 3].id}/support", {}))
    db.session.close()  # the test holds no connection while requests run
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    children = [
        context.Process(target=_post_from_child, args=(app, jobs[i::2], queue)) for i in range(2)
    ]
    for child in children:
        child.start()
    statuses = [status for _ in children for status in queue.get(timeout=300)]
    for child in children:
        child.join(timeout=60)
    assert statuses == [302] * len(jobs)
    assert ballots_in_boxes() == len(people)
    assert count_rows(Support) == len(people)


def test_a_savepoint_that_read_then_writes_waits_for_the_other_writer(app):
    """The ballot's shape: a savepoint, a read, another writer commits, then the write."""
    engine = db.engine
    outcome: list[str] = []

    def other_writer() -> None:
        with Session(engine) as session:
            session.add(Municipality(slug="otra", name="Otra", country="AR"))
            session.commit()
            outcome.append("committed")

    db.session.close()
    with app.test_request_context("/", method="POST"):
        with db.session.begin_nested():
            db.session.scalar(select(func.count()).select_from(Municipality))
            thread = threading.Thread(target=other_writer)
            thread.start()
            # The savepoint holds the write lock: the other writer waits for our commit.
            thread.join(timeout=1)
            assert outcome == []
            db.session.add(Municipality(slug="nuestra", name="Nuestra", country="AR"))
            db.session.flush()
        db.session.commit()
    thread.join(timeout=30)
    assert outcome == ["committed"]
    assert count_rows(Municipality) == 2
