"""Ballots under real parallel requests: 200 voters at once, one person posting many times,
and voting racing the close. Each request has its own client and database connection.

Runs against the session's database file (SQLite in WAL mode) or the PostgreSQL server of
DATABASE_URL; the totals must always equal the voters.
"""

from __future__ import annotations

from collections import Counter

from participa.accounts.models import User
from participa.extensions import db
from participa.voting import box as boxes
from participa.voting.models import Ballot, BoxBallot
from tests import factories
from tests.concurrency import (
    _file_database,  # noqa: F401 - a fixture
    ballots_in_boxes,
    every_ballot_counted,
    one_ballot_kept,
    racing_the_close,
)
from tests.rows import count_rows
from tests.voting.helpers import make_ballot

M = "/m/villa-norte"


def test_two_hundred_voters_at_once(app, municipality):
    ballot = make_ballot(municipality)
    question = ballot.questions[0]
    options = [o.id for o in question.options]
    path = f"{M}/ballots/{ballot.id}/vote"
    people = [factories.UserFactory() for _ in range(200)]
    choice = {p.id: options[n % 3] for n, p in enumerate(people)}
    jobs = [(p.get_id(), path, {f"q{question.id}": str(choice[p.id])}) for p in people]
    staff_id = factories.member(municipality, "admin").id
    ballot_id = ballot.id
    every_ballot_counted(app, jobs)
    from participa.voting import services

    ballot = db.session.get(Ballot, ballot_id)
    services.close_ballot(ballot, actor=db.session.get(User, staff_id))
    db.session.commit()
    expected = Counter(str(o) for o in choice.values())
    assert ballot.results["questions"][str(question.id)]["counts"] == dict(expected)
    assert ballot.results["ballots"] == 200 == len(boxes.receipts(ballot.box))


def test_one_person_posting_many_times_keeps_one_ballot(app, municipality):
    ballot = make_ballot(municipality)
    question = ballot.questions[0]
    person = factories.UserFactory()
    path = f"{M}/ballots/{ballot.id}/vote"
    jobs = [(person.get_id(), path, {f"q{question.id}": str(question.options[n % 3].id)})
            for n in range(12)]  # fmt: skip
    # Every post lands (a replacement) or is told to try again; never a second ballot.
    one_ballot_kept(app, jobs)


def test_votes_racing_the_close_are_counted_or_refused(app, municipality):
    ballot = make_ballot(municipality)
    question = ballot.questions[0]
    staff = factories.member(municipality, "admin")
    people = [factories.UserFactory() for _ in range(24)]
    votes = [(p.get_id(), f"{M}/ballots/{ballot.id}/vote",
              {f"q{question.id}": str(question.options[0].id)}) for p in people]  # fmt: skip
    close = (staff.get_id(), f"{M}/ballots/{ballot.id}/close", {})
    ballot_id = ballot.id
    statuses = racing_the_close(app, votes, close)
    ballot = db.session.get(Ballot, ballot_id)
    counted = ballot.results["ballots"]
    # Whatever got in before the seal is counted; nothing slipped in after it.
    assert counted == ballots_in_boxes()
    assert counted == statuses.count(302)
    assert count_rows(BoxBallot) == count_rows(BoxBallot, BoxBallot.link.is_(None))
