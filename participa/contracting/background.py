"""Large procurement imports run by the background worker, with progress staff can follow.

The staff import page runs small files inside the request. With a job queue (REDIS_URL), a
larger file is stored in a :class:`~participa.core.models.BackgroundJob` row and imported by
the worker, all or nothing as the command does; the row tells staff its status, how many rows
are done and, at the end, the problems or the import batch made.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from participa.accounts.models import User
from participa.contracting.importers import ImportFailed, import_file
from participa.core import jobs
from participa.core.errors import DomainError
from participa.core.models import BackgroundJob, JobStatus
from participa.db import fit, utcnow
from participa.extensions import db
from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)

IMPORT = "contracting.import"
STATUS_LABELS = {
    JobStatus.QUEUED: _l("Waiting to start"),
    JobStatus.RUNNING: _l("Importing"),
    JobStatus.DONE: _l("Imported"),
    JobStatus.FAILED: _l("Not imported"),
}
PHASE_LABELS = {"check": _l("Checking the file"), "store": _l("Saving the processes")}
# Progress is written at most this often (seconds): each write is a small transaction.
PROGRESS_EVERY = 1.0


def start_import(
    municipality: Municipality, *, actor: User | None, filename: str, content: bytes
) -> BackgroundJob:
    """Store the file and queue its import; the worker runs it after the commit."""
    record = BackgroundJob(
        municipality_id=municipality.id, kind=IMPORT, created_by_id=getattr(actor, "id", None),
        filename=fit(BackgroundJob.filename, filename or "") or None, payload=content,
        problems=[], result={},
    )  # fmt: skip
    db.session.add(record)
    db.session.flush()
    jobs.enqueue(IMPORT, job_id=record.id)
    return record


def _write(job_id: int, **values: Any) -> None:
    # Progress goes through its own short transaction, so staff see it while the import's
    # transaction is still open. SQLite has one writer: the import holds it, so it waits.
    if db.engine.dialect.name == "sqlite":
        return
    with db.engine.begin() as connection:
        connection.execute(update(BackgroundJob).where(BackgroundJob.id == job_id).values(**values))


class _Progress:
    """Feeds (phase, done, total) from the importer into the job's row, a few times a second."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.last = 0.0
        self.phase: str | None = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if phase == self.phase and done < total and now - self.last < PROGRESS_EVERY:
            return
        self.phase, self.last = phase, now
        _write(self.job_id, phase=phase, done=done, total=total)


def run_import(job_id: int) -> None:
    """Import the stored file of job ``job_id`` (nothing happens to a finished job)."""
    record = db.session.get(BackgroundJob, job_id)
    if record is None or record.kind != IMPORT:
        return
    if record.status in (JobStatus.DONE, JobStatus.FAILED):
        return  # already run: a second delivery of the job changes nothing
    started = utcnow()
    _write(job_id, status=JobStatus.RUNNING, started_at=started, attempts=record.attempts + 1)
    municipality = db.session.get(Municipality, record.municipality_id)
    assert municipality is not None  # the job goes with its municipality (cascade)
    actor = db.session.get(User, record.created_by_id) if record.created_by_id else None
    content, filename = record.payload or b"", record.filename or ""
    try:
        result = import_file(municipality, actor=actor, filename=filename, content=content,
                             progress=_Progress(job_id))  # fmt: skip
    except (ImportFailed, DomainError) as exc:
        db.session.rollback()
        problems = [str(exc.message), *(str(p) for p in getattr(exc, "problems", []))]
        _finish(job_id, JobStatus.FAILED, started, problems=problems)
        return
    except Exception:
        logger.exception("background import %s failed", job_id)
        db.session.rollback()
        _finish(job_id, JobStatus.FAILED, started, problems=[])
        return
    assert result.batch is not None  # every successful import makes a batch
    _finish(job_id, JobStatus.DONE, started, result={
        "batch_id": result.batch.id, "processes": result.processes, "releases": result.releases,
    })  # fmt: skip


def _finish(job_id: int, status: str, started: datetime, **values: Any) -> None:
    record = db.session.get(BackgroundJob, job_id)
    assert record is not None  # it was there when the job started; nothing deletes it
    db.session.refresh(record)  # the progress written by the other connection
    record.status = status
    record.started_at = record.started_at or started
    record.finished_at = utcnow()
    record.payload = None  # the file has been read: keep no copy of it
    for name, value in values.items():
        setattr(record, name, value)
    if status == JobStatus.DONE:
        # Every release stored (SQLite, which cannot show progress meanwhile, learns it here).
        record.phase = "store"
        record.done = record.total = max(record.total, record.result.get("releases", 0))
    db.session.flush()


def recompute_flags(municipality_id: int) -> None:
    """Re-evaluate the red flags of a municipality's processes (safe to run twice)."""
    from participa.contracting.services import recompute_flags as recompute

    municipality = db.session.get(Municipality, municipality_id)
    if municipality is not None:
        recompute(municipality)


RECOMPUTE_FLAGS = jobs.Job("contracting.recompute_flags", recompute_flags, timeout=3600)

# Large files take minutes; a crash (not a bad file) is retried once after a minute.
IMPORT_JOB = jobs.Job(IMPORT, run_import, retry_delays=(60,), timeout=3600)
JOBS = (IMPORT_JOB, RECOMPUTE_FLAGS)
