"""Supports under real parallel requests: threads, each with its own client and connection.

Runs against the session's database file (SQLite in WAL mode with a busy timeout) or the
PostgreSQL server named by DATABASE_URL; the counters must always equal the rows.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from participa.consultations.models import Consultation
from participa.extensions import db
from participa.proposals.models import Proposal, Support
from tests import factories
from tests.consultations.helpers import make_consultation, make_proposal
from tests.rows import count_rows

M = "/m/villa-norte"


@pytest.fixture(autouse=True)
def _file_database(app):
    if app.config["SQLALCHEMY_DATABASE_URI"] in ("sqlite://", "sqlite:///:memory:"):
        pytest.skip("parallel requests need a database file or server")


def _parallel(app, jobs) -> list[int]:
    """Run ``(login id, path)`` POSTs at the same time; return the status codes."""
    barrier = threading.Barrier(len(jobs))
    statuses: list[int] = [0] * len(jobs)
    clients = []
    for login_id, _path in jobs:
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = login_id
            session["_fresh"] = True
        clients.append(client)

    def run(index: int) -> None:
        barrier.wait()
        statuses[index] = clients[index].post(jobs[index][1]).status_code

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def _rows(*where) -> int:
    return count_rows(Support, *where)


def test_many_people_supporting_one_proposal(app, municipality):
    consultation = make_consultation(municipality, phase="supports", support_threshold=10)
    proposal = make_proposal(consultation)
    path = f"{M}/proposals/{proposal.id}/support"
    jobs = [(factories.UserFactory().get_id(), path) for _ in range(16)]
    ids = (proposal.id, consultation.id)
    db.session.close()  # the test holds no connection while requests run
    statuses = _parallel(app, jobs)
    assert statuses == [302] * 16
    proposal = db.session.get(Proposal, ids[0])
    consultation = db.session.get(Consultation, ids[1])
    assert proposal.supports_count == 16 == _rows(Support.proposal_id == proposal.id)
    assert proposal.qualifies
    assert consultation.supports_count == 16 and consultation.participants_count == 16


def test_one_person_racing_past_the_limit(app, municipality):
    consultation = make_consultation(municipality, phase="supports", supports_per_person=3)
    proposals = [make_proposal(consultation) for _ in range(8)]
    person = factories.UserFactory()
    jobs = [(person.get_id(), f"{M}/proposals/{p.id}/support") for p in proposals]
    ids = (person.id, consultation.id)
    db.session.close()  # the test holds no connection while requests run
    statuses = _parallel(app, jobs)
    assert sorted(statuses) == [302] * 3 + [409] * 5
    assert _rows(Support.user_id == ids[0]) == 3
    counts = db.session.scalars(select(Proposal.supports_count)).all()
    assert sum(counts) == 3
    assert db.session.get(Consultation, ids[1]).supports_count == 3


def test_one_person_double_posting(app, municipality):
    consultation = make_consultation(municipality, phase="supports")
    proposal = make_proposal(consultation)
    jobs = [(factories.UserFactory().get_id(), f"{M}/proposals/{proposal.id}/support")] * 6
    proposal_id = proposal.id
    db.session.close()  # the test holds no connection while requests run
    statuses = _parallel(app, jobs)
    assert sorted(statuses) == [302] + [409] * 5
    assert db.session.get(Proposal, proposal_id).supports_count == 1 == _rows()
