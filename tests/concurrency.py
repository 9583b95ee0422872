"""Real parallel requests for the concurrency tests: threads, each with its own client (and so
its own database connection), started together at a barrier."""

from __future__ import annotations

import threading

import pytest

from participa.extensions import db
from participa.voting.models import BoxBallot, BoxReceipt, BoxVoter
from tests.rows import count_rows


@pytest.fixture(autouse=True)
def _file_database(app):
    """Skip on an in-memory database: parallel requests need a database file or server."""
    if app.config["SQLALCHEMY_DATABASE_URI"] in ("sqlite://", "sqlite:///:memory:"):
        pytest.skip("parallel requests need a database file or server")


def post_in_parallel(app, jobs: list[tuple[str, str, dict]], batch: int = 25) -> list[int]:
    """POST each ``(login id, path, form)`` at once, ``batch`` threads at a time; the statuses."""
    statuses = [0] * len(jobs)

    def run(index: int, barrier: threading.Barrier) -> None:
        login_id, path, data = jobs[index]
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = login_id
            session["_fresh"] = True
        barrier.wait()
        statuses[index] = client.post(path, data=data).status_code

    for start in range(0, len(jobs), batch):
        indices = range(start, min(start + batch, len(jobs)))
        barrier = threading.Barrier(len(indices))
        threads = [threading.Thread(target=run, args=(i, barrier)) for i in indices]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    return statuses


def ballots_in_boxes() -> int:
    """How many ballots the boxes hold, checking that each has its voter and its receipt."""
    voters, ballots, receipts = (count_rows(m) for m in (BoxVoter, BoxBallot, BoxReceipt))
    assert voters == ballots == receipts, (voters, ballots, receipts)
    return ballots


def every_ballot_counted(app, jobs: list[tuple[str, str, dict]]) -> None:
    """Post each person's ballot at once, the test holding no connection meanwhile: every post
    lands (a redirect) and leaves its own ballot in a box."""
    db.session.close()
    statuses = post_in_parallel(app, jobs)
    assert statuses == [302] * len(jobs)
    assert ballots_in_boxes() == len(jobs)


def racing_the_close(
    app, votes: list[tuple[str, str, dict]], close: tuple[str, str, dict]
) -> list[int]:
    """Post ``votes`` at once with staff's ``close`` among them, halfway, the test holding no
    connection meanwhile: the close lands (a redirect); the votes' statuses."""
    half = len(votes) // 2
    db.session.close()
    statuses = post_in_parallel(app, [*votes[:half], close, *votes[half:]])
    assert statuses.pop(half) == 302
    return statuses


def one_ballot_kept(app, jobs: list[tuple[str, str, dict]]) -> None:
    """Post one person's ballots at once, the test holding no connection meanwhile: every post
    lands (a replacement) or is told to try again; the boxes keep one ballot."""
    db.session.close()
    statuses = post_in_parallel(app, jobs)
    assert set(statuses) <= {302, 409} and 302 in statuses
    assert ballots_in_boxes() == 1
