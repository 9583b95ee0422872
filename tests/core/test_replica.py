"""The optional read replica: anonymous reads and open data go to it, writes never do.

The "replica" is a second database (a SQLite file, or on PostgreSQL ``TEST_REPLICA_DATABASE_URL``
or ``<test database>_replica``, created if missing) holding a copy of the municipality under a
different name, so each page shows which database answered it.
"""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from participa.accounts.models import User
from participa.core.replica import replica_engine
from participa.extensions import db
from participa.municipalities.models import Municipality
from tests import factories
from tests.accounts.helpers import STRONG
from tests.conftest import app_like


def _replica_url(app, tmp_path) -> str:
    primary = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if primary.get_backend_name() == "sqlite":
        return "sqlite:///" + str(tmp_path / "replica.sqlite")
    if os.environ.get("TEST_REPLICA_DATABASE_URL"):
        return os.environ["TEST_REPLICA_DATABASE_URL"]
    name = f"{primary.database}_replica"
    admin = sa.create_engine(primary, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(select(1).where(sa.text("datname = :n")).select_from(
            sa.text("pg_database")), {"n": name}):  # fmt: skip
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return primary.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def replica(app, tmp_path, municipality):
    """An app with a replica whose copy of ``municipality`` is called "Villa Réplica"."""
    url = _replica_url(app, tmp_path)
    other = app_like(app, DATABASE_REPLICA_URL=url)
    engine = replica_engine(other)
    db.metadata.drop_all(engine)
    db.metadata.create_all(engine)
    table = Municipality.__table__
    row = dict(
        db.session.execute(select(table).where(table.c.id == municipality.id)).one()._mapping
    )
    with engine.begin() as conn:
        conn.execute(table.insert().values({**row, "name": "Villa Réplica"}))
    yield other, engine
    db.metadata.drop_all(engine)
    engine.dispose()
    with other.app_context():
        db.engine.dispose()


def _count(engine, model) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(model)))


def test_without_a_replica_everything_reads_the_primary(app, client, municipality):
    assert replica_engine(app) is None
    assert "Villa Norte" in client.get(f"/m/{municipality.slug}/").get_data(as_text=True)


def test_anonymous_pages_read_the_replica(replica, municipality):
    other, _engine = replica
    page = other.test_client().get(f"/m/{municipality.slug}/").get_data(as_text=True)
    assert "Villa Réplica" in page and "Villa Norte" not in page


def test_signed_in_pages_read_the_primary(replica, municipality, login):
    other, _engine = replica
    client = login(factories.UserFactory(), on=other.test_client())
    page = client.get(f"/m/{municipality.slug}/").get_data(as_text=True)
    assert "Villa Norte" in page and "Villa Réplica" not in page


def test_open_data_reads_the_replica_for_everyone(replica, municipality, login):
    other, _engine = replica
    client = login(factories.UserFactory(), on=other.test_client())
    names = [m["name"] for m in client.get("/api/v1/municipalities").json["data"]]
    assert names == ["Villa Réplica"]


def test_writes_go_to_the_primary_and_later_reads_follow_them(replica, municipality):
    other, engine = replica
    with other.test_request_context(f"/m/{municipality.slug}/"):
        other.preprocess_request()
        name = select(Municipality.name).where(Municipality.id == municipality.id)
        assert db.session.scalar(name) == "Villa Réplica"
        db.session.add(factories.UserFactory.build(email="new@example.org"))
        db.session.flush()
        # After the request's first write, its reads see the primary (and that write).
        assert db.session.scalar(name) == "Villa Norte"
        assert db.session.scalar(select(User.id).where(User.email == "new@example.org"))
        db.session.commit()
        db.session.remove()
    assert _count(engine, User) == 0
    assert db.session.scalar(select(func.count()).select_from(User)) >= 1


def test_locking_reads_go_to_the_primary(replica, municipality):
    other, _engine = replica
    with other.test_request_context(f"/m/{municipality.slug}/"):
        other.preprocess_request()
        locked = select(Municipality.name).where(Municipality.id == municipality.id)
        assert db.session.scalar(locked.with_for_update()) == "Villa Norte"
        db.session.rollback()
        db.session.remove()


def test_anonymous_posts_never_touch_the_replica(replica):
    other, engine = replica
    response = other.test_client().post(
        "/account/signup",
        data={
            "email": "ana@example.org",
            "display_name": "Ana",
            "password": STRONG,
            "password_confirm": STRONG,
            "accept_terms": "y",
        },
    )
    assert response.status_code == 302
    assert _count(engine, User) == 0
    assert db.session.scalar(select(User.id).where(User.email == "ana@example.org"))
