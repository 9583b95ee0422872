"""Who may submit and support proposals, by phase and participation rule (a table)."""

from __future__ import annotations

import pytest

from participa.core.authz import can
from participa.db import utcnow
from participa.extensions import db
from tests.actors import make_actors
from tests.consultations.helpers import add_supports, make_consultation, make_proposal

ACTORS = ["anonymous", "unconfirmed", "citizen", "resident", "admin", "other_admin"]
REGISTERED = {"citizen", "resident", "admin", "other_admin"}
VERIFIED = {"resident"}

TABLE = [
    # action, phase, participation, allowed
    ("proposals.create", "proposals", "registered", REGISTERED),
    ("proposals.create", "proposals", "verified", VERIFIED),
    ("proposals.create", "supports", "registered", set()),
    ("proposals.create", "information", "registered", set()),
    ("proposals.support", "supports", "registered", REGISTERED),
    ("proposals.support", "supports", "verified", VERIFIED),
    ("proposals.support", "proposals", "registered", set()),
    ("proposals.support", "closed", "registered", set()),
    ("proposals.participate", "information", "verified", VERIFIED),
    # Open to supports whoever asks: anonymous visitors get a button that signs them in.
    ("proposals.supports_open", "supports", "verified", set(ACTORS)),
    ("proposals.supports_open", "proposals", "registered", set()),
    ("proposals.supports_open", "closed", "registered", set()),
]


@pytest.fixture
def actors(municipality, other_municipality):
    return make_actors(municipality, other_municipality, ACTORS)


@pytest.mark.parametrize(("action", "phase", "participation", "allowed"), TABLE)
def test_participation_table(app, municipality, actors, action, phase, participation, allowed):
    consultation = make_consultation(municipality, phase=phase, participation=participation)
    on_proposal = action in ("proposals.support", "proposals.supports_open")
    target = make_proposal(consultation) if on_proposal else consultation
    with app.test_request_context():
        granted = {name for name, actor in actors.items() if can(actor, action, target)}
    assert granted == allowed


@pytest.mark.parametrize(
    ("phase", "participation", "status", "allowed"),
    [
        ("supports", "registered", "published", REGISTERED),
        ("supports", "verified", "published", VERIFIED),
        ("proposals", "registered", "published", set()),
        ("closed", "registered", "published", set()),
        ("supports", "registered", "draft", set()),
    ],
)
def test_supporting_in_a_consultation_table(
    app, municipality, actors, phase, participation, status, allowed
):
    # "proposals.support" on a consultation: may support its proposals now (the "N more" lines).
    consultation = make_consultation(
        municipality, phase=phase, participation=participation, status=status
    )
    with app.test_request_context():
        granted = {n for n, a in actors.items() if can(a, "proposals.support", consultation)}
    assert granted == allowed


def test_author_and_staff_actions(app, municipality, actors):
    consultation = make_consultation(municipality, phase="supports")
    author = actors["resident"]
    proposal = make_proposal(consultation, author)
    with app.test_request_context():
        assert can(author, "proposals.edit", proposal)
        assert can(author, "proposals.withdraw", proposal)
        assert not can(actors["citizen"], "proposals.edit", proposal)
        assert can(actors["admin"], "proposals.answer", proposal)
        assert can(actors["admin"], "proposals.merge", proposal)
        assert not can(actors["other_admin"], "proposals.answer", proposal)
        assert not can(author, "proposals.answer", proposal)
    add_supports(proposal, [actors["citizen"]])
    with app.test_request_context():
        assert not can(author, "proposals.edit", proposal)


def test_hidden_proposals_are_visible_to_staff_only(app, municipality, actors):
    proposal = make_proposal(make_consultation(municipality))
    proposal.hidden_at = utcnow()
    db.session.commit()
    with app.test_request_context():
        assert not can(actors["citizen"], "proposals.view", proposal)
        assert not can(actors["other_admin"], "proposals.view", proposal)
        assert can(actors["admin"], "proposals.view", proposal)
        assert not can(actors["citizen"], "proposals.support", proposal)
