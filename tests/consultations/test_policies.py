"""Who may do what with consultations: a table of actors by actions."""

from __future__ import annotations

import pytest

from participa.core.authz import can
from tests.actors import make_actors
from tests.consultations.helpers import make_consultation

ACTORS = ["anonymous", "citizen", "resident", "moderator", "admin", "other_admin", "platform_admin"]
# action, status → actors allowed
TABLE = [
    ("consultations.view", "published", set(ACTORS)),
    ("consultations.view", "archived", set(ACTORS)),
    ("consultations.view", "draft", {"admin", "platform_admin"}),
    ("consultations.view_draft", "draft", {"admin", "platform_admin"}),
    ("consultations.edit", "published", {"admin", "platform_admin"}),
    ("consultations.publish", "draft", {"admin", "platform_admin"}),
    ("consultations.publish", "published", set()),
    ("consultations.archive", "published", {"admin", "platform_admin"}),
    ("consultations.archive", "draft", set()),
    ("consultations.use_as_template", "published", {"admin", "other_admin", "platform_admin"}),
    ("consultations.use_as_template", "draft", set()),
]


@pytest.fixture
def actors(municipality, other_municipality):
    return make_actors(municipality, other_municipality, ACTORS)


@pytest.mark.parametrize(("action", "status", "allowed"), TABLE)
def test_consultation_policy_table(app, municipality, actors, action, status, allowed):
    consultation = make_consultation(municipality, status=status)
    with app.test_request_context():
        granted = {name for name, actor in actors.items() if can(actor, action, consultation)}
    assert granted == allowed


def test_create_is_for_staff_of_this_municipality(app, municipality, other_municipality, actors):
    with app.test_request_context():
        assert can(actors["admin"], "consultations.create", municipality)
        assert not can(actors["admin"], "consultations.create", other_municipality)
        assert not can(actors["moderator"], "consultations.create", municipality)
        assert can(actors["other_admin"], "consultations.create", other_municipality)
