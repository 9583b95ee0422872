"""The kind registry that comments and moderation share."""

from dataclasses import dataclass

import pytest
from flask import g
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from participa.accounts.models import User
from participa.core.registry import KindRegistry
from participa.extensions import db
from participa.municipalities.models import Membership
from tests import factories


@dataclass(frozen=True)
class Entry:
    kind: str
    model: type


def test_register_is_idempotent_and_refuses_conflicts():
    registry = KindRegistry("thing")
    registry.register(Entry("member", Membership))
    registry.register(Entry("member", Membership))
    with pytest.raises(ValueError, match="already registered"):
        registry.register(Entry("member", User))
    assert registry.kinds() == ["member"]
    with pytest.raises(NotFound):
        registry.get_or_404("unknown")


def test_loading_is_scoped_to_the_municipality(app, municipality, other_municipality):
    registry = KindRegistry("thing")
    registry.register(Entry("member", Membership))
    person = factories.member(municipality, "admin")
    membership = db.session.scalars(select(Membership).where(Membership.user_id == person.id)).one()
    assert registry.load("member", membership.id, municipality.id) is membership
    assert registry.load("member", membership.id, other_municipality.id) is None
    assert registry.kind_of(membership) == "member"
    with app.test_request_context():
        g.municipality = other_municipality
        with pytest.raises(NotFound):
            registry.load_or_404("member", membership.id)
        g.municipality = municipality
        assert registry.load_or_404("member", membership.id) is membership


def test_a_request_loads_an_object_once_and_sees_it_deleted(app, municipality, count_queries):
    registry = KindRegistry("thing")
    registry.register(Entry("member", Membership))
    person = factories.member(municipality, "admin")
    membership_id = db.session.scalars(
        select(Membership.id).where(Membership.user_id == person.id)
    ).one()
    municipality_id = municipality.id
    db.session.expunge_all()  # as a new request's session: nothing loaded yet
    with app.test_request_context():
        with count_queries() as counter:
            first = registry.load("member", membership_id, municipality_id)
            again = registry.load("member", membership_id, municipality_id)
        assert first is again is not None and counter.count == 1
        db.session.delete(first)
        db.session.flush()
        assert registry.load("member", membership_id, municipality_id) is None
