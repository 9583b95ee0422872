"""Who may read and manage library entries: role x action, with another member's staff."""

from __future__ import annotations

import pytest

from participa.core.authz import can, forget_roles
from tests.actors import ACTORS
from tests.library.conftest import make_entry

EVERYONE = set(ACTORS)
MANAGERS = {"admin", "platform_admin"}


def _member(app, m, o, actors):
    return m


def _published(app, m, o, actors):
    return make_entry(app, m, actors["admin"])


def _draft(app, m, o, actors):
    return make_entry(app, m, actors["admin"], published=False)


def _other_draft(app, m, o, actors):
    return make_entry(app, o, actors["other_admin"], published=False)


def _network(app, m, o, actors):
    return None


def _network_draft(app, m, o, actors):
    return make_entry(app, None, actors["platform_admin"], published=False)


def _network_published(app, m, o, actors):
    return make_entry(app, None, actors["platform_admin"])


@pytest.mark.parametrize(
    ("action", "builder", "allowed"),
    [
        ("library.manage", _member, MANAGERS),
        ("library.manage", _published, MANAGERS),
        ("library.manage", _draft, MANAGERS),
        ("library.manage", _other_draft, {"other_admin", "platform_admin"}),
        ("library.manage", _network, {"platform_admin"}),
        ("library.manage", _network_draft, {"platform_admin"}),
        ("library.view", _published, EVERYONE),
        ("library.view", _draft, MANAGERS),
        ("library.view", _other_draft, {"other_admin", "platform_admin"}),
        ("library.view", _network_draft, {"platform_admin"}),
        ("library.view", _network_published, EVERYONE),
        # Documents follow the entry: whoever sees it reads them, whoever manages it adds them.
        ("media.view", _draft, MANAGERS),
        ("media.view", _published, EVERYONE),
        ("media.attach", _published, MANAGERS),
        ("media.attach", _other_draft, {"other_admin", "platform_admin"}),
    ],
)
def test_who_may(app, municipality, other_municipality, actors, action, builder, allowed):
    obj = builder(app, municipality, other_municipality, actors)
    with app.test_request_context():
        forget_roles()
        assert {name for name, user in actors.items() if can(user, action, obj)} == allowed
