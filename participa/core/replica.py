"""An optional read replica (``DATABASE_REPLICA_URL``) for anonymous reads and open data.

A request is routed to the replica when it only reads and lag cannot confuse anyone: GET and
HEAD requests of visitors who are not signed in, and the open-data and export blueprints named
in ``DATABASE_REPLICA_BLUEPRINTS`` for everyone. Within such a request only plain SELECTs go to
the replica; writes, ``SELECT ... FOR UPDATE`` and every read after the request's first write go
to the primary, so nothing is written to the replica and a request reads its own writes.
Without ``DATABASE_REPLICA_URL`` everything uses the primary.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app, request, session
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event
from sqlalchemy.sql import Select

EXTENSION_KEY = "participa.replica"


class RoutingSession(FlaskSession):
    """A session that sends the plain reads of replica-routed requests to the replica."""

    def get_bind(
        self,
        mapper: Any | None = None,
        clause: Any | None = None,
        bind: sa.engine.Engine | sa.engine.Connection | None = None,
        **kwargs: Any,
    ) -> sa.engine.Engine | sa.engine.Connection:
        replica = self.info.get("replica")
        if bind is None and replica is not None and not self.info.get("wrote"):
            if isinstance(clause, Select) and clause._for_update_arg is None and not self._flushing:
                return replica  # type: ignore[no-any-return]
            if clause is not None or self._flushing:
                # A write (or a locking read): the rest of the request reads the primary.
                self.info["wrote"] = True
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


@event.listens_for(RoutingSession, "after_flush")
def _after_flush(session: RoutingSession, _context: Any) -> None:
    session.info["wrote"] = True


def replica_engine(app: Flask | None = None) -> sa.engine.Engine | None:
    """The replica's engine, or None when no replica is configured."""
    target = app or current_app
    return target.extensions.get(EXTENSION_KEY)


def _signed_in() -> bool:
    # Looked up without loading the account: anonymous requests cost no query on the primary.
    cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return "_user_id" in session or cookie in request.cookies


def _routed_to_replica() -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.blueprint and request.blueprint.split(".")[0] in current_app.config.get(
        "DATABASE_REPLICA_BLUEPRINTS", ()
    ):
        return True
    return not _signed_in()


def init_app(app: Flask) -> None:
    """Create the replica's engine when configured and route each request's reads."""
    url = app.config.get("DATABASE_REPLICA_URL")
    if not url:
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    if url.startswith("sqlite"):
        options = {"pool_pre_ping": options.get("pool_pre_ping", True)}
    app.extensions[EXTENSION_KEY] = sa.create_engine(url, **options)

    from participa.extensions import db

    # A URL preprocessor, not before_request: features load the municipality in their own URL
    # preprocessors, which run before any before_request hook; app-level ones run first.
    @app.url_value_preprocessor
    def _route_reads(_endpoint: str | None, _values: dict[str, Any] | None) -> None:
        if _routed_to_replica():
            db.session().info["replica"] = app.extensions[EXTENSION_KEY]
