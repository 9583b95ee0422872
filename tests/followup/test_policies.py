"""Who may manage follow-up results: role x action, with another municipality's staff."""

from __future__ import annotations

import pytest

from participa.core.authz import can, forget_roles
from tests.actors import ACTORS
from tests.followup.conftest import make_result


def _municipality(m, o, actors):
    return m


def _result(m, o, actors):
    return make_result(m, actors["admin"])


def _other_result(m, o, actors):
    return make_result(o, actors["other_admin"], title="Obra de la otra ciudad")


@pytest.mark.parametrize(
    ("action", "builder", "allowed"),
    [
        ("followup.manage", _municipality, {"admin", "platform_admin"}),
        ("followup.manage", _result, {"admin", "platform_admin"}),
        ("followup.manage", _other_result, {"other_admin", "platform_admin"}),
        # Following is the notifications' rule: confirmed accounts, on a result anyone sees.
        ("notifications.follow", _result, set(ACTORS) - {"anonymous", "unconfirmed"}),
    ],
)
def test_who_may(app, municipality, other_municipality, actors, action, builder, allowed):
    obj = builder(municipality, other_municipality, actors)
    with app.test_request_context():
        forget_roles()
        assert {name for name, user in actors.items() if can(user, action, obj)} == allowed
