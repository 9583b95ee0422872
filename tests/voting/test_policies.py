"""Who may vote, prepare, open, close, enter paper totals and keep the desk (role x action)."""

from __future__ import annotations

import pytest

from participa.core.authz import can
from tests.actors import make_actors
from tests.voting.helpers import make_ballot

ACTORS = ["anonymous", "unconfirmed", "citizen", "resident", "moderator", "admin", "other_admin"]
REGISTERED = {"citizen", "resident", "moderator", "admin", "other_admin"}
STAFF = {"admin"}
EVERYONE = set(ACTORS)

TABLE = [
    # action, ballot status, participation, consultation phase now, allowed
    ("voting.vote", "open", "registered", "voting", REGISTERED),
    ("voting.vote", "open", "verified", "voting", {"resident"}),
    ("voting.vote", "open", "registered", "supports", set()),  # not the voting phase
    ("voting.vote", "draft", "registered", "voting", set()),
    ("voting.vote", "closed", "registered", "voting", set()),
    ("voting.view", "open", "registered", "voting", EVERYONE),
    ("voting.view", "draft", "registered", "voting", STAFF),
    ("voting.view", "closed", "registered", "results", EVERYONE),
    ("voting.create", "draft", "registered", "voting", STAFF),
    ("voting.edit", "draft", "registered", "voting", STAFF),
    ("voting.edit", "open", "registered", "voting", STAFF),
    ("voting.edit", "closed", "registered", "voting", set()),
    ("voting.edit_questions", "draft", "registered", "voting", STAFF),
    ("voting.edit_questions", "open", "registered", "voting", set()),
    ("voting.open", "draft", "registered", "voting", STAFF),
    ("voting.open", "open", "registered", "voting", set()),
    ("voting.close", "open", "registered", "voting", STAFF),
    ("voting.close", "closed", "registered", "voting", set()),
    ("voting.enter_paper", "draft", "registered", "voting", set()),
    ("voting.enter_paper", "open", "registered", "voting", STAFF),
    ("voting.enter_paper", "closed", "registered", "voting", STAFF),
    ("voting.record_in_person", "open", "registered", "voting", STAFF),
    ("voting.record_in_person", "open", "registered", "supports", set()),
    ("voting.record_in_person", "closed", "registered", "voting", set()),
]


@pytest.fixture
def actors(municipality, other_municipality):
    return make_actors(municipality, other_municipality, ACTORS)


@pytest.mark.parametrize(("action", "status", "participation", "phase", "allowed"), TABLE)
def test_voting_table(app, municipality, actors, action, status, participation, phase, allowed):
    ballot = make_ballot(
        municipality, status=status, participation=participation, phase=phase,
        staff=actors["admin"],
    )  # fmt: skip
    target = ballot.consultation if action == "voting.create" else ballot
    with app.test_request_context():
        granted = {name for name, actor in actors.items() if can(actor, action, target)}
    assert granted == allowed
