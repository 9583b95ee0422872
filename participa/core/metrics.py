"""Prometheus metrics at ``/metrics``: request latency, requests in flight, queues and failures.

Protected: answered only with ``Authorization: Bearer <METRICS_TOKEN>`` or to a client in
``METRICS_ALLOW`` (comma-separated networks, loopback by default); anyone else gets 404, as if
there were nothing. With gunicorn's several workers set ``PROMETHEUS_MULTIPROC_DIR`` to an
empty folder writable by every worker before they start (prometheus-client's multiprocess mode,
see docs/deployment.md); each scrape then adds up every worker's counts.

Queue figures are read when scraped: from the sources registered with
:func:`register_queue_source` (the background-job module may register its own), or, when
``REDIS_URL`` is set and nothing is registered, from every RQ queue found in that Redis.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from flask import Flask, Response, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector

logger = logging.getLogger(__name__)

REQUEST_LATENCY = Histogram(
    "participa_request_duration_seconds",
    "Time to answer a request, by endpoint and status class.",
    ("endpoint", "method", "status"),
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
IN_FLIGHT = Gauge(
    "participa_requests_in_flight",
    "Requests being answered now.",
    multiprocess_mode="livesum",
)


@dataclass(frozen=True)
class QueueStats:
    """One queue's figures at scrape time."""

    name: str
    length: int
    failed: int


QueueSource = Callable[[], Iterable[QueueStats]]
_queue_sources: list[QueueSource] = []


def register_queue_source(source: QueueSource) -> None:
    """Have ``source`` report queue lengths and failed jobs at every scrape."""
    if source not in _queue_sources:
        _queue_sources.append(source)


def rq_queue_stats(redis_url: str) -> list[QueueStats]:
    """Length and failed-job count of every RQ queue in the Redis at ``redis_url``."""
    from redis import Redis
    from rq import Queue
    from rq.registry import FailedJobRegistry

    connection = Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=2)
    try:
        return [
            QueueStats(queue.name, queue.count, FailedJobRegistry(queue=queue).count)
            for queue in Queue.all(connection=connection)
        ]
    finally:
        connection.close()


class QueueCollector(Collector):
    """Reads the queues when Prometheus scrapes, so the figures are never stale."""

    def __init__(self, redis_url: str | None) -> None:
        self.redis_url = redis_url

    def collect(self) -> Iterator[GaugeMetricFamily]:
        length = GaugeMetricFamily(
            "participa_queue_length", "Jobs waiting in each queue.", labels=["queue"]
        )
        failed = GaugeMetricFamily(
            "participa_queue_failed_jobs",
            "Jobs that failed and wait in each queue's failed-job registry.",
            labels=["queue"],
        )
        up = GaugeMetricFamily(
            "participa_queue_up", "Whether the queue figures could be read (1) or not (0)."
        )
        sources: list[QueueSource] = list(_queue_sources)
        if not sources and self.redis_url:
            url = self.redis_url
            sources.append(lambda: rq_queue_stats(url))
        ok = True
        for source in sources:
            try:
                for stats in source():
                    length.add_metric([stats.name], stats.length)
                    failed.add_metric([stats.name], stats.failed)
            except Exception:  # a down Redis must not break the rest of the scrape
                logger.warning("metrics: queue figures unavailable", exc_info=True)
                ok = False
        up.add_metric([], 1 if ok else 0)
        yield length
        yield failed
        if sources:
            yield up


def _networks(spec: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for part in spec.split(","):
        if part.strip():
            networks.append(ipaddress.ip_network(part.strip(), strict=False))
    return networks


def allowed() -> bool:
    """Whether the caller may read the metrics: the bearer token, or an allowed address."""
    token = current_app.config.get("METRICS_TOKEN")
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header[7:].strip().encode(), token.encode())
    # Through a proxy the app does not trust, every caller looks local: addresses prove nothing.
    if request.headers.get("X-Forwarded-For") and not current_app.config.get("TRUSTED_PROXIES"):
        return False
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in network for network in _networks(current_app.config["METRICS_ALLOW"]))


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry = REGISTRY
    return registry


def metrics_view() -> Response:
    if not allowed():
        abort(404)
    # The queue collector gets its own registry per scrape: scrapes may run side by side.
    queues = CollectorRegistry()
    # The queue's own Redis: JOBS_REDIS_URL, which the factory fills in from REDIS_URL.
    config = current_app.config
    queues.register(QueueCollector(config.get("JOBS_REDIS_URL") or config.get("REDIS_URL")))
    body = generate_latest(_registry()) + generate_latest(queues)
    response = Response(body, mimetype=CONTENT_TYPE_LATEST)
    response.headers["Cache-Control"] = "no-store"
    return response


def _status_class(status: int) -> str:
    return f"{status // 100}xx"


def init_app(app: Flask) -> None:
    """Count every request and serve ``/metrics``."""
    from participa.extensions import limiter

    @app.before_request
    def _begin() -> None:
        IN_FLIGHT.inc()
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _observe(response: Response) -> Response:
        started = g.get("metrics_started")
        if started is not None:
            endpoint = request.url_rule.endpoint if request.url_rule else "unmatched"
            REQUEST_LATENCY.labels(
                endpoint, request.method, _status_class(response.status_code)
            ).observe(time.perf_counter() - started)
        return response

    @app.teardown_request
    def _end(_exc: BaseException | None) -> None:
        if g.pop("metrics_started", None) is not None:
            IN_FLIGHT.dec()

    app.add_url_rule("/metrics", "metrics", limiter.exempt(metrics_view), methods=["GET"])
