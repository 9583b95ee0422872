"""Participa: citizen participation and crowdlaw for local governments."""

from __future__ import annotations

from typing import Any

from flask import Flask, has_request_context
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from participa.config import DEV_SECRET_KEY, Config, default_sqlite_uri


class ConfigurationError(RuntimeError):
    """The application cannot start with this configuration."""


class Participa(Flask):
    """Flask, answering an anonymous visitor with a kept page before any feature runs."""

    def preprocess_request(self) -> Any:
        from participa.core.httpcache import kept_page
        from participa.core.security import refuse_nul

        refuse_nul()
        kept = kept_page()
        if kept is None:
            return super().preprocess_request()
        # The application-wide hooks (request id, metrics, rate limits) run for every request;
        # the features' URL preprocessors and hooks (loading the municipality) need not.
        for before in self.before_request_funcs.get(None, ()):
            answer = self.ensure_sync(before)()
            if answer is not None:
                return answer
        return kept


def create_app(config: type | dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, commands."""
    app = Participa(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = default_sqlite_uri(app.instance_path)
    _resolve_redis(app)
    _check_secrets(app)
    from participa.core.observability import configure_logging

    configure_logging(app.config["LOG_FORMAT"], app.config["LOG_LEVEL"])

    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        # Flask's documented way to add middleware; its typing sees wsgi_app only as a method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )
    _init_extensions(app)
    from participa.core import features

    features.install(app)
    _register_commands(app)
    return app


def _database_options(app: Flask) -> None:
    # psycopg's own setting, so only for PostgreSQL (the replica's engine takes the same options).
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or ""
    if app.config["DATABASE_PREPARED_STATEMENTS"] or not uri.startswith("postgresql"):
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    options["connect_args"] = {**options.get("connect_args", {}), "prepare_threshold": None}
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def _resolve_redis(app: Flask) -> None:
    # REDIS_URL serves every shared store that has no explicit setting of its own.
    config = app.config
    redis_url = config.get("REDIS_URL")
    if not config.get("RATELIMIT_STORAGE_URI"):
        config["RATELIMIT_STORAGE_URI"] = redis_url or "memory://"
    if not config.get("CACHE_TYPE"):
        if redis_url:
            config["CACHE_TYPE"] = "RedisCache"
            config.setdefault("CACHE_REDIS_URL", None)
            config["CACHE_REDIS_URL"] = config["CACHE_REDIS_URL"] or redis_url
        else:
            config["CACHE_TYPE"] = "SimpleCache"
    if not config.get("JOBS_REDIS_URL"):
        config["JOBS_REDIS_URL"] = redis_url


def _check_secrets(app: Flask) -> None:
    if app.config.get("ENV_NAME") != "production":
        return
    key = app.config.get("SECRET_KEY")
    if not key or key == DEV_SECRET_KEY or len(key) < 32:
        raise ConfigurationError(
            "SECRET_KEY must be set to a random value of at least 32 characters in production "
            "(for example: python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    _check_rate_limit_storage(app)


def _check_rate_limit_storage(app: Flask) -> None:
    # memory:// counts in each gunicorn worker apart, multiplying every limit by the workers.
    if not app.config.get("RATELIMIT_ENABLED", True):
        return
    uri = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if uri.startswith("memory://"):
        raise ConfigurationError(
            "RATELIMIT_STORAGE_URI is memory://, which counts rate limits in each worker process "
            "apart. In production point it at Redis, shared by every worker: "
            "RATELIMIT_STORAGE_URI=redis://localhost:6379/0 (and install the redis library: "
            "pip install 'participa[redis]')."
        )
    if uri.startswith(("redis", "rediss")):
        from importlib.util import find_spec

        if find_spec("redis") is None:
            raise ConfigurationError(
                f"RATELIMIT_STORAGE_URI is {uri.split('://')[0]}://... but the redis library is "
                "not installed: pip install 'participa[redis]'."
            )


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    # SQLite leaves foreign keys off by default; WAL lets readers and one writer work together.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # A writer waits this long for the lock (BEGIN IMMEDIATE, see below) before failing:
        # long enough for a queue of writers on a busy machine.
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
        from participa.core.search import register_sqlite_functions

        register_sqlite_functions(dbapi_connection)


@event.listens_for(Engine, "before_cursor_execute")
def _sqlite_writes_wait(
    conn: Connection,
    cursor: Any,
    statement: str,
    parameters: Any,
    context: Any,
    executemany: bool,
) -> None:
    # A request's first write on SQLite (or a savepoint, which would open a deferred
    # transaction) takes the write lock first with BEGIN IMMEDIATE. In a deferred transaction
    # that has read, asking for the lock after another writer committed fails at once
    # ("database is locked") instead of waiting busy_timeout; taken up front, it waits. Reads
    # before it stay outside any transaction, as before, so readers never wait (WAL) and the
    # lock is held only from the first write to the commit. Work outside requests (tests,
    # commands) is left to the driver as before.
    if conn.dialect.name != "sqlite" or not has_request_context():
        return
    raw = conn.connection.dbapi_connection  # None only once the connection is invalidated
    if raw is None or raw.in_transaction:
        return
    if statement.lstrip()[:9].upper().startswith(_SQLITE_WRITES):
        cursor.execute("BEGIN IMMEDIATE")


_SQLITE_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT")


def _init_extensions(app: Flask) -> None:
    from participa.core import (
        authz,
        errors,
        httpcache,
        i18n,
        jobs,
        metrics,
        nav,
        observability,
        params,
        replica,
        security,
        shell,
        storage,
        templating,
        transactions,
    )
    from participa.extensions import babel, cache, csrf, db, limiter, login_manager, migrate

    # Both before anything reads app.jinja_env or registers a route.
    app.jinja_environment = templating.Environment
    # First, so every later hook and log line of the request has its id.
    observability.init_app(app)
    metrics.init_app(app)
    params.init_app(app)
    _database_options(app)
    db.init_app(app)
    transactions.init_app(app)
    replica.init_app(app)
    storage.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(app.root_path + "/../migrations"),
        compare_type=True,
        render_as_batch=True,
    )
    csrf.init_app(app)
    limiter.init_app(app)
    cache.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    from flask_babel import lazy_gettext

    login_manager.login_message = lazy_gettext("Please log in to continue.")

    from participa.accounts.services import load_user

    login_manager.user_loader(load_user)
    authz.init_app(app)
    jobs.init_app(app)
    errors.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    httpcache.init_app(app)
    nav.init_app(app)
    shell.init_app(app)
    from participa.core.text import excerpt, render_markdown

    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["excerpt"] = excerpt
    from participa.core.topics import topic_label

    app.jinja_env.filters["topic_label"] = topic_label
    from participa.core.uploads import srcset

    app.jinja_env.globals["image_srcset"] = srcset
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def _register_commands(app: Flask) -> None:
    from participa.cli import register

    register(app)
