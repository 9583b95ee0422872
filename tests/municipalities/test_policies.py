"""Residency and staff policies in the situations the table does not show."""

from __future__ import annotations

import pytest

from participa.core.authz import can
from participa.extensions import db
from participa.municipalities import services
from tests import factories


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


def test_staff_role_counts_only_in_its_own_municipality(staff, municipality, other_municipality):
    assert can(staff, "municipalities.manage", municipality)
    assert not can(staff, "municipalities.manage", other_municipality)


def test_no_municipality_means_no_staff_rights(staff):
    assert not can(staff, "municipalities.manage", None)


def test_new_role_counts_in_the_same_request(municipality, staff):
    # core.authz caches roles per request; services must forget the cached answer.
    person = factories.UserFactory()
    assert not can(person, "municipalities.manage", municipality)
    services.add_member(municipality, actor=staff, email=person.email, role="admin")
    assert can(person, "municipalities.manage", municipality)


def test_removed_role_stops_counting_in_the_same_request(municipality, staff):
    other = factories.member(municipality, "admin")
    assert can(other, "municipalities.manage", municipality)
    membership = db.session.scalars(services.members_query(municipality)).all()
    target = next(m for m in membership if m.user_id == other.id)
    services.remove_member(municipality, actor=staff, membership=target)
    assert not can(other, "municipalities.manage", municipality)


def test_unconfirmed_person_sees_status_but_cannot_ask(municipality):
    person = factories.UserFactory(email_confirmed_at=None)
    assert can(person, "municipalities.view_residency", municipality)
    assert not can(person, "municipalities.request_residency", municipality)
