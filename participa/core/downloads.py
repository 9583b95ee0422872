"""Downloads: CSV a spreadsheet opens as data, never as a formula; streamed, gzipped bodies."""

from __future__ import annotations

import csv
import hashlib
import io
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, TypeVar

from flask import Response, request
from sqlalchemy.orm import Session

from participa.extensions import db

T = TypeVar("T")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would run as a formula (numbers stay numbers)."""
    if type(value) is str and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def json_time(value: datetime | None) -> str | None:
    """A time as a JSON document gives it: ISO 8601 text, or null."""
    return value.isoformat() if value is not None else None


def csv_rows(header: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """CSV text, one line at a time, with a UTF-8 byte order mark for spreadsheets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    yield "\ufeff" + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    # A few hundred lines a chunk: one yield per line costs more than writing the line.
    for n, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(v) for v in row])
        if n % 256 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def gzip_chunks(chunks: Iterable[str], level: int = 6) -> Iterator[bytes]:
    """Gzip a stream of text chunks, emitting compressed bytes as they fill up."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    buffer: list[bytes] = []
    size = 0
    for chunk in chunks:
        data = compressor.compress(chunk.encode("utf-8"))
        if data:
            buffer.append(data)
            size += len(data)
        if size >= 64 * 1024:
            yield b"".join(buffer)
            buffer, size = [], 0
    buffer.append(compressor.flush())
    yield b"".join(buffer)


def encode_chunks(chunks: Iterable[str], size: int = 64 * 1024) -> Iterator[bytes]:
    """Group small text chunks into larger UTF-8 blocks for the response."""
    buffer: list[str] = []
    length = 0
    for chunk in chunks:
        buffer.append(chunk)
        length += len(chunk)
        if length >= size:
            yield "".join(buffer).encode("utf-8")
            buffer, length = [], 0
    if buffer:
        yield "".join(buffer).encode("utf-8")


def attachment(
    body: str | bytes, *, mimetype: str, filename: str, etag: str | None = None,
    last_modified: datetime | None = None,
) -> Response:  # fmt: skip
    """A small download built in memory, offered under ``filename``."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Access-Control-Allow-Origin"] = "*"
    if etag is not None:
        _validators(response, etag, last_modified)
    return response


def wants_gzip() -> tuple[bool, bool]:
    """(as a .gz file because ?gzip=1, as Content-Encoding because the client accepts it)."""
    as_file = request.args.get("gzip") == "1"
    encoded = not as_file and "gzip" in request.headers.get("Accept-Encoding", "").lower()
    return as_file, encoded


def with_session(make_chunks: Callable[[Session], Iterable[T]]) -> Iterator[T]:
    """Run a chunk generator with a database session of its own, after the view has returned.

    The request is over by the time the server reads the body, so the generator must not lean
    on the request's session or context: it gets a plain session, closed when the body ends.
    """
    engine = db.engine

    def run() -> Iterator[T]:
        with Session(engine) as session:
            yield from make_chunks(session)

    return run()


# Published files change when the publisher adds data: a client may reuse its copy for a few
# minutes, then revalidates with the ETag instead of downloading everything again.
CACHE_CONTROL = "public, max-age=300"


def _validators(response: Response, etag: str | None, last_modified: datetime | None) -> None:
    if etag is not None:
        response.set_etag(etag)
    if last_modified is not None:
        response.last_modified = last_modified
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Access-Control-Allow-Origin"] = "*"


def not_modified(
    etag: str | None, last_modified: datetime | None = None, *, vary: str | None = None
) -> Response | None:
    """A 304 when the client's copy is current (If-None-Match first, then If-Modified-Since)."""
    if request.if_none_match:  # when sent, it alone decides (RFC 9110, 13.2.2)
        current = etag is not None and request.if_none_match.contains_weak(etag)
    else:
        since = request.if_modified_since
        current = bool(last_modified and since and last_modified.replace(microsecond=0) <= since)
    if not current:
        return None
    response = Response(status=304)
    _validators(response, etag, last_modified)
    if vary:
        response.headers["Vary"] = vary
    return response


def digest(*parts: Any) -> str:
    """An entity tag from the facts a body is made of (or from the body itself)."""
    text = "|".join(p if isinstance(p, str) else repr(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def json_response(
    chunks: Iterable[str], *, filename: str, last_modified: datetime | None = None,
    etag: str | None = None,
) -> Response:  # fmt: skip
    """Stream JSON text chunks, gzipped when asked for (?gzip=1) or accepted by the client.

    With ``etag`` (a digest of what the body is made of) the answer carries it and a client
    sending it back in If-None-Match gets a 304 without the body being produced.
    """
    as_file, encoded = wants_gzip()
    if etag is not None:
        # Each representation (plain, gzip file, gzip encoding) has its own strong tag.
        etag = f"{etag}-{'gzf' if as_file else 'gz' if encoded else 'id'}"
    if (unchanged := not_modified(etag, last_modified, vary="Accept-Encoding")) is not None:
        return unchanged
    body = gzip_chunks(chunks) if as_file or encoded else encode_chunks(chunks)
    response = json_file(body, filename=filename, as_file=as_file, encoded=encoded)
    _validators(response, etag, last_modified)
    return response


def json_file(
    body: Iterable[bytes] | bytes, *, filename: str, as_file: bool, encoded: bool
) -> Response:
    """A JSON download's response for what :func:`wants_gzip` answered: ``body`` is already
    gzipped when ``as_file`` or ``encoded``."""
    mimetype = "application/gzip" if as_file else "application/json"
    response = Response(body, mimetype=mimetype)
    if as_file:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}.gz"'
    else:
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    if encoded:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    return response


def csv_response(
    header: list[str], rows: Iterable[Iterable[Any]], *, filename: str, etag: str | None = None,
    last_modified: datetime | None = None,
) -> Response:  # fmt: skip
    """Stream a CSV download (with ``etag``: cacheable, open to other sites, 304 when current)."""
    if etag is not None and (unchanged := not_modified(etag, last_modified)) is not None:
        return unchanged
    body = encode_chunks(csv_rows(header, rows))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    if etag is not None:
        _validators(response, etag, last_modified)
    return response
