"""Shared fixtures: one database per test session, emptied after every test.

``DATABASE_URL`` picks the engine (SQLite file by default, PostgreSQL in CI). Each client request
runs in a fresh context, with its own database session and ``g``, as in production; factories
commit, so what a test creates is really stored.
"""

from __future__ import annotations

import contextvars
import os

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from participa import create_app
from participa.config import TestConfig
from participa.core import mail
from participa.extensions import cache, db, limiter
from participa.indicators.framework import load_framework, read_framework_file
from tests import factories
from tests.actors import make_actors


class IsolatedClient(FlaskClient):
    """A test client whose requests never share the test's application context."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


def app_like(app, **settings):
    """A second application on the same database as ``app``, with ``settings`` from the start."""
    config = type(
        "OtherTestConfig",
        (TestConfig,),
        {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], **settings},
    )
    other = create_app(config)
    other.test_client_class = IsolatedClient
    return other


@pytest.fixture
def limited_app(app, request):
    """``app_like`` with rate limits on and the settings of the ``rate_limits`` marker.

    The limiter is one object shared by every app: afterwards its counts are dropped and it is
    handed back to ``app``, switched as the suite wants it.
    """
    other = app_like(
        app, RATELIMIT_ENABLED=True, **request.node.get_closest_marker("rate_limits").kwargs
    )
    yield other
    limiter.reset()
    limiter.init_app(app)
    with other.app_context():
        db.engine.dispose()


def _worker() -> int | None:
    """The number of this pytest-xdist worker (gw0 is 0), or None when tests run in one process."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(name.removeprefix("gw")) if name.startswith("gw") else None


def _own_redis(url: str) -> str:
    # Parallel workers flush their Redis database before and after a test: each gets its own.
    worker = _worker()
    return url if worker is None else str(make_url(url).set(database=str(worker + 1)))


def redis_or_skip() -> str:
    """REDIS_URL of a reachable server; skip without one, fail if PARTICIPA_REQUIRE_REDIS=1."""
    url = os.environ.get("REDIS_URL")
    url = _own_redis(url) if url else url
    required = os.environ.get("PARTICIPA_REQUIRE_REDIS") == "1"
    problem = None if url else "REDIS_URL is not set"
    if url:
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as exc:
            problem = f"Redis at {url} is unreachable: {exc}"
    if problem:
        if required:
            pytest.fail(f"PARTICIPA_REQUIRE_REDIS=1 but {problem}")
        pytest.skip(f"needs a Redis server: {problem}")
    return url


@pytest.fixture
def redis_url():
    """A Redis server emptied before and after the test (see redis_or_skip)."""
    import redis

    url = redis_or_skip()
    client = redis.Redis.from_url(url)
    client.flushdb()
    yield url
    client.flushdb()
    client.close()


@pytest.fixture
def redis_app(app, redis_url):
    """``app_like`` with REDIS_URL: jobs go to the RQ queue, run by ``jobs.work(burst=True)``."""
    other = app_like(app, REDIS_URL=redis_url)
    yield other
    limiter.init_app(app)  # the one limiter goes back to the suite's app
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    """DATABASE_URL, or a SQLite file; each parallel worker gets a database of its own."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")
    worker = _worker()
    if worker is None or not url.startswith("postgresql"):
        return url
    server = make_url(url)
    own = server.set(database=f"{server.database}_gw{worker}")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{own.database}"'))
    finally:
        admin.dispose()
    return own.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app(TestConfig)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    # Re-initialise the engine with the chosen URL (config was read at init time).
    app.extensions.pop("sqlalchemy")
    db.init_app(app)
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield
        db.session.remove()
        # A connection a test keeps checked out is lost to the pool for the rest of the run: enough
        # of them and every later test waits for the pool's timeout and fails.
        leaked = db.engine.pool.checkedout()  # type: ignore[attr-defined]
        _empty_tables()
        cache.clear()  # what a test left in the page cache belongs to its emptied tables
        assert not leaked, f"the test left {leaked} database connection(s) checked out"


def _empty_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            _empty_postgresql(conn, tables)
        else:
            for table in tables:
                conn.execute(table.delete())


def _empty_postgresql(conn, tables) -> None:
    # TRUNCATE ... CASCADE of every table costs about 0.5 s a test, and of a few tables almost as
    # much (the cascade reaches every table that refers to them). Asking which tables hold rows
    # takes 20 ms, and deleting those few rows, children first, less.
    conn.execute(text("SET LOCAL lock_timeout = '20s'"))  # a leaked transaction fails, not hangs
    holding = set(
        conn.scalars(
            text(
                " UNION ALL ".join(
                    f"SELECT '{t.name}' WHERE EXISTS (SELECT FROM \"{t.name}\")" for t in tables
                )
            )
        )
    )
    filled = [t for t in tables if t.name in holding]
    if not filled:
        return
    try:
        with conn.begin_nested():
            for table in filled:
                conn.execute(table.delete())
    except IntegrityError:  # rows referring to each other across tables: let PostgreSQL sort it
        conn.execute(text("TRUNCATE " + ", ".join(f'"{t.name}"' for t in filled) + " CASCADE"))
    # Numbering starts again at 1, as after TRUNCATE ... RESTART IDENTITY.
    conn.execute(
        text(
            "SELECT setval(pg_get_serial_sequence(t, 'id'), 1, false)"
            " FROM unnest(CAST(:names AS text[])) AS t"
        ),
        {"names": [t.name for t in filled if "id" in t.c and t.c.id.autoincrement is not False]},
    )


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def login(client):
    """Log ``user`` in on ``client`` (or on another client) by setting the session directly."""

    def _login(user, on=None):
        target = on or client
        with target.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return target

    return _login


@pytest.fixture
def municipality():
    return factories.MunicipalityFactory(slug="villa-norte", name="Villa Norte", country="AR")


@pytest.fixture
def other_municipality():
    return factories.MunicipalityFactory(slug="otra-ciudad", name="Otra Ciudad", country="CL")


@pytest.fixture
def user():
    return factories.UserFactory()


@pytest.fixture
def platform_admin():
    return factories.UserFactory(is_platform_admin=True)


@pytest.fixture
def staff(municipality):
    return factories.member(municipality, "admin")


@pytest.fixture
def moderator(municipality):
    return factories.member(municipality, "moderator")


@pytest.fixture
def resident(municipality):
    return factories.member(municipality, "resident")


@pytest.fixture
def other_staff(other_municipality):
    return factories.member(other_municipality, "admin")


@pytest.fixture
def actors(municipality, other_municipality):
    """One of each of ``tests.actors.ACTORS``, for a role x action table."""
    return make_actors(municipality, other_municipality)


@pytest.fixture
def municipality_request(app, municipality):
    """Inside a request to the municipality, as services that build URLs and read
    ``g.municipality`` expect."""
    with app.test_request_context("/"):
        g.municipality = municipality
        yield


@pytest.fixture
def framework():
    """The bundled indicator framework, loaded as the current version."""
    version = load_framework(read_framework_file(), make_current=True)
    db.session.commit()
    return version


@pytest.fixture
def folder_app(app, tmp_path):
    """An app like the suite's that keeps uploads in a folder instead of the database."""
    other = app_like(app, UPLOAD_STORAGE="folder", UPLOAD_FOLDER=str(tmp_path / "files"))
    with other.app_context():
        yield other
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def count_queries():
    """Count the SQL statements run inside a ``with count_queries() as counter:`` block."""

    class Counter:
        def __init__(self):
            self.statements: list[str] = []

        @property
        def count(self) -> int:
            return len(self.statements)

        def __enter__(self):
            event.listen(db.engine, "before_cursor_execute", self._on)
            return self

        def __exit__(self, *exc):
            event.remove(db.engine, "before_cursor_execute", self._on)

        def _on(self, conn, cursor, statement, *args):
            if not statement.lstrip().upper().startswith(("PRAGMA", "SAVEPOINT", "RELEASE")):
                self.statements.append(statement)

    return Counter


class FakeSMTP:
    """An SMTP server that refuses the first ``fail`` connections, then accepts."""

    fail = 0
    sent: list = []

    def __init__(self, host, port, timeout):
        if FakeSMTP.fail > 0:
            FakeSMTP.fail -= 1
            raise OSError("connection refused")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        pass

    def login(self, user, password):
        pass

    def send_message(self, email):
        FakeSMTP.sent.append(email["To"])


@pytest.fixture
def smtp(app, monkeypatch):
    FakeSMTP.fail, FakeSMTP.sent = 0, []
    monkeypatch.setattr(mail.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.org")
    return FakeSMTP
