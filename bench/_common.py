"""What the page benchmarks share: an application on a scratch database, and timed requests."""

from __future__ import annotations

import os
import tempfile
import time
from typing import Any

from sqlalchemy import event


def scratch_app(**settings: Any) -> tuple[Any, str]:
    """The test settings and ``settings`` on DATABASE_URL, or on a new temporary SQLite file."""
    from participa import create_app
    from participa.config import TestConfig

    tmp = tempfile.mkdtemp(prefix="participa-bench-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite"
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    return create_app({**config, "SQLALCHEMY_DATABASE_URI": url, **settings}), url


def time_page(db: Any, client: Any, path: str, runs: int) -> tuple[list[float], int]:
    """Milliseconds of each of ``runs`` requests of ``path`` after a warm-up, and the SQL
    queries of one request (SQLite's PRAGMAs aside); every request must answer 200."""
    client.get(path)  # warm up templates and caches
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    timings = []
    for _ in range(runs):
        statements.clear()
        start = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    event.remove(db.engine, "before_cursor_execute", count)
    return timings, len([s for s in statements if not s.lstrip().upper().startswith("PRAGMA")])
