"""Registrations under real parallel requests: never more confirmed places than the capacity,
one registration per person, the rest on the waiting list in order."""

from __future__ import annotations

from sqlalchemy import func, select

from participa.events.models import Registration
from participa.extensions import db
from tests import factories
from tests.concurrency import _file_database, post_in_parallel  # noqa: F401 - fixture
from tests.events.helpers import make_event


def test_capacity_holds_under_parallel_registrations(app, municipality):
    event = make_event(municipality, capacity=3)
    people = [factories.UserFactory() for _ in range(12)]
    db.session.commit()
    path = f"/m/villa-norte/events/{event.id}/register"
    jobs = [(p.get_id(), path, {}) for p in people]
    # Each person twice at once: the second request of a person must not add a row.
    statuses = post_in_parallel(app, jobs + jobs, batch=24)
    assert all(status in (302, 303, 409) for status in statuses), statuses
    db.session.expire_all()
    rows = dict(
        db.session.execute(
            select(Registration.status, func.count()).group_by(Registration.status)
        ).all()
    )
    assert rows == {"confirmed": 3, "waiting": 9}
    assert db.session.scalar(select(func.count(func.distinct(Registration.user_id)))) == 12
