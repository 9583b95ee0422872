"""Who may do what: every registered municipalities.* and admin.* action for every kind of actor.

The table is written out in full on purpose: a new action or a changed rule must change it here.
"""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from participa.core.authz import can, registered_actions
from tests import factories

ACTORS = (
    "anonymous",
    "unconfirmed",
    "citizen",
    "resident",
    "moderator",
    "admin",
    "other_admin",
    "platform_admin",
)
AN, UN, CI, RE, MO, AD, OA, PA = ACTORS

STAFF_ONLY = {AD, PA}
EXPECTED: dict[str, set[str]] = {
    "municipalities.manage": STAFF_ONLY,
    "municipalities.edit_settings": STAFF_ONLY,
    "municipalities.manage_members": STAFF_ONLY,
    "municipalities.verify_residents": STAFF_ONLY,
    "municipalities.upload_census": STAFF_ONLY,
    "municipalities.view_audit_log": STAFF_ONLY,
    "municipalities.moderate": {MO, AD, PA},
    "municipalities.view_residency": {UN, CI, RE, MO, AD, OA, PA},
    "municipalities.request_residency": {CI, RE, MO, AD, OA, PA},
    "admin.access": {PA},
}


def _actors(municipality, other_municipality) -> dict:
    return {
        AN: AnonymousUserMixin(),
        UN: factories.UserFactory(email_confirmed_at=None),
        CI: factories.UserFactory(),
        RE: factories.member(municipality, "resident"),
        MO: factories.member(municipality, "moderator"),
        AD: factories.member(municipality, "admin"),
        OA: factories.member(other_municipality, "admin"),
        PA: factories.UserFactory(is_platform_admin=True),
    }


def test_the_table_covers_every_registered_action():
    registered = {a for a in registered_actions() if a.startswith(("municipalities.", "admin."))}
    assert registered == set(EXPECTED)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_allowed_matrix(action, municipality, other_municipality):
    actors = _actors(municipality, other_municipality)
    allowed = {name for name, user in actors.items() if can(user, action, municipality)}
    assert allowed == EXPECTED[action]


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_deleted_accounts_may_do_nothing(action, municipality):
    from participa.db import utcnow

    user = factories.member(municipality, "admin", is_platform_admin=True)
    user.deleted_at = utcnow()
    assert not can(user, action, municipality)
