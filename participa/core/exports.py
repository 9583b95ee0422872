"""Prepared files: large downloads built once by a background job, then served as stored files.

A download too large to build inside a request (an open dataset of 100,000 rows, the personal
data of a very active person) is kept in a :class:`~participa.core.models.PreparedFile` row, one
per *slot* (what the file is: ``opendata:comments:csv:12``), with the *version* of the data it
was built from (the dataset's ETag). A request asks for the slot at the current version:

- built at that version and not expired: the stored bytes are served, with the version as ETag;
- otherwise the row goes back to "queued" and the feature's job is enqueued, once (the row lock
  and the unique slot keep two requests from queueing two builds), and the request answers
  202 with ``Retry-After`` and a "being prepared" page (:func:`waiting`);
- without a job queue the job runs at once, inside the request, and the file is served.

A build replaces the previous file of its slot (the old object is removed after the commit);
:func:`clean` removes expired files. The bytes go to the configured upload storage
(``UPLOAD_STORAGE``, :mod:`participa.core.storage`), or to the row itself with "database".

The feature owns the job (declared in its manifest) and a :class:`Builder`: how to tell the
current version and how to produce the bytes. Its job function calls :func:`build`, which is
safe to run twice: a file already built at the current version is left alone, and a file
another worker is building is not built again.
"""

from __future__ import annotations

import logging
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from flask import Response, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, and_, delete, not_, select, update
from sqlalchemy.exc import IntegrityError

from participa.core import jobs, storage
from participa.core.models import JobStatus, PreparedFile
from participa.db import utcnow
from participa.extensions import db

logger = logging.getLogger(__name__)

STATUS_LABELS = {
    JobStatus.QUEUED: _l("Waiting to start"),
    JobStatus.RUNNING: _l("Being prepared"),
    JobStatus.DONE: _l("Ready"),
    JobStatus.FAILED: _l("Could not be prepared"),
}
# Progress is written at most this often (seconds): each write is a small transaction.
PROGRESS_EVERY = 1.0
CLEAN = "core.clean_prepared_files"


@dataclass(frozen=True)
class Built:
    """The bytes of a prepared file and what to serve them with."""

    data: bytes
    last_modified: datetime | None = None


Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Builder:
    """How a feature builds the files of its job: the data's current version, and the bytes."""

    version: Callable[[PreparedFile], str]
    produce: Callable[[PreparedFile, Progress], Built]
    # Called once the file is stored (an in-app notice, say); flushes, never commits.
    ready: Callable[[PreparedFile], None] | None = None


# Settings ---------------------------------------------------------------------------------------


def _seconds(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


def retry_after() -> int:
    """Seconds a client is asked to wait before asking again for a file being prepared."""
    return _seconds("EXPORTS_RETRY_AFTER", 5)


def _stale_after() -> timedelta:
    # A build "running" for longer than this was lost with its worker: it may start again.
    return timedelta(seconds=_seconds("EXPORTS_STALE_SECONDS", 3600))


# Asking for a file -------------------------------------------------------------------------------


def find(slot: str) -> PreparedFile | None:
    """The prepared file of ``slot``, whatever its state."""
    return db.session.scalars(select(PreparedFile).where(PreparedFile.slot == slot)).first()


def is_ready(record: PreparedFile | None, version: str | None = None) -> bool:
    """Tell whether ``record`` is built (at ``version``, when given) and not expired."""
    if record is None or record.status != JobStatus.DONE:
        return False
    if version is not None and record.version != version:
        return False
    return record.expires_at is None or record.expires_at > utcnow()


def _building(record: PreparedFile, version: str) -> bool:
    if record.version != version:
        return False
    if record.status == JobStatus.QUEUED:
        return True
    started = record.started_at
    return record.status == JobStatus.RUNNING and (
        started is None or started > utcnow() - _stale_after()
    )


def _locked(slot: str) -> PreparedFile | None:
    query = select(PreparedFile).where(PreparedFile.slot == slot).with_for_update()
    return db.session.scalars(query.execution_options(populate_existing=True)).first()


def prepare(
    slot: str, *, kind: str, version: str, filename: str, content_type: str,
    params: dict[str, Any] | None = None, municipality_id: int | None = None,
    owner_id: int | None = None, total: int = 0,
) -> PreparedFile:  # fmt: skip
    """The file of ``slot`` at ``version``: as it is when ready or on its way, else queued once.

    Flushes, never commits: with a queue the job is pushed after the commit; without one the
    caller runs it with :func:`run_now` after committing.
    """
    record = _locked(slot)
    if record is None:
        record = PreparedFile(slot=slot, kind=kind, municipality_id=municipality_id,
                              owner_id=owner_id, params=params or {}, version=version,
                              status=JobStatus.QUEUED, filename=filename,
                              content_type=content_type, total=total)  # fmt: skip
        try:
            with db.session.begin_nested():
                db.session.add(record)
        except IntegrityError:
            # Another request created the slot a moment ago: its row (and its job) serve both.
            record = _locked(slot)
            assert record is not None  # the unique slot says it is there
        else:
            _queue(record)
            return record
    if is_ready(record, version) or _building(record, version):
        return record
    record.kind, record.params, record.version = kind, params or {}, version
    record.filename, record.content_type = filename, content_type
    record.status, record.done, record.total, record.error = JobStatus.QUEUED, 0, total, None
    record.requested_at = utcnow()
    db.session.flush()
    _queue(record)
    return record


def _queue(record: PreparedFile) -> None:
    if jobs.is_queued():
        jobs.enqueue(record.kind, file_id=record.id)


def run_now(record: PreparedFile) -> PreparedFile:
    """Build ``record`` in this process (no queue), after the caller's commit; then reread it."""
    jobs.run_inline(jobs.get(record.kind), {"file_id": record.id}, commit=True)
    db.session.refresh(record)
    return record


def retry(record: PreparedFile) -> bool:
    """Queue a failed build again (staff asked); False when it is not failed."""
    if record.status != JobStatus.FAILED:
        return False
    record.status, record.done, record.error = JobStatus.QUEUED, 0, None
    record.requested_at = utcnow()
    db.session.flush()
    _queue(record)
    return True


def lost(record: PreparedFile) -> None:
    """Mark a built file whose bytes went missing from the storage, so it is built again."""
    record.status, record.error = JobStatus.FAILED, "missing"
    db.session.flush()


# Building ---------------------------------------------------------------------------------------


def _write(file_id: int, **values: Any) -> None:
    # Progress goes through its own short transaction, so staff and the waiting page see it
    # while the build's transaction is open. SQLite has one writer: there, the end tells all.
    if db.engine.dialect.name == "sqlite":
        return
    with db.engine.begin() as connection:
        connection.execute(update(PreparedFile).where(PreparedFile.id == file_id).values(**values))


def _claim(record: PreparedFile) -> bool:
    # One atomic update: of two workers given the same file, only one gets to build it.
    now = utcnow()
    claim = (
        update(PreparedFile)
        .where(PreparedFile.id == record.id)
        .where(
            not_(
                and_(
                    PreparedFile.status == JobStatus.RUNNING,
                    PreparedFile.started_at > now - _stale_after(),
                )
            )
        )
        .values(
            status=JobStatus.RUNNING, started_at=now, done=0, attempts=PreparedFile.attempts + 1
        )
    )
    result: CursorResult[Any]
    if db.engine.dialect.name == "sqlite":
        options = claim.execution_options(synchronize_session=False)
        result = cast("CursorResult[Any]", db.session.execute(options))
    else:
        with db.engine.begin() as connection:
            result = connection.execute(claim)
    return bool(result.rowcount)


class _Progress:
    """Writes (done, total) into the file's row, a few times a second at most."""

    def __init__(self, file_id: int) -> None:
        self.file_id = file_id
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        _write(self.file_id, done=done, total=total)


def build(file_id: int, builder: Builder) -> None:
    """Build and store the file ``file_id`` (nothing happens if it is current or being built)."""
    record = db.session.get(PreparedFile, file_id)
    if record is None:
        return
    version = builder.version(record)
    if is_ready(record, version):
        return  # a second delivery of the job, or a build another request already asked for
    if not _claim(record):
        return
    try:
        # A savepoint: a failed build undoes only its own reads, not the claim (SQLite).
        with db.session.begin_nested():
            built = builder.produce(record, _Progress(file_id))
    except Exception as exc:
        logger.exception("preparing the file %s (%s) failed", file_id, record.slot)
        _fail(file_id, exc)
        return
    record = db.session.get(PreparedFile, file_id, populate_existing=True)
    if record is None:  # removed meanwhile (its municipality or owner went)
        return
    _store(record, built.data)
    now = utcnow()
    record.status, record.version, record.error = JobStatus.DONE, version, None
    record.size, record.last_modified = len(built.data), built.last_modified
    record.finished_at = now
    record.started_at = record.started_at or now
    record.done = record.total = max(record.total, record.done)
    keep = _seconds("PERSONAL_EXPORT_KEEP_SECONDS" if record.owner_id else
                    "EXPORTS_KEEP_SECONDS", 7 * 24 * 3600)  # fmt: skip
    record.expires_at = now + timedelta(seconds=keep)
    db.session.flush()
    if builder.ready is not None:
        builder.ready(record)
        # What the notice itself added (a notification row) must not make the file look stale.
        record.version = builder.version(record)
        db.session.flush()


def _fail(file_id: int, exc: Exception) -> None:
    record = db.session.get(PreparedFile, file_id, populate_existing=True)
    if record is None:
        return
    record.status = JobStatus.FAILED
    record.finished_at = utcnow()
    # The kind of error only: messages may quote data, and staff read this.
    record.error = type(exc).__name__[:200]
    db.session.flush()


def _store(record: PreparedFile, data: bytes) -> None:
    old = (record.storage, record.storage_key)
    target = storage.active()
    if target is None:
        record.storage, record.storage_key, record.data = storage.DATABASE, None, data
    else:
        key = storage.new_key()
        storage.put(db.session(), target, key, data, record.content_type)
        record.storage, record.storage_key, record.data = target.name, key, None
    _forget(*old)


def _forget(kind: str | None, key: str | None) -> None:
    if kind and kind != storage.DATABASE and key:
        try:
            storage.delete_after_commit(db.session(), storage.storage_named(kind), key)
        except LookupError:
            logger.warning("prepared file %s is in a storage no longer configured", key)


def read(record: PreparedFile) -> bytes | None:
    """The stored bytes of a built file (None when they went missing)."""
    if record.storage == storage.DATABASE:
        return record.data
    if not record.storage or not record.storage_key:
        return None
    try:
        return storage.storage_named(record.storage).get(record.storage_key)
    except LookupError:
        return None


def clean() -> int:
    """Remove the expired files and their stored bytes (safe to run twice); return how many."""
    expired = list(db.session.execute(
        select(PreparedFile.id, PreparedFile.storage, PreparedFile.storage_key)
        .where(PreparedFile.expires_at < utcnow())
    ))  # fmt: skip
    for _id, kind, key in expired:
        _forget(kind, key)
    if expired:
        db.session.execute(delete(PreparedFile).where(PreparedFile.id.in_([r[0] for r in expired])))
    return len(expired)


def remove(where: Any) -> None:
    """Delete the prepared files matching ``where`` and, after the commit, their bytes."""
    for kind, key in db.session.execute(
        select(PreparedFile.storage, PreparedFile.storage_key).where(where)
    ):
        _forget(kind, key)
    db.session.execute(delete(PreparedFile).where(where).execution_options(
        synchronize_session=False))  # fmt: skip


CLEAN_JOB = jobs.Job(CLEAN, clean, every=3600, timeout=600)


# Answering ---------------------------------------------------------------------------------------


def in_progress(
    municipality_id: int, kinds: tuple[str, ...], limit: int = 50
) -> list[PreparedFile]:
    """The municipality's prepared files of ``kinds``, whatever their state, newest first."""
    query = (
        select(PreparedFile)
        .where(PreparedFile.municipality_id == municipality_id, PreparedFile.kind.in_(kinds))
        .order_by(PreparedFile.requested_at.desc(), PreparedFile.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def wants_json() -> bool:
    """Tell whether the client prefers a JSON answer to an HTML page."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json"


def waiting(
    record: PreparedFile, *, title: str, back: str | None = None, note: str | None = None
) -> Response:
    """The 202 answer while a file is prepared: a page with the progress and a link, or JSON."""
    seconds = retry_after()
    failed = record.status == JobStatus.FAILED
    status = 503 if failed else 202
    if wants_json():
        from flask import jsonify

        response = jsonify(status=record.status, done=record.done, total=record.total,
                           retry_after=seconds, url=request.url)  # fmt: skip
    else:
        html = render_template("prepared.html", record=record, title=title, back=back, note=note,
                               seconds=seconds, status_labels=STATUS_LABELS)  # fmt: skip
        response = Response(html, mimetype="text/html")
    response.status_code = status
    response.headers["Retry-After"] = str(seconds)
    response.headers["Cache-Control"] = "no-store"
    return response


def gzip_bytes(data: bytes, level: int = 6, size: int = 1 << 20) -> Iterator[bytes]:
    """Gzip ``data`` a block at a time, so the first bytes leave before the last are packed."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    for start in range(0, len(data), size):
        block = compressor.compress(data[start : start + size])
        if block:
            yield block
    yield compressor.flush()
