"""Who may create, manage, see, register for events and record officials (role x action)."""

from __future__ import annotations

import pytest

from participa.core.authz import can
from tests.actors import ACTORS
from tests.events.helpers import make_event, past_event

EVERYONE = set(ACTORS)
CONFIRMED = EVERYONE - {"anonymous", "unconfirmed"}
STAFF = {"admin", "platform_admin"}
PLATFORM = {"platform_admin"}

# action, whose event ("member" or "network"), its state, who may
TABLE = [
    ("events.create", "member", None, STAFF),
    ("events.create", "network", None, PLATFORM),
    ("events.manage", "member", "published", STAFF),
    ("events.manage", "network", "published", PLATFORM),
    ("events.view", "member", "published", EVERYONE),
    ("events.view", "member", "draft", STAFF),
    ("events.view", "network", "draft", PLATFORM),
    ("events.register", "member", "published", CONFIRMED),
    ("events.register", "network", "published", CONFIRMED),
    ("events.register", "member", "draft", set()),
    ("events.register", "member", "closed", set()),
    ("events.register", "member", "past", set()),
    ("events.record_officials", "network", "training", PLATFORM),
    ("events.record_officials", "member", "training", STAFF),
    ("events.record_officials", "member", "past", set()),  # a meeting, not a training
]  # fmt: skip


def _target(whose, state, municipality):
    member = municipality if whose == "member" else None
    if state is None:
        return member
    if state == "draft":
        return make_event(member, publish=False)
    if state == "closed":
        return make_event(member, registration_open=False)
    if state == "past":
        return past_event(member, registration_open=True)
    if state == "training":
        return past_event(member, kind="training")
    return make_event(member)


@pytest.mark.parametrize(("action", "whose", "state", "allowed"), TABLE)
def test_event_table(app, municipality, actors, action, whose, state, allowed):
    target = _target(whose, state, municipality)
    with app.test_request_context():
        granted = {name for name, actor in actors.items() if can(actor, action, target)}
    assert granted == allowed
