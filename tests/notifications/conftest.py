"""A throw-away followable model on its own metadata, so the real schema stays untouched."""

from __future__ import annotations

import pytest
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from participa.extensions import db
from participa.notifications.services import register_followable


class _TestBase(DeclarativeBase):
    pass


class Thing(_TestBase):
    __tablename__ = "test_followable_things"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int | None]
    title: Mapped[str] = mapped_column(String(100), default="A thing")
    is_draft: Mapped[bool] = mapped_column(default=False)


register_followable(
    "thing",
    Thing,
    url=lambda thing: f"/things/{thing.id}",
    visible=lambda user, thing: not thing.is_draft,
)


@pytest.fixture
def things_table(app):
    _TestBase.metadata.create_all(db.engine)
    yield
    db.session.remove()
    _TestBase.metadata.drop_all(db.engine)


@pytest.fixture
def make_thing(things_table):
    def _make(municipality=None, **fields) -> Thing:
        thing = Thing(municipality_id=getattr(municipality, "id", None), **fields)
        db.session.add(thing)
        db.session.commit()
        return thing

    return _make


@pytest.fixture
def thing(make_thing, municipality):
    return make_thing(municipality, title="Plaza nueva")
