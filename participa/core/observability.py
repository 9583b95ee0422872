"""Request ids and logs: one id per request, echoed in ``X-Request-ID`` and in every log line.

With ``LOG_FORMAT=json`` each log line is one JSON object (time, level, logger, message,
request id, method, path, status, duration in ms, municipality slug when known), ready for a
log collector; otherwise lines stay readable text. Query strings are never logged (they may
carry tokens), nor is anything the log call did not pass on purpose.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming id is kept only when it is a short token: anything else could forge log lines.
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}\Z")
# Log lines leave the platform (collectors, support tickets): e-mail addresses are masked.
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
logger = logging.getLogger("participa.request")

# Fields a log call may add with ``extra=``; nothing else from the record reaches the output.
_EXTRA_FIELDS = ("status", "duration_ms", "job", "queue")


def request_id() -> str | None:
    """The current request's id, or None outside a request."""
    if not has_request_context():
        return None
    value = g.get("request_id")
    return str(value) if value else None


def _incoming_id() -> str:
    value = request.headers.get(REQUEST_ID_HEADER, "")
    return value if _SANE_ID.match(value) else secrets.token_hex(16)


class RequestContextFilter(logging.Filter):
    """Adds the request's id, method, path and municipality to every record logged within it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = g.get("request_id")
            record.method = request.method
            record.path = request.path  # never the query string: it may hold tokens
            # The slug the address gave (core.tenancy), never read from the municipality: after
            # a failed flush that would query the broken session and turn a logged error into a
            # second one (imports answer 422 after logging what the database refused).
            record.municipality = g.get("municipality_slug")
        else:
            record.request_id = record.method = record.path = record.municipality = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": _EMAIL.sub("<e-mail>", record.getMessage()),
        }
        for name in ("request_id", "method", "path", "municipality", *_EXTRA_FIELDS):
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = _EMAIL.sub("<e-mail>", self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Readable lines for development, with the request id when there is one."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        rid = getattr(record, "request_id", None)
        return f"{line} [{rid}]" if rid else line


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is when a line is logged (test captures swap it)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def configure_logging(log_format: str, level: str = "INFO") -> None:
    """Point the root logger at stderr in the chosen format (``json`` or ``text``)."""
    handler = _StderrHandler()
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    # Replace, not add: the factory runs once per app and tests build many apps.
    for old in [h for h in root.handlers if getattr(h, "_participa", False)]:
        root.removeHandler(old)
    handler._participa = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if log_format == "json":
        # Werkzeug's own access lines repeat the request as text; ours carry the same in JSON.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)


def init_app(app: Flask) -> None:
    """Give each request an id and, with ``LOG_REQUESTS``, log one line when it ends."""

    @app.before_request
    def _start() -> None:
        g.request_id = _incoming_id()
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        rid = g.get("request_id")
        if rid:
            response.headers[REQUEST_ID_HEADER] = rid
        started = g.get("request_started")
        if started is not None and app.config.get("LOG_REQUESTS"):
            duration = round((time.perf_counter() - started) * 1000, 2)
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={"status": response.status_code, "duration_ms": duration},
            )
        return response
