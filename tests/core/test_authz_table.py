"""Who may do what: every registered municipalities.* and admin.* action for every kind of actor.

The table is written out in full on purpose: a new action or a changed rule must change it here.
"""

from __future__ import annotations

import pytest

from participa.core.authz import can, registered_actions
from tests import factories
from tests.actors import AD, CI, MO, OA, PA, RE, UN, make_actors

STAFF_ONLY = {AD, PA}
EXPECTED: dict[str, set[str]] = {
    "municipalities.manage": STAFF_ONLY,
    "municipalities.edit_settings": STAFF_ONLY,
    "municipalities.manage_members": STAFF_ONLY,
    "municipalities.verify_residents": STAFF_ONLY,
    "municipalities.upload_census": STAFF_ONLY,
    "municipalities.view_audit_log": STAFF_ONLY,
    "municipalities.moderate": {MO, AD, PA},
    # The staff home; another municipality's admin (OA) is turned away.
    "municipalities.staff_home": {MO, AD, PA},
    "municipalities.view_residency": {UN, CI, RE, MO, AD, OA, PA},
    "municipalities.request_residency": {CI, RE, MO, AD, OA, PA},
    "admin.access": {PA},
}


def test_the_table_covers_every_registered_action():
    registered = {a for a in registered_actions() if a.startswith(("municipalities.", "admin."))}
    assert registered == set(EXPECTED)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_allowed_matrix(action, municipality, other_municipality):
    actors = make_actors(municipality, other_municipality)
    allowed = {name for name, user in actors.items() if can(user, action, municipality)}
    assert allowed == EXPECTED[action]


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_deleted_accounts_may_do_nothing(action, municipality):
    from participa.db import utcnow

    user = factories.member(municipality, "admin", is_platform_admin=True)
    user.deleted_at = utcnow()
    assert not can(user, action, municipality)
