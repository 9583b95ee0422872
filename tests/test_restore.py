"""Backups restore: a populated PostgreSQL database, dumped with pg_dump and restored with
pg_restore into an empty database, is served by the app exactly as before.

Runs only on PostgreSQL (``DATABASE_URL``) with pg_dump and pg_restore at hand (on PATH or in
Debian's ``/usr/lib/postgresql/<version>/bin``). The target database is
``TEST_RESTORE_DATABASE_URL`` when set (emptied first), otherwise ``<test database>_restore``,
created (and dropped afterwards) through the same server: the test user must be allowed to
CREATE DATABASE, as the CI's superuser is.
"""

from __future__ import annotations

import difflib
import glob
import os
import re
import shutil
import subprocess

import pytest
import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.engine import URL, make_url

from participa import create_app
from participa.config import TestConfig
from participa.extensions import db
from participa.municipalities.models import Municipality

_CSRF = re.compile(r'name="csrf_token" value="[^"]*"')


def _tool(name: str) -> str | None:
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(re.search(r"/(\d+)/bin/", path).group(1)),  # type: ignore[union-attr]
    )
    return candidates[-1] if candidates else shutil.which(name)


def _libpq(url: URL) -> str:
    # pg_dump speaks libpq: no "+psycopg" driver suffix.
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def target(app):
    primary = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if primary.get_backend_name() != "postgresql":
        pytest.skip("the restore test needs PostgreSQL (DATABASE_URL)")
    if not (_tool("pg_dump") and _tool("pg_restore")):
        pytest.skip("pg_dump and pg_restore are not installed")
    given = os.environ.get("TEST_RESTORE_DATABASE_URL")
    if given:
        url = make_url(given)
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
        yield url
        return
    url = primary.set(database=f"{primary.database}_restore")
    admin = sa.create_engine(primary, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{url.database}"'))
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        admin.dispose()


def _counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def _pages(flask_app, paths: list[str]) -> dict[str, tuple[int, str]]:
    client = flask_app.test_client()
    pages = {}
    for path in paths:
        response = client.get(path)
        # Each session gets its own CSRF token; everything else must come out the same.
        html = _CSRF.sub('name="csrf_token" value=""', response.get_data(as_text=True))
        pages[path] = (response.status_code, html)
    return pages


def test_a_dump_restored_into_an_empty_database_serves_the_same_pages(app, target, tmp_path):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    before = _counts()
    assert before["users"] > 5 and before["municipalities"] >= 3
    members = db.session.execute(select(Municipality.slug, Municipality.kind).order_by("slug"))
    paths = ["/", "/api/v1/municipalities"]
    for slug, kind in members:
        # Each kind of member has the pages of the features that serve it (CONTRIBUTING.md).
        paths.append(f"/m/{slug}/")
        if kind in ("municipality", "legislature"):
            paths.append(f"/m/{slug}/consultations/")
        if kind == "municipality":
            paths.append(f"/m/{slug}/contracting/")
    pages = _pages(app, paths)
    assert all(status == 200 for status, _ in pages.values()), {p: s for p, (s, _) in pages.items()}

    dump = tmp_path / "participa.dump"
    source = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(dump), _libpq(source)],
        check=True,
        timeout=300,
    )
    subprocess.run(
        [_tool("pg_restore"), "--no-owner", "--exit-on-error", "--dbname", _libpq(target),
         str(dump)],
        check=True,
        timeout=300,
    )  # fmt: skip

    restored_url = target.render_as_string(hide_password=False)
    config = type("RestoredConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": restored_url})
    restored = create_app(config)
    try:
        with restored.app_context():
            assert _counts() == before
            # The sequences came along: a new row does not collide with a restored one.
            next_id = db.session.scalar(sa.text("SELECT nextval('users_id_seq')"))
            assert next_id > before["users"]
            db.session.rollback()
        after = _pages(restored, paths)
        for path in paths:
            assert after[path][0] == pages[path][0], path
            diff = difflib.unified_diff(
                pages[path][1].splitlines(), after[path][1].splitlines(), lineterm="", n=1
            )
            assert after[path][1] == pages[path][1], f"{path}:\n" + "\n".join(list(diff)[:40])
    finally:
        with restored.app_context():
            db.session.remove()
            db.engine.dispose()
