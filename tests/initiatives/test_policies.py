"""Who may see, start, review, sign and answer initiatives and set their rules (a table)."""

from __future__ import annotations

import pytest

from participa.core.authz import can, forget_roles
from tests.actors import ACTORS, make_actors
from tests.initiatives.support import make_initiative, make_rules

EVERYONE = set(ACTORS)
# With an initiative, its author (a citizen without a role) is one more actor.
ALL = EVERYONE | {"author"}
CONFIRMED = EVERYONE - {"anonymous", "unconfirmed"}
STAFF = {"admin", "platform_admin"}
# Verified residents of the member (platform admins hold every role).
RESIDENTS = {"resident", "platform_admin"}


def _member(actors, municipality, **_):
    return municipality


TABLE = [
    # action, state of the initiative (None: the member itself), rules enabled, allowed
    ("initiatives.create", None, True, CONFIRMED),
    ("initiatives.create", None, False, set()),
    ("initiatives.configure", None, True, STAFF),
    ("initiatives.manage", None, True, STAFF),
    ("initiatives.view", "collecting", True, ALL),
    ("initiatives.view", "answered", True, ALL),
    ("initiatives.view", "expired", True, ALL),
    ("initiatives.view", "review", True, STAFF | {"author"}),
    ("initiatives.view", "rejected", True, STAFF | {"author"}),
    ("initiatives.review", "review", True, STAFF),
    ("initiatives.review", "collecting", True, set()),
    ("initiatives.sign", "collecting", True, RESIDENTS),
    ("initiatives.sign", "reached", True, RESIDENTS),
    ("initiatives.sign", "answered", True, set()),
    ("initiatives.sign", "review", True, set()),
    ("initiatives.sign", "past_deadline", True, set()),
    ("initiatives.signing_open", "collecting", True, ALL),
    ("initiatives.signing_open", "past_deadline", True, set()),
    ("initiatives.answer", "reached", True, STAFF),
    ("initiatives.answer", "collecting", True, set()),
    ("initiatives.answer", "answered", True, set()),
]


@pytest.mark.parametrize(("action", "state", "enabled", "allowed"), TABLE)
def test_allowed(app, municipality, other_municipality, action, state, enabled, allowed):
    actors = make_actors(municipality, other_municipality)
    make_rules(municipality, enabled=enabled)
    if state is None:
        target = municipality
    else:
        actors["author"] = author = make_actors(municipality, other_municipality, ["citizen"])[
            "citizen"
        ]
        if state == "past_deadline":
            target = make_initiative(municipality, "collecting", author=author, ends_in_days=-1)
        else:
            target = make_initiative(municipality, state, author=author)
    forget_roles()
    assert {name for name, user in actors.items() if can(user, action, target)} == allowed


def test_another_members_initiative_is_not_staff_business(app, municipality, other_municipality):
    actors = make_actors(municipality, other_municipality, ["other_admin"])
    make_rules(other_municipality)
    initiative = make_initiative(other_municipality, "reached")
    assert can(actors["other_admin"], "initiatives.answer", initiative)
    mine = make_initiative(municipality, "reached")
    assert not can(actors["other_admin"], "initiatives.answer", mine)
    assert not can(actors["other_admin"], "initiatives.sign", mine)
