"""HTTP plumbing for data downloads: streamed JSON with optional gzip, and streamed CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from flask import Response, request
from sqlalchemy.orm import Session

from participa.contracting.packages import encode_chunks, gzip_chunks
from participa.core.downloads import csv_rows
from participa.extensions import db


def wants_gzip() -> tuple[bool, bool]:
    """(as a .gz file because ?gzip=1, as Content-Encoding because the client accepts it)."""
    as_file = request.args.get("gzip") == "1"
    encoded = not as_file and "gzip" in request.headers.get("Accept-Encoding", "").lower()
    return as_file, encoded


def with_session(make_chunks: Callable[[Session], Iterable[str]]) -> Iterator[str]:
    """Run a chunk generator with a database session of its own, after the view has returned.

    The request is over by the time the server reads the body, so the generator must not lean
    on the request's session or context: it gets a plain session, closed when the body ends.
    """
    engine = db.engine

    def run() -> Iterator[str]:
        with Session(engine) as session:
            yield from make_chunks(session)

    return run()


def json_response(
    chunks: Iterable[str], *, filename: str, last_modified: datetime | None = None
) -> Response:
    """Stream JSON text chunks, gzipped when asked for (?gzip=1) or accepted by the client."""
    as_file, encoded = wants_gzip()
    body = gzip_chunks(chunks) if as_file or encoded else encode_chunks(chunks)
    mimetype = "application/gzip" if as_file else "application/json"
    response = Response(body, mimetype=mimetype)
    if as_file:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}.gz"'
    else:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    if encoded:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Access-Control-Allow-Origin"] = "*"
    if last_modified is not None:
        response.last_modified = last_modified
    return response


def csv_response(header: list[str], rows: Iterable[Iterable[Any]], *, filename: str) -> Response:
    """Stream a CSV download."""
    body = encode_chunks(csv_rows(header, rows))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
