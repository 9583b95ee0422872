"""Signatures under real parallel requests: the count always equals the rows, one signature per
person, and exactly one request crosses the threshold."""

from __future__ import annotations

from participa.extensions import db
from participa.initiatives.models import Initiative, Signature
from tests import factories
from tests.concurrency import _file_database, post_in_parallel  # noqa: F401 - fixture
from tests.initiatives.support import make_initiative
from tests.rows import count_rows

M = "/m/villa-norte/initiatives"


def _rows(initiative_id: int) -> int:
    return count_rows(Signature, Signature.initiative_id == initiative_id)


def test_many_residents_signing_at_once(app, municipality):
    initiative = make_initiative(municipality, threshold=10)
    path = f"{M}/{initiative.id}/sign"
    jobs = [(factories.member(municipality, "resident").get_id(), path, {}) for _ in range(16)]
    initiative_id = initiative.id
    db.session.close()  # the test holds no connection while requests run
    statuses = post_in_parallel(app, jobs)
    assert statuses == [302] * 16
    initiative = db.session.get(Initiative, initiative_id)
    assert initiative.signatures_count == 16 == _rows(initiative_id)
    assert initiative.state == "reached" and initiative.reached_at is not None


def test_one_person_signing_many_times_at_once(app, municipality):
    initiative = make_initiative(municipality, threshold=10)
    person = factories.member(municipality, "resident")
    jobs = [(person.get_id(), f"{M}/{initiative.id}/sign", {}) for _ in range(8)]
    initiative_id = initiative.id
    db.session.close()
    statuses = post_in_parallel(app, jobs)
    assert sorted(statuses) == [302] + [409] * 7
    initiative = db.session.get(Initiative, initiative_id)
    assert initiative.signatures_count == 1 == _rows(initiative_id)
