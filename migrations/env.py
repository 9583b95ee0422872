"""Alembic environment for Flask-Migrate (``flask --app participa db ...``).

Flask-Migrate passes ``compare_type`` and ``render_as_batch`` from ``migrate.init_app`` in
``participa/__init__.py``; this file adds ``render_item`` so that revisions spell our custom
column types as plain SQLAlchemy types and never import ``participa``.
"""

import logging
import re
from logging.config import fileConfig

from alembic import context
from flask import current_app
from sqlalchemy import Column

from participa.db import UTCDateTime

config = context.config

# Keep the loggers the application (or the test session) already set up alive.
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")


def get_engine():
    return current_app.extensions["migrate"].db.engine


def get_engine_url():
    return get_engine().url.render_as_string(hide_password=False).replace("%", "%%")


config.set_main_option("sqlalchemy.url", get_engine_url())
target_db = current_app.extensions["migrate"].db


def get_metadata():
    if hasattr(target_db, "metadatas"):
        return target_db.metadatas[None]
    return target_db.metadata


def render_item(type_, obj, autogen_context):
    """Render ``UTCDateTime`` as the type it stores, so revisions stay free of app imports."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        autogen_context.imports.add("import sqlalchemy as sa")
        return "sa.DateTime(timezone=True)"
    # False means "render the default way".
    return False


# SQLite FTS5 virtual tables and their shadow tables, created by hand-written DDL in migrations.
FTS_TABLE = re.compile(r"_fts(_(data|idx|content|docsize|config))?$")


def include_object(obj, name, type_, reflected, compare_to):
    """Leave out what only hand-written DDL creates: autogenerate cannot model it."""
    if not (reflected and compare_to is None):
        return True
    if type_ == "table" and FTS_TABLE.search(name or ""):
        return False
    # A functional index (a PostgreSQL tsvector GIN index, say) that no model declares.
    return not (type_ == "index" and not all(isinstance(e, Column) for e in obj.expressions))


def process_revision_directives(context, revision, directives):
    # Write no empty revision when autogenerate finds nothing to change.
    if getattr(config.cmd_opts, "autogenerate", False):
        script = directives[0]
        if script.upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")


def configure_args() -> dict:
    args = dict(current_app.extensions["migrate"].configure_args)
    args.setdefault("process_revision_directives", process_revision_directives)
    args.setdefault("render_item", render_item)
    args.setdefault("include_object", include_object)
    args.setdefault("compare_type", True)
    args.setdefault("render_as_batch", True)
    return args


def run_migrations_offline():
    """Emit SQL to the script output instead of running it (``flask db upgrade --sql``)."""
    args = configure_args()
    args.pop("process_revision_directives", None)
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=get_metadata(),
        literal_binds=True,
        **args,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run the migrations on a connection to the application's database."""
    with get_engine().connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite cannot alter a table in place: batch operations copy it and drop the old
            # one, and with foreign keys on, that drop would delete (ON DELETE CASCADE) or
            # unlink every row pointing at it. The pragma only works outside a transaction.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            context.configure(
                connection=connection, target_metadata=get_metadata(), **configure_args()
            )
            with context.begin_transaction():
                context.run_migrations()
        finally:
            if sqlite:
                connection.commit()
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
