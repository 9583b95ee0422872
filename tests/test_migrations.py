"""The migrations build exactly the schema the models describe, and undo it.

Runs on a scratch database of the suite's engine (a temp SQLite file, or ``<dbname>_migrations``
on the PostgreSQL server of ``DATABASE_URL``), never on the session database of the other tests.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from participa import create_app
from participa.config import TestConfig
from participa.extensions import db


@pytest.fixture
def scratch_url(tmp_path, database_url) -> Iterator[str]:
    url = database_url
    if not url.startswith("postgresql"):
        yield "sqlite:///" + str(tmp_path / "migrations.sqlite")
        return
    server = make_url(url)
    name = f"{server.database}_migrations"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield server.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture
def migration_app(scratch_url):
    app = create_app({**_config(TestConfig), "SQLALCHEMY_DATABASE_URI": scratch_url})
    root = logging.getLogger()
    saved = root.level, list(root.handlers)
    try:
        with app.app_context():
            yield app
            db.session.remove()
            db.engine.dispose()
    finally:
        # Alembic's env.py configures logging from alembic.ini; give the session its own back.
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]


def test_upgrade_from_empty_matches_models_and_downgrade_empties(migration_app):
    flask_migrate.upgrade(revision="head")

    diffs = _compare_through_env()
    assert diffs == [], "migrations differ from the models:\n" + "\n".join(map(_describe, diffs))

    flask_migrate.downgrade(revision="base")

    with db.engine.connect() as conn:
        left = set(inspect(conn).get_table_names())
    assert left <= {"alembic_version"}, f"downgrade to base left tables behind: {sorted(left)}"


def _compare_through_env() -> list:
    """Compare the database with the models as ``flask db migrate`` would.

    migrations/env.py configures the MigrationContext (compare_type, include_object for the
    hand-written search DDL...), so this check and autogenerate never disagree.
    """
    config = current_app.extensions["migrate"].migrate.get_config()
    script = ScriptDirectory.from_config(config)
    diffs: list = []

    def compare(rev, context: MigrationContext):
        diffs.extend(compare_metadata(context, context.opts["target_metadata"]))
        return []  # run no migration

    with EnvironmentContext(config, script, fn=compare):
        script.run_env()
    return diffs


def _describe(diff) -> str:
    """One readable line per difference: the operation and the names it touches."""
    if isinstance(diff, list):  # column changes come grouped
        return "; ".join(_describe(item) for item in diff)
    op, *args = diff
    return f"{op}: " + ", ".join(_name(arg) for arg in args)


def _name(obj) -> str:
    if obj is None or isinstance(obj, str):
        return str(obj)
    table = getattr(obj, "table", None)
    name = getattr(obj, "name", None)
    if name is not None and table is not None and hasattr(table, "name"):
        return f"{table.name}.{name}"
    if name is not None:
        return str(name)
    return repr(obj)


def _config(obj) -> dict:
    return {key: getattr(obj, key) for key in dir(obj) if key.isupper()}


def test_sqlite_table_rebuilds_keep_the_rows_that_point_at_them(migration_app):
    """A batch migration copies a SQLite table and drops the old one; with foreign keys on,
    the drop would delete every row pointing at it (ON DELETE CASCADE). Migration 0008 rebuilds
    legislation_sections, which article votes point at."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL alters tables in place")
    flask_migrate.upgrade(revision="0007")
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        section_id = _insert_row(conn, "legislation_sections", {"kind": "article"})
        _insert_row(conn, "legislation_votes", {"section_id": section_id, "value": "in_favour"})
        conn.commit()
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")  # as every connection of the app has it

    flask_migrate.upgrade(revision="0008")

    with db.engine.connect() as conn:
        votes = conn.exec_driver_sql("SELECT count(*) FROM legislation_votes").scalar()
        fk_state = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
    assert votes == 1
    assert fk_state == 1  # new connections still enforce foreign keys


def _insert_row(conn, table_name: str, values: dict) -> int:
    """Insert one row, filling every other required column with a value of its type."""
    from datetime import datetime

    from sqlalchemy import MetaData, Table, insert
    from sqlalchemy import types as sqltypes

    table = Table(table_name, MetaData(), autoload_with=conn)
    row = dict(values)
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        if column.server_default is not None:
            continue
        if isinstance(column.type, sqltypes.Integer | sqltypes.Numeric):
            row[column.name] = 1
        elif isinstance(column.type, sqltypes.DateTime | sqltypes.Date):
            row[column.name] = datetime(2026, 1, 1)
        elif isinstance(column.type, sqltypes.Boolean):
            row[column.name] = False
        elif isinstance(column.type, sqltypes.JSON):
            row[column.name] = {}
        else:
            row[column.name] = "x"
    return conn.execute(insert(table).values(**row)).inserted_primary_key[0]


def test_indicator_exchanges_move_into_the_learning_space_and_back(migration_app):
    """0027 turns each indicator exchange into a learning exchange (same id, member, indicator
    and kind, the partner a participant, the status mapped), and its downgrade moves them back."""
    flask_migrate.upgrade(revision="0026")
    with db.engine.connect() as conn:
        here = _insert_row(conn, "municipalities", {"slug": "aqui", "name": "A", "country": "AR"})
        there = _insert_row(conn, "municipalities", {"slug": "alla", "name": "B", "country": "CL"})
        version = _insert_row(conn, "indicator_framework_versions", {"code": "2026.1"})
        dimension = _insert_row(conn, "indicator_dimensions", {"version_id": version})
        par = _insert_row(conn, "indicators", {
            "version_id": version, "dimension_id": dimension, "code": "PAR-02",
            "name_es": "Plataforma",
        })  # fmt: skip
        ids = {}
        for status in ("pending", "accepted", "declined"):
            ids[status] = _insert_row(conn, "indicator_exchanges", {
                "municipality_id": here, "partner_id": there, "indicator_id": par,
                "kind": "request", "status": status, "message": f"Mensaje {status}",
                "decided_at": None if status == "pending" else datetime(2026, 3, 2),
            })  # fmt: skip
        conn.commit()

    flask_migrate.upgrade(revision="0027")

    with db.engine.connect() as conn:
        moved = {row.id: row for row in conn.execute(text(
            "SELECT id, municipality_id, indicator_id, kind, status, topic, title, description"
            " FROM learning_exchanges ORDER BY id"))}  # fmt: skip
        joined = {
            row.exchange_id: row
            for row in conn.execute(
                text(
                    "SELECT exchange_id, municipality_id, status, joined_at"
                    " FROM learning_participants"
                )
            )
        }
        assert "indicator_exchanges" not in inspect(conn).get_table_names()
        # New exchanges continue after the copied ids (PostgreSQL's sequence was moved on).
        new_id = _insert_row(conn, "learning_exchanges", {
            "municipality_id": there, "kind": "offer", "topic": "open_data", "title": "Nuevo",
        })  # fmt: skip
        conn.commit()
    assert set(moved) == set(ids.values()) and new_id > max(ids.values())
    expected = {"pending": ("open", "invited"), "accepted": ("in_progress", "joined"),
                "declined": ("closed", "declined")}  # fmt: skip
    for old_status, exchange_id in ids.items():
        row, participant = moved[exchange_id], joined[exchange_id]
        assert (row.municipality_id, row.indicator_id, row.kind) == (here, par, "request")
        assert (row.status, participant.status) == expected[old_status]
        assert participant.municipality_id == there
        assert row.topic == "participation" and row.title.startswith("PAR-02")
        assert row.description == f"Mensaje {old_status}"
    assert joined[ids["accepted"]].joined_at is not None

    flask_migrate.downgrade(revision="0026")

    with db.engine.connect() as conn:
        back = {row.id: row for row in conn.execute(text(
            "SELECT id, municipality_id, partner_id, indicator_id, status, message"
            " FROM indicator_exchanges"))}  # fmt: skip
        left = set(inspect(conn).get_table_names())
    assert {"learning_exchanges", "learning_participants", "learning_messages"}.isdisjoint(left)
    # The exchange nobody else took part in has no place in the old model.
    assert set(back) == set(ids.values())
    for old_status, exchange_id in ids.items():
        row = back[exchange_id]
        assert (row.status, row.partner_id, row.indicator_id) == (old_status, there, par)
        assert row.message == f"Mensaje {old_status}"


def test_contents_declared_under_two_kinds_keep_one_name(migration_app):
    """0031 renames the kinds drafts, processes and library entries were also stored under (in
    attachments, search documents and event links), and its downgrade names them back."""
    flask_migrate.upgrade(revision="0030")
    with db.engine.connect() as conn:
        here = _insert_row(conn, "municipalities", {"slug": "aqui", "name": "A", "country": "AR"})
        upload = _insert_row(conn, "uploads", {"municipality_id": here})
        event = _insert_row(conn, "events", {"municipality_id": here})
        for kind in ("draft", "process", "proposal"):
            _insert_row(conn, "attachments", {
                "municipality_id": here, "upload_id": upload, "target_kind": kind, "target_id": 1,
            })  # fmt: skip
        for kind in ("draft", "procurement", "proposal"):
            _insert_row(conn, "search_documents", {
                "municipality_id": here, "kind": kind, "object_id": 1,
            })  # fmt: skip
        for kind in ("library_practice", "proposal"):
            _insert_row(conn, "event_links", {"event_id": event, "target_kind": kind})
        conn.commit()

    def kinds() -> tuple[list[str], ...]:
        with db.engine.connect() as conn:
            return tuple(
                sorted(conn.execute(text(f"SELECT {column} FROM {table}")).scalars())
                for table, column in (("attachments", "target_kind"), ("search_documents", "kind"),
                                      ("event_links", "target_kind"))
            )  # fmt: skip

    before = kinds()
    flask_migrate.upgrade(revision="0031")
    assert kinds() == (
        ["legislation_draft", "procurement_process", "proposal"],
        ["legislation_draft", "procurement_process", "proposal"],
        ["library_entry", "proposal"],
    )
    flask_migrate.downgrade(revision="0030")
    assert kinds() == before
