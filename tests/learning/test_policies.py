"""Who may do what in the learning space: actors by actions, on exchanges in each state."""

from __future__ import annotations

import pytest

from participa.core.authz import can
from tests import factories
from tests.learning.helpers import make_exchange

ACTORS = ("anonymous", "citizen", "resident", "staff_here", "staff_participant",
          "staff_elsewhere", "staff_invited", "platform_admin")  # fmt: skip


@pytest.fixture
def world(municipality, other_municipality):
    third = factories.MunicipalityFactory(slug="tercera", name="Tercera")
    fourth = factories.MunicipalityFactory(slug="cuarta", name="Cuarta", kind="association")
    return {
        "members": (municipality, other_municipality, third, fourth),
        "actors": {
            "anonymous": None,
            "citizen": factories.UserFactory(),
            "resident": factories.member(municipality, "resident"),
            "staff_here": factories.member(municipality, "admin"),
            "staff_participant": factories.member(other_municipality, "admin"),
            "staff_elsewhere": factories.member(third, "admin"),
            "staff_invited": factories.member(fourth, "admin"),
            "platform_admin": factories.UserFactory(is_platform_admin=True),
        },
    }


def _row(*allowed: str) -> dict[str, bool]:
    return {actor: actor in allowed for actor in ACTORS}


STAFF_OF_ANY_OTHER = ("staff_participant", "staff_elsewhere", "staff_invited")
TABLE = {
    # (action, object) -> who may
    ("learning.open", "municipality"): _row("staff_here", "platform_admin"),
    ("learning.manage", "open"): _row("staff_here", "platform_admin"),
    ("learning.manage", "in_progress"): _row("staff_here", "platform_admin"),
    ("learning.manage", "completed"): _row(),
    ("learning.manage", "closed"): _row(),
    # Another member's staff not yet taking part; the invited member's staff accept by joining.
    ("learning.join", "open"): _row("staff_participant", "staff_elsewhere", "staff_invited"),
    ("learning.join", "in_progress"): _row("staff_elsewhere", "staff_invited"),
    ("learning.join", "completed"): _row(),
    ("learning.read_messages", "open"): _row("staff_here", "platform_admin"),
    ("learning.read_messages", "in_progress"): _row(
        "staff_here", "staff_participant", "platform_admin"
    ),
    ("learning.read_messages", "completed"): _row(
        "staff_here", "staff_participant", "platform_admin"
    ),
    ("learning.post", "in_progress"): _row("staff_here", "staff_participant", "platform_admin"),
    ("learning.post", "completed"): _row(),
    ("learning.post", "closed"): _row(),
}


def _object(kind, world):
    here, participant, _third, invited = world["members"]
    if kind == "municipality":
        return here
    joined = () if kind == "open" else (participant,)
    return make_exchange(here, status=kind, joined=joined, invited=(invited,))


@pytest.mark.parametrize(("action", "kind"), list(TABLE))
def test_permissions_table(app, world, action, kind):
    obj = _object(kind, world)
    for actor, expected in TABLE[(action, kind)].items():
        with app.test_request_context():
            assert can(world["actors"][actor], action, obj) is expected, (action, kind, actor)


def test_staff_of_the_opener_cannot_join_for_it_but_may_for_another_member(app, world):
    here, _participant, third, _invited = world["members"]
    both = factories.member(here, "admin")
    exchange = make_exchange(here)
    with app.test_request_context():
        assert not can(both, "learning.join", exchange)
    factories.MembershipFactory(user=both, municipality=third, role="admin")
    with app.test_request_context():
        assert can(both, "learning.join", exchange)
