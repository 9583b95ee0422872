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
