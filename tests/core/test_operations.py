"""Health and readiness probes, request ids, JSON logs and the Prometheus metrics endpoint."""

from __future__ import annotations

import json
import logging
import socket

import pytest

from participa.core import metrics
from participa.core.observability import JsonFormatter, RequestContextFilter
from tests.conftest import app_like


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_healthz_answers_without_the_database(app, client, monkeypatch):
    from participa.core import health

    monkeypatch.setattr(health, "check_database", lambda: pytest.fail("healthz touched the db"))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_readyz_reports_the_database(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"database": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_readyz_is_503_when_the_database_is_down(client, monkeypatch):
    from participa.core import health

    monkeypatch.setattr(health, "check_database", lambda: False)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["checks"]["database"] == "unavailable"


def test_readyz_names_an_unreachable_redis(app):
    other = app_like(app, REDIS_URL=f"redis://127.0.0.1:{_free_port()}/0")
    response = other.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json == {
        "status": "unavailable",
        "checks": {"database": "ok", "redis": "unavailable"},
    }


@pytest.mark.rate_limits(RATELIMIT_DEFAULT="1 per minute")
def test_probes_are_not_rate_limited(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
        assert client.get("/readyz").status_code == 200


def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert len(first) == 32 and first != second


@pytest.mark.parametrize(
    "incoming,kept",
    [
        ("abc123-def456", True),
        ("lb.7f3a2c_01", True),
        ("short", False),  # too short to be an id
        ("x" * 65, False),
        ("bad id with spaces", False),
        ('forged"} {"level":"ERROR', False),
    ],
)
def test_an_incoming_request_id_is_kept_only_when_sane(client, incoming, kept):
    returned = client.get("/healthz", headers={"X-Request-ID": incoming}).headers["X-Request-ID"]
    assert (returned == incoming) is kept


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_json_logs_one_object_per_request_without_query_strings(app, capsys):
    other = app_like(app, LOG_FORMAT="json", LOG_REQUESTS=True)
    capsys.readouterr()
    response = other.test_client().get(
        "/healthz?token=secret-reset-token&email=ana@example.org",
        headers={"X-Request-ID": "req-0123456789"},
    )
    assert response.status_code == 200
    err = capsys.readouterr().err
    entries = [e for e in _json_lines(err) if e["logger"] == "participa.request"]
    assert len(entries) == 1
    entry = entries[0]
    line = err
    assert entry["request_id"] == "req-0123456789"
    assert entry["method"] == "GET"
    assert entry["path"] == "/healthz"
    assert entry["status"] == 200
    assert entry["level"] == "INFO" and entry["logger"] == "participa.request"
    assert isinstance(entry["duration_ms"], float)
    assert {"time", "message"} <= set(entry)
    assert "secret-reset-token" not in line and "example.org" not in line


def test_json_log_lines_name_the_municipality(app, municipality, capsys):
    other = app_like(app, LOG_FORMAT="json", LOG_REQUESTS=True)
    capsys.readouterr()
    assert other.test_client().get(f"/m/{municipality.slug}/").status_code == 200
    entries = _json_lines(capsys.readouterr().err)
    assert [e["municipality"] for e in entries if e["logger"] == "participa.request"] == [
        municipality.slug
    ]


def test_the_json_formatter_outside_a_request():
    record = logging.LogRecord("participa.x", logging.WARNING, __file__, 1, "hi %s", ("x",), None)
    RequestContextFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "hi x" and "request_id" not in entry


def test_json_logs_mask_email_addresses():
    record = logging.LogRecord(
        "participa.core.mail", logging.INFO, __file__, 1, "mail to %s in outbox",
        ("ana.lopez+x@vecinos.example.org",), None,
    )  # fmt: skip
    assert json.loads(JsonFormatter().format(record))["message"] == "mail to <e-mail> in outbox"


def test_the_app_logs_through_the_chosen_format(app):
    app_like(app, LOG_FORMAT="json")
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_participa", False)]
    assert len(ours) == 1 and isinstance(ours[0].formatter, JsonFormatter)
    app_like(app, LOG_FORMAT="text")
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_participa", False)]
    assert len(ours) == 1 and not isinstance(ours[0].formatter, JsonFormatter)


# Metrics -------------------------------------------------------------------------------------


def test_metrics_from_loopback_count_requests_by_endpoint(client):
    client.get("/healthz")
    client.get("/no-such-page")
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    body = response.get_data(as_text=True)
    assert (
        'participa_request_duration_seconds_count{endpoint="site.health",method="GET",'
        'status="2xx"}' in body
    )
    assert 'endpoint="unmatched",method="GET",status="4xx"' in body
    assert "participa_requests_in_flight" in body
    assert "Set-Cookie" not in response.headers


def test_metrics_are_hidden_from_other_networks(client):
    response = client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert response.status_code == 404


def test_metrics_through_an_untrusted_proxy_are_hidden(client):
    # nginx on the same host: the peer is loopback, but the caller is whoever nginx forwards.
    response = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 404


def test_metrics_with_the_bearer_token(app):
    other = app_like(app, METRICS_TOKEN="s3cret-metrics-token", METRICS_ALLOW="")
    client = other.test_client()
    remote = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get("/metrics", environ_base=remote).status_code == 404
    wrong = {"Authorization": "Bearer nope"}
    assert client.get("/metrics", headers=wrong, environ_base=remote).status_code == 404
    right = {"Authorization": "Bearer s3cret-metrics-token"}
    assert client.get("/metrics", headers=right, environ_base=remote).status_code == 200
    # METRICS_ALLOW="" lets no network in, not even loopback.
    assert client.get("/metrics").status_code == 404


def test_metrics_allowed_networks(app):
    other = app_like(app, METRICS_ALLOW="10.0.0.0/8, 2001:db8::/32")
    client = other.test_client()
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "2001:db8::5"}).status_code == 200
    assert client.get("/metrics").status_code == 404  # loopback is no longer listed


def test_registered_queue_sources_are_read_at_each_scrape(client, monkeypatch):
    monkeypatch.setattr(metrics, "_queue_sources", [])
    figures = {"length": 3}
    metrics.register_queue_source(lambda: [metrics.QueueStats("default", figures["length"], 2)])
    body = client.get("/metrics").get_data(as_text=True)
    assert 'participa_queue_length{queue="default"} 3.0' in body
    assert 'participa_queue_failed_jobs{queue="default"} 2.0' in body
    assert "participa_queue_up 1.0" in body
    figures["length"] = 7
    assert 'participa_queue_length{queue="default"} 7.0' in client.get("/metrics").get_data(
        as_text=True
    )


def test_a_failing_queue_source_does_not_break_the_scrape(client, monkeypatch):
    def broken():
        raise ConnectionError("redis is down")

    monkeypatch.setattr(metrics, "_queue_sources", [broken])
    response = client.get("/metrics")
    assert response.status_code == 200
    assert "participa_queue_up 0.0" in response.get_data(as_text=True)


@pytest.fixture
def redis_url():
    """A throwaway redis-server on a free port, stopped afterwards."""
    import shutil
    import subprocess
    import time

    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    import redis

    port = _free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(50):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(5)


def test_rq_queues_and_failed_jobs_are_read_from_redis(app, redis_url, monkeypatch):
    from redis import Redis
    from rq import Queue
    from rq.job import Job
    from rq.registry import FailedJobRegistry

    monkeypatch.setattr(metrics, "_queue_sources", [])
    connection = Redis.from_url(redis_url)
    queue = Queue("mail", connection=connection)
    queue.enqueue("builtins.print", "one")
    queue.enqueue("builtins.print", "two")
    failed = Job.create("builtins.print", connection=connection, origin="mail")
    failed.save()
    FailedJobRegistry(queue=queue).add(failed, ttl=600)

    other = app_like(app, REDIS_URL=redis_url)
    body = other.test_client().get("/metrics").get_data(as_text=True)
    assert 'participa_queue_length{queue="mail"} 2.0' in body
    assert 'participa_queue_failed_jobs{queue="mail"} 1.0' in body
    assert other.test_client().get("/readyz").json["checks"] == {"database": "ok", "redis": "ok"}


SCRAPE_SCRIPT = """
import sys
from participa import create_app
from participa.config import TestConfig

app = create_app(TestConfig)
client = app.test_client()
for _ in range(int(sys.argv[1])):
    assert client.get("/healthz").status_code == 200
if sys.argv[2] == "scrape":
    sys.stdout.write(client.get("/metrics").get_data(as_text=True))
"""


def test_metrics_add_up_every_worker_in_multiprocess_mode(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "DATABASE_URL": "sqlite://"}

    def run(requests: int, action: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", SCRAPE_SCRIPT, str(requests), action],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return done.stdout

    run(2, "none")  # one worker, then another that scrapes
    body = run(3, "scrape")
    line = next(
        line
        for line in body.splitlines()
        if line.startswith("participa_request_duration_seconds_count")
        and 'endpoint="site.health"' in line
    )
    assert float(line.rsplit(" ", 1)[1]) == 5.0
