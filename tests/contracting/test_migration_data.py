"""Migration 0007 keeps existing procurement data, up and down, and refuses shared prefixes."""

from __future__ import annotations

import flask_migrate
import pytest
from sqlalchemy import text

from participa.extensions import db
from tests.test_migrations import migration_app, scratch_url  # noqa: F401 - fixtures

MUNICIPALITY = (
    "INSERT INTO municipalities (id, slug, name, country, default_locale, timezone, "
    "accent_color, ocid_prefix, created_at, updated_at) VALUES (:id, :slug, 'M', 'AR', 'es', "
    "'UTC', '#1d4ed8', :prefix, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)


def _execute(statement: str, **values) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(statement), values)


def _scalar(statement: str):
    with db.engine.connect() as conn:
        return conn.execute(text(statement)).scalar()


def _published_process() -> None:
    _execute(MUNICIPALITY, id=1, slug="a", prefix="ocds-aaaaaa")
    _execute(MUNICIPALITY, id=2, slug="b", prefix="")
    _execute(MUNICIPALITY, id=3, slug="c", prefix="")
    _execute(
        "INSERT INTO contracting_parties (id, municipality_id, ocds_id, name, is_public_body, "
        "first_seen_at, created_at, updated_at) VALUES (1, 1, 'AR-1', 'Proveedor', false, "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
    )
    _execute(
        "INSERT INTO procurement_processes (id, municipality_id, ocid, identifier, title, stage, "
        "data, red_flags, red_flag_count, release_count, comments_count, created_at, "
        "updated_at) VALUES (1, 1, 'ocds-aaaaaa-1', '1', 'Obra', 'tender', '{}', '[]', 0, 1, 0, "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
    )
    _execute("INSERT INTO procurement_process_parties (id, process_id, party_id, role) "
             "VALUES (1, 1, 1, 'supplier')")  # fmt: skip
    _execute(
        "INSERT INTO ocds_releases (id, municipality_id, process_id, ocid, release_id, date, "
        "date_text, tags, data, published_at) VALUES (1, 1, 1, 'ocds-aaaaaa-1', 'r1', "
        ":date, '2024-01-01T00:00:00Z', '[\"tender\"]', '{}', :published)",
        date="2024-01-01 00:00:00",
        published="2026-11-30 10:00:00",
    )


def _counts() -> tuple:
    return tuple(
        _scalar(f"SELECT COUNT(*) FROM {table}")
        for table in ("ocds_releases", "procurement_processes", "procurement_process_parties")
    )


def test_upgrade_and_downgrade_keep_releases_and_processes(migration_app):  # noqa: F811
    flask_migrate.upgrade(revision="0005")
    _published_process()
    flask_migrate.upgrade(revision="0007")
    assert _counts() == (1, 1, 1)
    # Empty prefixes became no prefix, so the unique index accepts them.
    assert _scalar("SELECT COUNT(*) FROM municipalities WHERE ocid_prefix IS NULL") == 2
    assert "2026-11-30" in str(
        _scalar("SELECT last_platform_publication_at FROM procurement_processes")
    )
    flask_migrate.downgrade(revision="0005")
    assert _counts() == (1, 1, 1)


def test_upgrade_names_municipalities_sharing_a_prefix(migration_app, capfd):  # noqa: F811
    flask_migrate.upgrade(revision="0005")
    _execute(MUNICIPALITY, id=1, slug="a", prefix="ocds-aaaaaa")
    _execute(MUNICIPALITY, id=2, slug="b", prefix="ocds-aaaaaa")
    with pytest.raises(SystemExit):  # flask_migrate logs the error and exits
        flask_migrate.upgrade(revision="0007")
    # Alembic's logging configuration writes the error to stderr.
    assert "share an OCDS prefix (ocds-aaaaaa: 2)" in capfd.readouterr().err
    assert _scalar("SELECT version_num FROM alembic_version") == "0005"
