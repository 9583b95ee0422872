"""Two app servers, one PostgreSQL and one Redis: nothing a person needs lives in one process.

Two real server processes on different local ports share the suite's PostgreSQL database and a
Redis: a person signs in on one and continues on the other, a rate limit counted on one applies
on the other, a support given on one is seen on the other, and a job queued by one is run by
the worker. It needs DATABASE_URL on PostgreSQL and REDIS_URL (.ci/run's postgres part); it is
skipped without them, unless PARTICIPA_REQUIRE_REDIS=1, when it must run.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from participa.core import jobs
from participa.core.models import OutboxMessage
from participa.extensions import db
from participa.proposals.models import Proposal
from tests import factories
from tests.consultations.helpers import make_consultation, make_proposal

ROOT = Path(__file__).resolve().parent.parent
SERVE = """
import sys
from werkzeug.serving import make_server
from participa import create_app
make_server("127.0.0.1", int(sys.argv[1]), create_app(), threaded=True).serve_forever()
"""


@pytest.fixture
def shared(app, database_url):
    if not database_url.startswith("postgresql"):
        if os.environ.get("PARTICIPA_REQUIRE_REDIS") == "1":
            pytest.fail("PARTICIPA_REQUIRE_REDIS=1: the two-server test needs DATABASE_URL on "
                        "PostgreSQL")  # fmt: skip
        pytest.skip("needs DATABASE_URL on PostgreSQL (one database for two servers)")
    return database_url


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def servers(shared, redis_url, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": shared,
        "REDIS_URL": redis_url,
        "PARTICIPA_ENV": "development",
        "SECRET_KEY": "two-servers-one-secret-" + "x" * 20,
        "RATELIMIT_ENABLED": "1",
        "RATELIMIT_LOGIN": "3 per minute",
        "PAGE_CACHE_SECONDS": "0",
        "MAIL_SERVER": "smtp.example.org",  # the job, not the server, talks to it
        "PYTHONPATH": str(ROOT),
    }
    for name in ("RATELIMIT_STORAGE_URI", "CACHE_TYPE", "JOBS_REDIS_URL"):
        env.pop(name, None)  # everything shared goes through REDIS_URL
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", SERVE, str(port)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        deadline = time.monotonic() + 60
        for url, process in zip(urls, processes, strict=True):
            while True:
                if process.poll() is not None:
                    pytest.fail(f"server stopped: {process.stderr.read().decode()[-2000:]}")
                try:
                    requests.get(url + "/account/login", timeout=10)
                    break
                except requests.RequestException:
                    if time.monotonic() > deadline:
                        pytest.fail("server did not start within 60 s")
                    time.sleep(0.2)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _token(response: requests.Response) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.text)
    assert match, "no CSRF token on the page"
    return match.group(1)


def _login(browser, url, email, password):
    page = browser.get(f"{url}/account/login")
    return browser.post(f"{url}/account/login", allow_redirects=False, data={
        "csrf_token": _token(page), "email": email, "password": password, "next": "",
    })  # fmt: skip


def test_two_servers_share_sessions_rate_limits_votes_and_jobs(
    servers, redis_app, municipality, smtp
):
    a, b = servers
    person = factories.UserFactory(display_name="Persona Compartida")
    proposal = make_proposal(make_consultation(municipality, phase="supports"))
    browser = requests.Session()  # one cookie jar: the same browser, balanced between servers

    # Signs in on one, continues on the other.
    assert _login(browser, a, person.email, factories.PASSWORD).status_code == 302
    account = browser.get(f"{b}/account/", allow_redirects=False)
    assert account.status_code == 200 and "Persona Compartida" in account.text

    # A support given on one is seen on the other.
    detail = f"/m/villa-norte/proposals/{proposal.id}"
    page = browser.get(a + detail)
    given = browser.post(f"{a}{detail}/support", data={"csrf_token": _token(page)},
                         allow_redirects=False)  # fmt: skip
    assert given.status_code == 302
    assert "1 support" in browser.get(b + detail).text
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).supports_count == 1

    # A rate limit counted on one applies on the other: 3 login attempts a minute in all.
    stranger = requests.Session()
    statuses = []
    for url in (a, b, a, b):
        statuses.append(_login(stranger, url, "nadie@example.org", "wrong password").status_code)
    assert statuses[-1] == 429 and 429 not in statuses[:2]

    # A job queued by one server is run by the worker.
    forgot = requests.Session()
    page = forgot.get(f"{b}/account/forgot")
    sent = forgot.post(f"{b}/account/forgot", allow_redirects=False,
                       data={"csrf_token": _token(page), "email": person.email})  # fmt: skip
    assert sent.status_code == 302
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.sent_at is None and smtp.sent == []
    with redis_app.app_context():
        redis_app.config["MAIL_SERVER"] = "smtp.example.org"
        assert jobs.queue_length() == 1
        jobs.work(redis_app, burst=True)
    db.session.expire_all()
    assert smtp.sent == [person.email]
    assert db.session.get(OutboxMessage, message.id).sent_at is not None
