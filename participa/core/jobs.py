"""Background jobs: declared in feature manifests, run by an RQ worker on Redis, else inline.

A feature lists its jobs in its manifest (``Feature(jobs=(Job("voting.close_due", ...),))``);
:func:`participa.core.features.install` registers them, so importing registers nothing. Code
asks for one with ``enqueue("voting.close_due")`` or ``enqueue("mail.deliver", message_id=3)``:

- with a queue (``JOBS_REDIS_URL``, which defaults to ``REDIS_URL``), the job is pushed to RQ
  right after the database session commits (a rollback drops it), so the worker always finds
  what the job refers to and the web request never waits for the job itself;
- without one, the job runs inline: in a request right after the view's commit (before the
  response leaves), elsewhere (commands, tests) at once, inside the caller's transaction.

A job's function works like a service: it flushes, never commits (the runner commits), and it
is safe to run twice, because a retried or doubly scheduled job will be. ``TryAgain`` asks for
a retry with the job's delays and keeps what the job flushed (the outbox's error, say).
``flask --app participa worker`` runs the jobs, and every ``JOBS_TICK_SECONDS`` it enqueues the
periodic ones (``every=``) whose interval has passed, once across all workers.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app, g, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from participa.extensions import db

if TYPE_CHECKING:
    from redis import Redis
    from rq import Queue

logger = logging.getLogger(__name__)

PERFORM = "participa.core.jobs.perform"
_PENDING = "participa.jobs.pending"  # Session.info key: jobs waiting for the commit
_READY = "_participa_jobs_ready"  # g key: inline jobs committed in this request


@dataclass(frozen=True)
class Job:
    """One kind of background work, named ``<feature>.<verb>``."""

    name: str
    # Flushes, never commits; keyword arguments only, JSON-like (ids, not objects).
    func: Callable[..., Any]
    # Seconds to wait before each retry; as many retries as delays.
    retry_delays: tuple[int, ...] = ()
    timeout: int = 600
    # Seconds between runs scheduled by the worker (the job then takes no arguments).
    every: int | None = None
    # At most one waiting in the queue per set of arguments (later requests are dropped).
    unique: bool = False


class TryAgain(Exception):
    """The job failed in a way worth retrying later; what it flushed is committed."""


_registry: dict[str, Job] = {}


def reset() -> None:
    """Forget the declared jobs (before the features are installed again)."""
    _registry.clear()


def register(job: Job) -> None:
    """Declare ``job`` (called by features.install for each manifest's jobs)."""
    existing = _registry.get(job.name)
    if existing is not None and existing != job:
        raise ValueError(f"job {job.name!r} is declared twice")
    _registry[job.name] = job


def declared() -> list[Job]:
    """Every declared job, by name."""
    return [_registry[name] for name in sorted(_registry)]


def get(name: str) -> Job:
    """The declared job ``name``."""
    try:
        return _registry[name]
    except KeyError:
        raise LookupError(f"no installed feature declares the job {name!r}") from None


# Redis and the queue -------------------------------------------------------------------------


def redis_client(app: Flask | None = None) -> Redis | None:
    """The job queue's Redis client (one per application), or None without a queue."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    url = app.config.get("JOBS_REDIS_URL")
    if not url:
        return None
    client: Redis | None = app.extensions.get("participa.jobs.redis")
    if client is None:
        from redis import Redis

        client = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)
        app.extensions["participa.jobs.redis"] = client
    return client


def queue(app: Flask | None = None) -> Queue | None:
    """The RQ queue the workers read, or None when jobs run inline."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    client = redis_client(app)
    if client is None:
        return None
    from rq import Queue

    return Queue(app.config.get("JOBS_QUEUE", "participa"), connection=client)


def is_queued() -> bool:
    """Tell whether jobs go to a worker (a queue is configured) rather than run inline."""
    return bool(current_app.config.get("JOBS_REDIS_URL"))


def queue_length() -> int | None:
    """Jobs waiting in the queue (for readiness and metrics); None without a queue."""
    q = queue()
    return None if q is None else q.count


def failed_count() -> int | None:
    """Jobs that failed for good and wait in RQ's failed registry; None without a queue."""
    q = queue()
    return None if q is None else q.failed_job_registry.count


# Enqueueing ----------------------------------------------------------------------------------


def enqueue(name: str, **kwargs: Any) -> None:
    """Run the job ``name`` in the background (see the module's docstring for when)."""
    job = get(name)
    session = db.session()
    if is_queued():
        if session.in_transaction():
            session.info.setdefault(_PENDING, []).append((job.name, kwargs))
        else:
            _push(current_app._get_current_object(), job, kwargs)  # type: ignore[attr-defined]
    elif has_request_context():
        session.info.setdefault(_PENDING, []).append((job.name, kwargs))
        if not session.in_transaction():
            _committed(session)
    else:
        run_inline(job, kwargs, commit=False)


def _push(app: Flask, job: Job, kwargs: dict[str, Any]) -> None:
    q = queue(app)
    assert q is not None  # only called with a queue
    from rq import Retry
    from rq.exceptions import DuplicateJobError

    delays = app.config.get("JOBS_RETRY_DELAYS", {}).get(job.name, job.retry_delays)
    retry = Retry(max=len(delays), interval=list(delays)) if delays else None
    options: dict[str, Any] = {}
    if job.unique:
        arguments = "-".join(f"{k}-{kwargs[k]}" for k in sorted(kwargs))
        # RQ ids take letters, digits, underscores and dashes only.
        arguments = re.sub(r"[^A-Za-z0-9_-]", "_", f"{job.name}-{arguments}")
        # Finished or failed, the id is free again soon: only a waiting job blocks another.
        options = {"job_id": arguments, "unique": True, "result_ttl": 0,
                   "failure_ttl": 300}  # fmt: skip
    try:
        q.enqueue_call(PERFORM, args=(job.name, kwargs), timeout=job.timeout, retry=retry,
                       description=job.name, **options)  # fmt: skip
    except DuplicateJobError:
        return  # the same work is already waiting
    except Exception:
        # Redis unreachable: do the work now rather than lose it.
        logger.exception("could not queue job %s; running it inline", job.name)
        if has_request_context():
            g.setdefault(_READY, []).append((job.name, kwargs))
        else:
            run_inline(job, kwargs, commit=False)


def _committed(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending or not has_app_context():
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    for name, kwargs in pending:
        if app.config.get("JOBS_REDIS_URL"):
            _push(app, get(name), kwargs)
        elif has_request_context():
            g.setdefault(_READY, []).append((name, kwargs))


def _rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)


def init_app(app: Flask) -> None:
    """Hand committed jobs over to the queue, and run inline ones once the view returns."""
    if not event.contains(Session, "after_commit", _committed):
        event.listen(Session, "after_commit", _committed)
        event.listen(Session, "after_rollback", _rolled_back)

    @app.after_request
    def _run_ready(response: Any) -> Any:
        ready = g.pop(_READY, None)
        for name, kwargs in ready or ():
            run_inline(get(name), kwargs, commit=True)
        return response


# Running -------------------------------------------------------------------------------------


def run_inline(job: Job, kwargs: dict[str, Any], *, commit: bool) -> None:
    """Run ``job`` in this process; a failure is logged, never raised to the caller."""
    try:
        job.func(**kwargs)
    except TryAgain as exc:
        logger.warning("job %s failed and runs inline, so it is not retried: %s", job.name, exc)
        if commit:
            db.session.commit()
        return
    except Exception:
        logger.exception("job %s failed", job.name)
        if commit:
            db.session.rollback()
        return
    if commit:
        db.session.commit()


def perform(name: str, kwargs: dict[str, Any]) -> Any:
    """What the RQ worker calls: run the job in a fresh application context and commit."""
    app = current_app._get_current_object() if has_app_context() else _worker_app()  # type: ignore[attr-defined]
    with app.app_context():
        job = get(name)
        try:
            result = job.func(**kwargs)
        except TryAgain:
            db.session.commit()
            raise
        except BaseException:
            db.session.rollback()
            raise
        else:
            db.session.commit()
        finally:
            db.session.remove()
    return result


_worker_apps: list[Flask] = []


def _worker_app() -> Flask:
    # A worker started without the Flask CLI (``rq worker``) builds the application once.
    if not _worker_apps:
        from participa import create_app

        _worker_apps.append(create_app())
    return _worker_apps[0]


# Periodic work -------------------------------------------------------------------------------


def schedule_periodic(app: Flask) -> list[str]:
    """Queue each periodic job whose interval has passed, once across every worker."""
    client = redis_client(app)
    if client is None:
        return []
    queued = []
    for job in declared():
        if job.every and client.set(f"participa:periodic:{job.name}", "1", nx=True, ex=job.every):
            _push(app, job, {})
            queued.append(job.name)
    return queued


def run_periodic_inline() -> list[str]:
    """Run every periodic job now, without a queue (``flask --app participa worker --once``)."""
    names = []
    for job in declared():
        if job.every:
            run_inline(job, {}, commit=True)
            names.append(job.name)
    return names


class Ticker(threading.Thread):
    """Calls :func:`schedule_periodic` every ``seconds`` until stopped."""

    def __init__(self, app: Flask, seconds: int) -> None:
        super().__init__(name="participa-jobs-ticker", daemon=True)
        self.app, self.seconds = app, seconds
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                schedule_periodic(self.app)
            except Exception:
                logger.exception("could not schedule the periodic jobs")
            self.stopped.wait(self.seconds)


def work(app: Flask, *, burst: bool = False, queues: Sequence[Queue] | None = None) -> None:
    """Run an RQ worker in this process (no fork: jobs share the application's engine)."""
    from rq import SimpleWorker

    q = queue(app)
    if q is None:
        raise RuntimeError("no job queue is configured (REDIS_URL or JOBS_REDIS_URL)")
    ticker = Ticker(app, app.config.get("JOBS_TICK_SECONDS", 60))
    if not burst:
        ticker.start()
    try:
        worker = SimpleWorker(list(queues or [q]), connection=q.connection)
        worker.work(burst=burst, with_scheduler=True)
    finally:
        ticker.stopped.set()
