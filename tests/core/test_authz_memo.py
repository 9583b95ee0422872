"""Decisions are remembered while a page is read, and forgotten when roles change."""

from __future__ import annotations

from contextlib import nullcontext

from participa.core import authz
from participa.core.authz import can
from participa.extensions import db
from participa.municipalities import services as municipalities
from participa.municipalities.models import Membership
from tests import factories


def test_a_page_asks_each_question_once_and_forgets_when_roles_change(app, municipality, staff):
    person = factories.UserFactory()
    with app.test_request_context("/"):
        assert not can(person, "municipalities.manage", municipality)
        # A role given behind the services' back is not seen: the decision is remembered.
        db.session.add(Membership(user_id=person.id, municipality_id=municipality.id, role="admin"))
        db.session.flush()
        assert not can(person, "municipalities.manage", municipality)
        authz.forget()
        assert can(person, "municipalities.manage", municipality)
        # Taking the role away through the service forgets both the roles and the decisions.
        membership = db.session.query(Membership).filter_by(user_id=person.id).one()
        municipalities.remove_member(municipality, actor=staff, membership=membership)
        assert not can(person, "municipalities.manage", municipality)
        # And giving it through the service is seen at once.
        municipalities.add_member(municipality, actor=staff, email=person.email, role="admin")
        assert can(person, "municipalities.manage", municipality)


def test_writes_and_code_outside_requests_decide_afresh(app, municipality):
    person = factories.UserFactory()
    # The test runs in an application context of its own: outside any request.
    for context in (app.test_request_context("/", method="POST"), nullcontext()):
        with context:
            assert not can(person, "municipalities.manage", municipality)
            membership = Membership(
                user_id=person.id, municipality_id=municipality.id, role="admin"
            )
            db.session.add(membership)
            db.session.flush()
            authz.forget_roles(person.id, municipality.id)
            assert can(person, "municipalities.manage", municipality)
            db.session.delete(membership)
            db.session.flush()
            authz.forget_roles(person.id, municipality.id)


def test_remembered_values_are_per_request(app):
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    with app.test_request_context("/"):
        assert authz.remember(("test", 1), compute) == 1
        assert authz.remember(("test", 1), compute) == 1
        assert authz.remember(("test", 2), compute) == 2
    with app.test_request_context("/"):
        assert authz.remember(("test", 1), compute) == 3
    with app.test_request_context("/", method="POST"):
        assert authz.remember(("test", 1), compute) == 4
        assert authz.remember(("test", 1), compute) == 5
