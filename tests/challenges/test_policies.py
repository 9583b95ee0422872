"""Who may see, run, submit to and evaluate challenges: role x action, with another member's
staff, residents and anonymous visitors, in each state of a challenge."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participa.core.authz import can, forget_roles
from participa.db import utcnow
from participa.extensions import db
from tests.actors import ACTORS, AD, AN, CI, MO, OA, PA, RE, UN, make_actors
from tests.challenges.helpers import make_challenge, make_solution

EVERYONE = set(ACTORS)
CONFIRMED = EVERYONE - {AN, UN}
STAFF = {AD, PA}
AUTHOR = "author"


@pytest.fixture
def actors(municipality, other_municipality):
    found = make_actors(municipality, other_municipality)
    from tests import factories

    found[AUTHOR] = factories.UserFactory(display_name="Author")
    return found


def _draft(app, m, o, a):
    return make_challenge(app, m, a[AD], state="draft")


def _open(app, m, o, a):
    return make_challenge(app, m, a[AD])


def _past_deadline(app, m, o, a):
    challenge = make_challenge(app, m, a[AD])
    challenge.closes_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    return challenge


def _evaluating(app, m, o, a):
    return make_challenge(app, m, a[AD], state="evaluating")


def _closed(app, m, o, a):
    return make_challenge(app, m, a[AD], state="closed")


def _other_members(app, m, o, a):
    return make_challenge(app, o, a[OA])


def _member(app, m, o, a):
    return m


def _solution(app, m, o, a):
    return make_solution(app, _open(app, m, o, a), a[AUTHOR])


def _late_solution(app, m, o, a):
    solution = _solution(app, m, o, a)
    solution.challenge.closes_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    return solution


def _hidden_solution(app, m, o, a):
    solution = _solution(app, m, o, a)
    solution.hidden_at = utcnow()
    db.session.commit()
    return solution


def _shortlisted_reported(app, m, o, a, status="shortlisted"):
    from participa.challenges import services
    from tests.challenges.helpers import in_request

    solution = _solution(app, m, o, a)
    in_request(app, m, lambda: services.shortlist_solution(solution, actor=a[AD], status=status))
    in_request(app, m, lambda: services.close_challenge(solution.challenge, actor=a[AD],
                                                        report="Fin."))  # fmt: skip
    return solution


def _submitted_reported(app, m, o, a):
    return _shortlisted_reported(app, m, o, a, status="submitted")


def _partner(app, m, o, a):
    from participa.challenges import services
    from tests.challenges.helpers import in_request

    challenge = _open(app, m, o, a)
    return in_request(app, m, lambda: services.add_partner(challenge, actor=a[AD], name="UNS",
                                                           kind="university"))  # fmt: skip


@pytest.mark.parametrize(
    ("action", "builder", "allowed"),
    [
        # Drafts are invisible to all but the member's staff; published ones to everyone.
        ("challenges.view", _draft, STAFF),
        ("challenges.view", _open, EVERYONE | {AUTHOR}),
        ("challenges.view", _other_members, EVERYONE | {AUTHOR}),
        ("challenges.create", _member, STAFF),
        ("challenges.edit", _draft, STAFF),
        ("challenges.edit", _open, STAFF),
        ("challenges.edit", _closed, set()),
        ("challenges.edit", _other_members, {OA, PA}),
        ("challenges.publish", _draft, STAFF),
        ("challenges.publish", _open, set()),
        ("challenges.start_evaluation", _open, STAFF),
        ("challenges.start_evaluation", _evaluating, set()),
        ("challenges.evaluate", _draft, set()),
        ("challenges.evaluate", _open, STAFF),
        ("challenges.evaluate", _evaluating, STAFF),
        ("challenges.evaluate", _closed, set()),
        ("challenges.evaluate", _other_members, {OA, PA}),
        ("challenges.close", _evaluating, STAFF),
        ("challenges.close", _closed, set()),
        ("challenges.view_solutions", _open, STAFF),
        ("challenges.view_solutions", _other_members, {OA, PA}),
        ("challenges.partners", _draft, STAFF),
        ("challenges.partners", _partner, STAFF),
        ("challenges.partners", _closed, set()),
        # Anyone signed in with a confirmed address, residents or not, while it takes solutions.
        ("challenges.submit", _open, CONFIRMED | {AUTHOR}),
        ("challenges.submit", _other_members, CONFIRMED | {AUTHOR}),
        ("challenges.submit", _past_deadline, set()),
        ("challenges.submit", _evaluating, set()),
        ("challenges.submit", _draft, set()),
        ("challenges.edit_solution", _solution, {AUTHOR}),
        ("challenges.edit_solution", _late_solution, set()),
        ("challenges.edit_solution", _hidden_solution, set()),
        # Solutions are the author's and staff's until the report shortlists them.
        ("challenges.view_solution", _solution, STAFF | {AUTHOR}),
        ("challenges.view_solution", _submitted_reported, STAFF | {AUTHOR}),
        ("challenges.view_solution", _shortlisted_reported, EVERYONE | {AUTHOR}),
        ("challenges.view_solution", _hidden_solution, STAFF | {AUTHOR}),
    ],
)
def test_who_may(app, municipality, other_municipality, actors, action, builder, allowed):
    obj = builder(app, municipality, other_municipality, actors)
    with app.test_request_context():
        forget_roles()
        assert {name for name, user in actors.items() if can(user, action, obj)} == allowed


def test_residents_and_moderators_are_not_staff(app, municipality, other_municipality, actors):
    challenge = _open(app, municipality, other_municipality, actors)
    with app.test_request_context():
        for name in (RE, MO, CI):
            assert not can(actors[name], "challenges.evaluate", challenge)
            assert not can(actors[name], "challenges.edit", challenge)
