"""Configuration read from the environment; secrets never live in the code."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

DEV_SECRET_KEY = "dev-only-insecure-secret-key"  # noqa: S105 - refused outside development


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str) -> int | None:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else None


def engine_options() -> dict[str, Any]:
    """SQLAlchemy engine options: pre-ping always, pool sizes only where the environment sets
    them (SQLAlchemy's defaults otherwise: 5 connections plus 10 overflow per process)."""
    options: dict[str, Any] = {"pool_pre_ping": True}
    for key, env in (
        ("pool_size", "DATABASE_POOL_SIZE"),
        ("max_overflow", "DATABASE_MAX_OVERFLOW"),
        ("pool_recycle", "DATABASE_POOL_RECYCLE"),
        ("pool_timeout", "DATABASE_POOL_TIMEOUT"),
    ):
        value = _int(env)
        if value is not None:
            options[key] = value
    return options


class Config:
    # Installed features, wired in this order by participa.core.features.install.
    FEATURES = (
        "site",
        "accounts",
        "admin",
        "municipalities",
        "places",
        "notifications",
        "profiles",
        "consultations",
        "proposals",
        "comments",
        "moderation",
        "legislation",
        "indicators",
        "contracting",
        "voting",
        "budgets",
        "questionnaires",
        "followup",
        "opendata",
        "results",
        "media",
        "library",
        "learning",
        "challenges",
        "initiatives",
        "events",
        "search",
    )
    """Settings for development and production, overridable by environment variables."""

    ENV_NAME = os.environ.get("PARTICIPA_ENV", "development")
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    # None means "a SQLite file in the instance folder", resolved by the factory.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = engine_options()
    # psycopg prepares a statement on a connection at its fifth execution there (pages that
    # only read keep them: core.transactions). Off for PgBouncer older than 1.21 in transaction
    # mode, which hands a request's statements to server connections that never prepared them.
    DATABASE_PREPARED_STATEMENTS = _bool("DATABASE_PREPARED_STATEMENTS", True)
    # A read-only copy (streaming replica) for anonymous GET pages, open data and exports;
    # unset, everything reads the primary. Reads after a write in a request stay on the primary.
    DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL") or None
    DATABASE_REPLICA_BLUEPRINTS = ("opendata", "opendata_network", "api_v1")

    # Logs: "text" (readable, the default) or "json" (one object per line, with a request id).
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    # One line per request (method, path, status, duration); on by default with JSON logs.
    LOG_REQUESTS = _bool("LOG_REQUESTS", LOG_FORMAT == "json")

    # /metrics (Prometheus) answers only a bearer METRICS_TOKEN or clients in METRICS_ALLOW
    # (comma-separated networks); everyone else gets 404. With gunicorn's several workers, set
    # PROMETHEUS_MULTIPROC_DIR to an empty folder (see docs/deployment.md).
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN") or None
    METRICS_ALLOW = os.environ.get("METRICS_ALLOW", "127.0.0.1/32,::1/128")

    # Where uploaded files live: "database" (the default), "folder" or "s3".
    UPLOAD_STORAGE = os.environ.get("UPLOAD_STORAGE", "database").strip().lower()
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER")  # for "folder"
    # For "s3" (any S3-compatible service, through boto3); credentials come from boto3's usual
    # sources (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile or an instance role).
    S3_BUCKET = os.environ.get("S3_BUCKET")
    S3_PREFIX = os.environ.get("S3_PREFIX", "uploads/")
    S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL") or None
    S3_REGION = os.environ.get("S3_REGION") or None

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", ENV_NAME == "production")
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    SERVER_NAME = os.environ.get("SERVER_NAME")

    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", 0))

    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 5 * 1024 * 1024))
    MAX_IMAGE_BYTES = int(os.environ.get("MAX_IMAGE_BYTES", 2 * 1024 * 1024))
    # Documents attached to content (core.documents), and an optional virus scanner reading
    # the file on its standard input ("clamdscan --no-summary -"): 0 clean, 1 infected.
    MAX_DOCUMENT_BYTES = int(os.environ.get("MAX_DOCUMENT_BYTES", 4 * 1024 * 1024))
    DOCUMENT_SCAN_COMMAND = os.environ.get("DOCUMENT_SCAN_COMMAND") or None
    DOCUMENT_SCAN_TIMEOUT = int(os.environ.get("DOCUMENT_SCAN_TIMEOUT", 30))
    # Largest procurement import the staff page runs inside the request (release package, CSV);
    # larger files go through `flask --app participa contracting import`, which has no limit.
    # About 5 s of one core each: an import must end well within the worker timeout.
    CONTRACTING_IMPORT_MAX_BYTES = int(os.environ.get("CONTRACTING_IMPORT_MAX_BYTES", 256 * 1024))
    CONTRACTING_IMPORT_MAX_CSV_BYTES = int(
        os.environ.get("CONTRACTING_IMPORT_MAX_CSV_BYTES", 32 * 1024)
    )
    # Flattened releases (one CSV or a zip of sheets) are read into at most this much text once
    # unzipped: about as many releases as a release package of CONTRACTING_IMPORT_MAX_BYTES.
    CONTRACTING_IMPORT_MAX_FLAT_BYTES = int(
        os.environ.get("CONTRACTING_IMPORT_MAX_FLAT_BYTES", 256 * 1024)
    )
    # With a job queue (REDIS_URL), larger files up to this size go to the background worker.
    CONTRACTING_IMPORT_QUEUE_MAX_BYTES = int(
        os.environ.get("CONTRACTING_IMPORT_QUEUE_MAX_BYTES", 64 * 1024 * 1024)
    )

    # Largest Pabulib file (.pb) the budget import page reads; projects only, so it is quick.
    BUDGETS_IMPORT_MAX_BYTES = int(os.environ.get("BUDGETS_IMPORT_MAX_BYTES", 4 * 1024 * 1024))

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session

    BABEL_DEFAULT_LOCALE = "es"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    LANGUAGES = {"es": "Español", "en": "English", "pt": "Português"}

    # One Redis for rate limits, the page cache and the job queue, unless their own settings
    # below say otherwise. Unset: limits counted in memory, SimpleCache, jobs run inline.
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # Unset: the job queue uses REDIS_URL (see participa.core.jobs).
    JOBS_REDIS_URL = os.environ.get("JOBS_REDIS_URL") or None
    JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "participa")
    # How often the worker checks for periodic work (due ballots and budgets, digests).
    JOBS_TICK_SECONDS = int(os.environ.get("JOBS_TICK_SECONDS", 60))

    # Large downloads are built once by a job and kept in the upload storage (core.exports).
    # An open dataset with more rows than this (in a municipality) is prepared, not streamed:
    # about 2 s of streaming; 100,000 comments took 11 s.
    OPENDATA_PREPARE_ROWS = int(os.environ.get("OPENDATA_PREPARE_ROWS", 20000))
    # A personal-data download of a person with more rows than this is prepared too.
    PERSONAL_EXPORT_PREPARE_ROWS = int(os.environ.get("PERSONAL_EXPORT_PREPARE_ROWS", 5000))
    # What a waiting client is told (Retry-After, and the waiting page's advice), in seconds.
    EXPORTS_RETRY_AFTER = int(os.environ.get("EXPORTS_RETRY_AFTER", 5))
    # How long a prepared dataset file is kept (rebuilt sooner when its data change).
    EXPORTS_KEEP_SECONDS = int(os.environ.get("EXPORTS_KEEP_SECONDS", 7 * 24 * 3600))
    # How long a prepared personal-data file can be fetched by its owner.
    PERSONAL_EXPORT_KEEP_SECONDS = int(os.environ.get("PERSONAL_EXPORT_KEEP_SECONDS", 24 * 3600))
    # A build still "running" after this long was lost with its worker and may start again.
    EXPORTS_STALE_SECONDS = int(os.environ.get("EXPORTS_STALE_SECONDS", 3600))

    RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
    # Unset: REDIS_URL when there is one, else memory:// (resolved by the factory).
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or None
    RATELIMIT_HEADERS_ENABLED = True
    # While the shared storage (Redis) is unreachable, count in each worker and log a warning
    # rather than answer 500; the shared storage is tried again every few seconds.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = _bool("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    RATELIMIT_LOGIN = os.environ.get("RATELIMIT_LOGIN", "10 per minute;50 per hour")
    RATELIMIT_SIGNUP = os.environ.get("RATELIMIT_SIGNUP", "5 per minute;30 per hour")
    RATELIMIT_RESET = os.environ.get("RATELIMIT_RESET", "5 per minute;20 per hour")
    # Counted per account or per address typed, not per client: rotating IP addresses, or
    # accounts, does not buy more attempts. Failed logins of one address:
    RATELIMIT_LOGIN_ACCOUNT = os.environ.get("RATELIMIT_LOGIN_ACCOUNT", "20 per hour;100 per day")
    # Mails that the forms without login (sign-up, reset, confirmation) send to one address:
    RATELIMIT_ADDRESS = os.environ.get("RATELIMIT_ADDRESS", "3 per hour;10 per day")
    # Census self-verification: guesses per account, per document number and per client.
    RATELIMIT_CENSUS = os.environ.get("RATELIMIT_CENSUS", "10 per hour")
    RATELIMIT_CENSUS_DOCUMENT = os.environ.get("RATELIMIT_CENSUS_DOCUMENT", "10 per hour")
    RATELIMIT_CENSUS_IP = os.environ.get("RATELIMIT_CENSUS_IP", "30 per hour")
    # Anonymous questionnaire answers (where staff allow them), per client address.
    RATELIMIT_QUESTIONNAIRE_ANONYMOUS = os.environ.get(
        "RATELIMIT_QUESTIONNAIRE_ANONYMOUS", "5 per hour;20 per day"
    )

    # Pages anonymous visitors read most are kept this many seconds per worker (0 turns it off);
    # CACHE_TYPE=RedisCache with CACHE_REDIS_URL shares them between workers; both unset, the
    # factory picks RedisCache on REDIS_URL when there is one, else SimpleCache.
    PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 10))
    # Anonymous pages say "Cache-Control: public, max-age=N" with an ETag, for a reverse proxy
    # (core.httpcache); 0 turns it off.
    HTTP_CACHE_SECONDS = int(os.environ.get("HTTP_CACHE_SECONDS", 10))
    CACHE_TYPE = os.environ.get("CACHE_TYPE") or None
    # Opinion groups of a crowdlaw report are recomputed only when votes change, at most this old.
    CONSENSUS_CACHE_SECONDS = int(os.environ.get("CONSENSUS_CACHE_SECONDS", 3600))
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL")
    CACHE_THRESHOLD = 2000
    CACHE_KEY_PREFIX = "participa:"

    MAIL_SERVER = os.environ.get("MAIL_SERVER")  # unset: mail goes to the outbox
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 587))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", True)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Participa <no-reply@localhost>")

    EMAIL_TOKEN_MAX_AGE = int(os.environ.get("EMAIL_TOKEN_MAX_AGE", 3 * 24 * 3600))
    RESET_TOKEN_MAX_AGE = int(os.environ.get("RESET_TOKEN_MAX_AGE", 3600))
    PASSWORD_MIN_LENGTH = 10

    # Maps (places): the tile layer every map draws, and its attribution. The CSP allows images
    # from the tile URL's host only. {s} (subdomains), {z}/{x}/{y} are Leaflet's placeholders.
    MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    MAP_TILE_ATTRIBUTION = os.environ.get(
        "MAP_TILE_ATTRIBUTION",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    )
    # Address search: a Nominatim-compatible search URL (".../search"), off when empty. The
    # server calls it (the visitor's browser never does), with a timeout and a user agent.
    GEOCODER_URL = os.environ.get("GEOCODER_URL", "").strip() or None
    GEOCODER_USER_AGENT = os.environ.get("GEOCODER_USER_AGENT", "Participa (participa.example)")
    GEOCODER_TIMEOUT = float(os.environ.get("GEOCODER_TIMEOUT", "5"))


class TestConfig(Config):
    """Settings for the test suite: fast hashing, no CSRF or rate limits unless a test asks."""

    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    PAGE_CACHE_SECONDS = 0  # tests that exercise the page cache turn it on
    # Tests that need Redis read REDIS_URL from the environment and build their own app.
    REDIS_URL = None
    JOBS_REDIS_URL = None
    CONSENSUS_CACHE_SECONDS = 0
    CACHE_TYPE = "SimpleCache"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    SERVER_NAME = None
    MAIL_SERVER = None
    # Tests read English text; tests/core/test_i18n.py checks the Spanish default explicitly.
    BABEL_DEFAULT_LOCALE = "en"
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105 - a hash method, not a secret
    # Tiles from the application itself: tests never reach the network, and a missing tile is
    # no console error (any image answers every tile).
    MAP_TILE_URL = "/static/vendor/leaflet/images/marker-shadow.png?z={z}&x={x}&y={y}"
    GEOCODER_URL = None


def default_sqlite_uri(instance_path: str) -> str:
    """Point at a SQLite file inside the instance folder."""
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return "sqlite:///" + str(Path(instance_path) / "participa.sqlite")
