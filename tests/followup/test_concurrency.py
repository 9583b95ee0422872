"""Two decisions racing to open the same follow-up (a budget closing while staff accept the
proposal, say) end with one result, which both get."""

from __future__ import annotations

import threading

import pytest

from participa.extensions import db
from participa.followup import services
from participa.followup.models import Result
from participa.municipalities.models import Municipality
from tests.rows import count_rows


@pytest.fixture(autouse=True)
def _file_database(app):
    if app.config["SQLALCHEMY_DATABASE_URI"] in ("sqlite://", "sqlite:///:memory:"):
        pytest.skip("parallel transactions need a database file or server")


def test_parallel_ensure_result_makes_one_result(app, municipality, staff):
    ids = (municipality.id, staff.id)
    db.session.close()  # the test holds no connection while the threads run
    workers = 8
    barrier = threading.Barrier(workers)
    found: list[int | None] = [None] * workers
    errors: list[BaseException] = []

    def run(index: int) -> None:
        from participa.accounts.models import User

        with app.app_context(), app.test_request_context():
            try:
                place = db.session.get(Municipality, ids[0])
                actor = db.session.get(User, ids[1])
                barrier.wait()
                result = services.ensure_result(place, "proposal", 42, title="Plaza",
                                                actor=actor)  # fmt: skip
                db.session.commit()
                found[index] = result.id
            except BaseException as exc:
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert count_rows(Result) == 1
    assert len(set(found)) == 1 and found[0] is not None
