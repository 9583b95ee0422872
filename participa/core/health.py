"""Liveness and readiness checks for load balancers and orchestrators."""

from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy import text

from participa.extensions import db

logger = logging.getLogger(__name__)


def check_database() -> bool:
    """Whether the primary database answers a trivial query."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any driver error means "not ready"; the reason goes to the log
        logger.warning("readiness: database unreachable", exc_info=True)
        return False
    return True


def check_redis(url: str) -> bool:
    """Whether the Redis server at ``url`` answers PING within a second."""
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:  # unreachable, refused, timed out, or the library is missing
        logger.warning("readiness: redis unreachable", exc_info=True)
        return False


def readiness() -> dict[str, str]:
    """Each dependency the app needs to serve requests, "ok" or "unavailable"."""
    checks = {"database": "ok" if check_database() else "unavailable"}
    url = current_app.config.get("REDIS_URL")
    if url:
        checks["redis"] = "ok" if check_redis(url) else "unavailable"
    return checks
