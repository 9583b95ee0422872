"""Who may manage districts and search addresses, actor by actor: staff of the municipality
(and platform admins) manage its districts, another municipality's staff are like anyone else;
anyone signed in may search an address."""

from __future__ import annotations

import pytest

from participa.core.authz import can, forget_roles
from tests.actors import AD, AN, CI, MO, OA, PA, RE, UN
from tests.places.helpers import make_district

EVERYONE = {AN, UN, CI, RE, MO, AD, OA, PA}
SIGNED_IN = EVERYONE - {AN}
STAFF = {AD, PA}


pytestmark = pytest.mark.usefixtures("municipality_request")


def municipality_itself(m):
    return m


def district(m):
    return make_district(m)


TABLE = [
    ("places.manage_districts", municipality_itself, STAFF),
    ("places.manage_districts", district, STAFF),
    ("places.geocode", municipality_itself, SIGNED_IN),
]


@pytest.mark.parametrize(("action", "build", "allowed"), TABLE)
def test_policy_table(actors, municipality, action, build, allowed):
    obj = build(municipality)
    forget_roles()
    assert {name for name, user in actors.items() if can(user, action, obj)} == allowed


def test_another_municipalitys_district_is_for_its_own_staff(actors, other_municipality):
    obj = district(other_municipality)
    forget_roles()
    allowed = {n for n, u in actors.items() if can(u, "places.manage_districts", obj)}
    assert allowed == {OA, PA}
