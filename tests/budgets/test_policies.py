"""Who may do what with budgets, actor by actor: staff of the municipality (and platform admins)
prepare, open, close and export; people meeting the budget's rule vote in the voting phase;
another municipality's staff are like anyone else here."""

from __future__ import annotations

import pytest

from participa.core.authz import can, forget_roles
from participa.extensions import db
from tests.actors import AD, AN, CI, MO, OA, PA, RE, UN
from tests.budgets.helpers import make_budget
from tests.consultations.helpers import make_consultation

EVERYONE = {AN, UN, CI, RE, MO, AD, OA, PA}
CONFIRMED = EVERYONE - {AN, UN}
STAFF = {AD, PA}
NOBODY: set[str] = set()


pytestmark = pytest.mark.usefixtures("municipality_request")


def draft(m):
    return make_budget(m, status="draft")


def open_(m):
    return make_budget(m)


def open_verified(m):
    return make_budget(m, participation="verified")


def open_outside_voting(m):
    return make_budget(m, phase="supports")


def closed(m):
    return make_budget(m, status="closed")


def consultation(m):
    return make_consultation(m)


def archived_consultation(m):
    return make_consultation(m, status="archived")


TABLE = [
    ("budgets.view", draft, STAFF),
    ("budgets.view", open_, EVERYONE),
    ("budgets.view", closed, EVERYONE),
    ("budgets.create", consultation, STAFF),
    ("budgets.create", archived_consultation, NOBODY),
    ("budgets.edit", draft, STAFF),
    ("budgets.edit", open_, STAFF),
    ("budgets.edit", closed, NOBODY),
    ("budgets.edit_projects", draft, STAFF),
    ("budgets.edit_projects", open_, NOBODY),
    ("budgets.open", draft, STAFF),
    ("budgets.open", open_, NOBODY),
    ("budgets.close", open_, STAFF),
    ("budgets.close", draft, NOBODY),
    ("budgets.close", closed, NOBODY),
    ("budgets.participate", open_, CONFIRMED),
    ("budgets.participate", open_verified, {RE, PA}),
    ("budgets.participate", draft, NOBODY),
    ("budgets.vote", open_, CONFIRMED),
    ("budgets.vote", open_verified, {RE, PA}),
    ("budgets.vote", open_outside_voting, NOBODY),
    ("budgets.vote", closed, NOBODY),
    ("budgets.view_results", closed, EVERYONE),
    ("budgets.view_results", open_, NOBODY),
    ("budgets.export", closed, STAFF),
    ("budgets.export", open_, NOBODY),
]


@pytest.mark.parametrize(
    ("action", "builder", "allowed"), TABLE, ids=[f"{a}-{b.__name__}" for a, b, _ in TABLE]
)
def test_role_by_action(municipality, actors, action, builder, allowed):
    target = builder(municipality)
    db.session.commit()
    forget_roles()
    assert {name for name, user in actors.items() if can(user, action, target)} == allowed


def test_another_municipality_is_decided_by_its_own_staff(other_municipality, actors):
    budget = make_budget(other_municipality, status="draft")
    forget_roles()
    for action in ("budgets.edit", "budgets.open", "budgets.edit_projects", "budgets.view"):
        assert {n for n, u in actors.items() if can(u, action, budget)} == {OA, PA}
