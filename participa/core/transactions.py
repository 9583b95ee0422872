"""A request that only read ends its transaction with COMMIT, not ROLLBACK.

psycopg forgets every statement it prepared on a connection when that connection rolls back
(``Connection.rollback``), and SQLAlchemy rolls back whatever a request did not commit when it
closes the session: every page read. PostgreSQL then parsed and planned each statement of
every page again (a quarter to three quarters of a millisecond each, most of a signed-in page's
time in the database); psycopg prepares a statement after its fifth execution on a connection,
which never came. A transaction that ran nothing but ``SELECT`` ends the same way committed or
rolled back, so it is committed, and the connection keeps what it prepared.

Anything else rolls back as before: a transaction that ran any other statement (an ``INSERT``,
an ``UPDATE``, a ``SAVEPOINT``, a ``WITH`` that might write), whether inside the request or
before it, a session holding unsaved changes (an object changed for display must never be saved
by this), and a request that ended with an exception.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, request
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, SessionTransaction

from participa.extensions import db

logger = logging.getLogger(__name__)

# On a connection's info: its current transaction ran more than SELECTs.
_WROTE = "participa_ran_more_than_select"
# On a session's info: the connections its current transaction uses.
_CONNECTIONS = "participa_connections"
# In a request's environ: it failed, and its error page was shown.
_FAILED = "participa.request_failed"


@event.listens_for(Engine, "begin")
def _transaction_begins(conn: Connection) -> None:
    conn.info.pop(_WROTE, None)


@event.listens_for(Engine, "before_cursor_execute")
def _note_more_than_select(
    conn: Connection, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
) -> None:
    if many or statement.lstrip()[:6].upper() != "SELECT":
        conn.info[_WROTE] = True


@event.listens_for(Session, "after_begin")
def _connection_joins(session: Session, transaction: SessionTransaction, conn: Connection) -> None:
    session.info.setdefault(_CONNECTIONS, []).append(conn)


@event.listens_for(Session, "after_transaction_end")
def _transaction_ends(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_CONNECTIONS, None)


def only_read(session: Session) -> bool:
    """Whether the session's transaction has run nothing but SELECTs and holds no changes."""
    connections: list[Connection] = session.info.get(_CONNECTIONS) or []
    return (
        bool(connections)
        and not any(conn.info.get(_WROTE) for conn in connections)
        and not (session.new or session.dirty or session.deleted)
    )


def refused() -> None:
    """Roll back what a refused request did (nothing of it is saved), before its error page."""
    if db.session.registry.has():
        db.session.rollback()


def failed() -> None:
    """Say that the request failed although its error page is shown, and roll back now.

    The error page reads the database (the signed-in person, the municipality): after a failed
    flush the session refuses that until it is rolled back, and the page itself failed.
    """
    request.environ[_FAILED] = True
    refused()


def end_read_only(exc: BaseException | None) -> None:
    """Commit the request's transaction when it only read (see the module)."""
    if not db.session.registry.has():
        return  # the request opened no session (a kept page): nothing to end
    session = db.session()  # the request's own session, not the registry
    if exc is None and not request.environ.get(_FAILED) and only_read(session):
        try:
            session.commit()
        except SQLAlchemyError:
            # The page has been answered; a connection lost since costs only what it prepared.
            logger.warning("could not end a read-only transaction", exc_info=True)
            session.rollback()


def init_app(app: Flask) -> None:
    # A request's teardown runs before its application context's, where Flask-SQLAlchemy closes
    # (and so rolls back) the session.
    app.teardown_request(end_read_only)
