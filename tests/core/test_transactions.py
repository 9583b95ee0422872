"""A request that only read commits its transaction (psycopg keeps its prepared statements);
anything that wrote, holds unsaved changes or failed rolls back as before."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import IntegrityError

from participa.core.errors import DomainError
from participa.extensions import db
from participa.municipalities.models import Municipality
from tests.conftest import app_like


@pytest.fixture
def endings(app, municipality):
    yield from _endings(app, municipality)


@pytest.fixture
def endings_unprepared(app, municipality):
    yield from _endings(app, municipality, DATABASE_PREPARED_STATEMENTS=False)


def _endings(app, municipality, **settings):
    """An app with pages that read, write, change an object for display or fail; and how each
    request's transaction ended (``commit`` or ``rollback``)."""
    other = app_like(app, **settings)
    ended: list[str] = []
    slug = municipality.slug

    def town() -> Municipality:
        return db.session.scalars(select(Municipality).where(Municipality.slug == slug)).one()

    def read():
        return town().name

    def write():
        # Flushed, never committed: the request must not save it.
        db.session.execute(
            text("UPDATE municipalities SET name = 'Escrito' WHERE slug = :s"), {"s": slug}
        )
        return "wrote"

    def display():
        town().name = "Cambiado para mostrar"  # changed in memory only, never meant to be saved
        return "shown"

    def fail():
        town()
        raise RuntimeError("boom")

    def prepared():
        # What this request's connection has prepared on the server (PostgreSQL).
        town()
        return str(db.session.scalar(text("SELECT count(*) FROM pg_prepared_statements")))

    for view in (read, write, display, fail, prepared):
        other.add_url_rule(f"/test/{view.__name__}", view.__name__, view)
    other.config["PROPAGATE_EXCEPTIONS"] = False
    with other.app_context():
        engine = db.engine
    event.listen(engine, "commit", lambda conn: ended.append("commit"))
    event.listen(engine, "rollback", lambda conn: ended.append("rollback"))
    yield other, ended
    with other.app_context():
        db.engine.dispose()


def _name(municipality) -> str:
    db.session.expire_all()
    return db.session.get(Municipality, municipality.id).name


def test_a_page_that_only_read_commits(endings, municipality):
    app, ended = endings
    assert app.test_client().get("/test/read").text == municipality.name
    assert ended == ["commit"]


# A page that wrote without committing; one that changed an object for display only.
@pytest.mark.parametrize(("page", "answer"), [("write", "wrote"), ("display", "shown")])
def test_nothing_the_page_did_not_commit_is_saved(endings, municipality, page, answer):
    app, ended = endings
    name = municipality.name
    assert app.test_client().get(f"/test/{page}").text == answer
    assert ended == ["rollback"]
    assert _name(municipality) == name


def test_a_page_that_failed_rolls_back(endings):
    app, ended = endings
    assert app.test_client().get("/test/fail").status_code == 500
    assert ended == ["rollback"]


@pytest.mark.parametrize("status", [500, 409])
def test_the_error_page_of_a_failed_flush_is_the_platform_s_own(app, user, status):
    # Its layout reads the signed-in person: through the failed session it raised again, and the
    # visitor got the server's bare error instead of the translated page. Also when the failure
    # is turned into a refusal (a unique index that said no, as a 409).
    other = app_like(app, PROPAGATE_EXCEPTIONS=False)

    def broken():
        db.session.add(Municipality(slug=None))
        try:
            db.session.flush()
        except IntegrityError:
            if status == 409:
                raise DomainError("Taken.", status=409) from None
            raise

    other.add_url_rule("/test/broken", "broken", broken)
    client = other.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}:{user.session_token}"
    response = client.get("/test/broken")
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert '<html lang="en"' in page and user.display_name in page


def test_writes_before_the_request_are_not_committed_by_it(app, municipality):
    # The transaction is the one to judge, not the request: a request context opened over
    # unsaved work that only reads must not commit that work.
    from participa.core.transactions import only_read

    name = municipality.name
    db.session.execute(
        text("UPDATE municipalities SET name = 'Antes' WHERE id = :i"), {"i": municipality.id}
    )
    with app.test_request_context("/"):
        db.session.scalars(select(Municipality)).all()
        assert not only_read(db.session())
    db.session.rollback()
    assert _name(municipality) == name


def test_postgresql_connections_keep_their_prepared_statements_across_pages(app, endings):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("psycopg prepares statements on PostgreSQL only")
    other, _ended = endings
    client = other.test_client()
    # psycopg prepares a statement at its fifth execution on a connection; the pool may hand out
    # a few connections in turn.
    counts = [int(client.get("/test/prepared").text) for _ in range(40)]
    assert counts[-1] > 0, counts


def test_prepared_statements_can_be_turned_off_for_old_pgbouncers(app, endings_unprepared):
    other, ended = endings_unprepared
    client = other.test_client()
    postgresql = db.engine.dialect.name == "postgresql"
    answers = [client.get("/test/prepared" if postgresql else "/test/read") for _ in range(12)]
    assert ended == ["commit"] * 12  # pages that only read still commit
    if postgresql:
        assert {a.text for a in answers} == {"0"}


def test_a_commit_that_fails_after_the_page_was_made_changes_nothing(endings, monkeypatch):
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    app, ended = endings

    def lost(session):
        raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(Session, "commit", lost)
    assert app.test_client().get("/test/read").status_code == 200
    assert ended == ["rollback"]
