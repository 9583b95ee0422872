"""Who may do what with consultations: a table of actors by actions."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from participa.core.authz import can
from tests import factories
from tests.consultations.helpers import make_consultation

ACTORS = ["anonymous", "user", "resident", "moderator", "staff", "other_staff", "platform_admin"]
# action, status → actors allowed
TABLE = [
    ("consultations.view", "published", set(ACTORS)),
    ("consultations.view", "archived", set(ACTORS)),
    ("consultations.view", "draft", {"staff", "platform_admin"}),
    ("consultations.view_draft", "draft", {"staff", "platform_admin"}),
    ("consultations.edit", "published", {"staff", "platform_admin"}),
    ("consultations.publish", "draft", {"staff", "platform_admin"}),
    ("consultations.publish", "published", set()),
    ("consultations.archive", "published", {"staff", "platform_admin"}),
    ("consultations.archive", "draft", set()),
    ("consultations.use_as_template", "published", {"staff", "other_staff", "platform_admin"}),
    ("consultations.use_as_template", "draft", set()),
]


@pytest.fixture
def actors(municipality, other_municipality):
    return {
        "anonymous": AnonymousUserMixin(),
        "user": factories.UserFactory(),
        "resident": factories.member(municipality, "resident"),
        "moderator": factories.member(municipality, "moderator"),
        "staff": factories.member(municipality, "admin"),
        "other_staff": factories.member(other_municipality, "admin"),
        "platform_admin": factories.UserFactory(is_platform_admin=True),
    }


@pytest.mark.parametrize(("action", "status", "allowed"), TABLE)
def test_consultation_policy_table(app, municipality, actors, action, status, allowed):
    consultation = make_consultation(municipality, status=status)
    with app.test_request_context():
        granted = {name for name, actor in actors.items() if can(actor, action, consultation)}
    assert granted == allowed


def test_create_is_for_staff_of_this_municipality(app, municipality, other_municipality, actors):
    with app.test_request_context():
        assert can(actors["staff"], "consultations.create", municipality)
        assert not can(actors["staff"], "consultations.create", other_municipality)
        assert not can(actors["moderator"], "consultations.create", municipality)
        assert can(actors["other_staff"], "consultations.create", other_municipality)
