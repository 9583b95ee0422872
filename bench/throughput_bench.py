"""Requests per second of the list pages under gunicorn, beside a bare Flask yardstick.

    .venv/bin/python bench/throughput_bench.py [--proposals 10000 --supports 100000 --seconds 10]
    DATABASE_URL=postgresql+psycopg://participa@127.0.0.1:55432/scratch \
        .venv/bin/python bench/throughput_bench.py

Builds one consultation with N proposals in a temporary SQLite file (or in the throwaway
database named by DATABASE_URL: its tables are dropped), serves Participa with gunicorn (2 sync
workers, production settings) and, as the yardstick, a bare Flask app that lists 20 of the same
rows from the same database through a Jinja template compiled once, opening a connection per
request as the Flask tutorial does. On SQLite a new connection reads the whole schema, most of
the yardstick's cost: the same page on a connection kept per worker is printed beside it, for
comparison (on PostgreSQL both keep their connection). Beside them, the design-card floor
(bench/stack_floor.py): a signed-in page on Flask-Login, Flask-SQLAlchemy, Flask-Babel and
Flask-WTF that does nothing of ours, the least any signed-in page of ours can cost. Pages are
read anonymously (the page cache and HTTP caching headers on) and signed in (a supporter's
session cookie: no page is kept for them; they share the parts that are the same for everyone,
such as the proposal list with each card's support button filled in per person,
core.cache.personal_fragment). Goals: signed-in list and consultation page at least 50% of the
yardstick, anonymous cached pages 90%. Each page is loaded for ``--seconds`` by ``wrk`` when it
is installed (Debian package ``wrk``), otherwise by keep-alive Python clients in separate
processes (they share the CPUs with the server, so figures are lower). Prints requests/s per
page with the data sizes, and each page's share of the yardstick.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

BARE_APP = textwrap.dedent(
    """
    import os
    import sqlite3
    from flask import Flask, render_template, request
    from jinja2 import DictLoader

    app = Flask(__name__)
    URL = os.environ["BARE_DATABASE_URL"]
    PAGE = '''<!doctype html><html><body><h1>Proposals</h1><ul>
    {% for id, title, supports in rows %}<li><a href="/p/{{ id }}">{{ title }}</a>
    {{ supports }}</li>{% endfor %}</ul></body></html>'''
    # Compiled once, as an application's template files are (render_template_string would
    # compile it on every request and slow the yardstick down by a fifth).
    app.jinja_loader = DictLoader({"page.html": PAGE})
    SQL = "SELECT id, title, supports_count FROM proposals ORDER BY id DESC LIMIT 20 OFFSET "
    conn = None

    def _rows(page, kept):
        global conn
        if URL.startswith("postgresql"):
            import psycopg

            if conn is None:
                conn = psycopg.connect(URL, autocommit=True)
            return conn.execute(SQL + "%s", ((page - 1) * 20,)).fetchall()
        if kept:
            if conn is None:
                conn = sqlite3.connect(URL, check_same_thread=False)
            return conn.execute(SQL + "?", ((page - 1) * 20,)).fetchall()
        # As the Flask tutorial does: a connection per request. SQLite reads the schema
        # (all of Participa's tables) on each new connection, most of this page's cost.
        db = sqlite3.connect(URL)
        try:
            return db.execute(SQL + "?", ((page - 1) * 20,)).fetchall()
        finally:
            db.close()

    @app.get("/")
    def index():
        rows = _rows(int(request.args.get("page", 1)), kept=False)
        return render_template("page.html", rows=rows)

    @app.get("/kept")
    def kept():
        rows = _rows(int(request.args.get("page", 1)), kept=True)
        return render_template("page.html", rows=rows)
    """
)

# The floor of a signed-in page on the design card's stack (bench/stack_floor.py).
STACK_APP = "from stack_floor import reading_app\n\napp = reading_app()\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_data(url: str, proposals: int, supports: int) -> dict:
    from proposals_bench import build

    from participa import create_app
    from participa.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        data = build(proposals, supports, 10)
        db.session.commit()
    return data


def serve(argv: list[str], env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    # Until a page answers, not only the socket: on a loaded machine the workers take many
    # seconds to import the application after gunicorn listens.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", "/")
            conn.getresponse().read()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"server on port {port} did not start")


def _client(port: int, path: str, until: float, queue, cookie: str | None = None) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    done = errors = 0
    while time.monotonic() < until:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        response.read()
        if response.status == 200:
            done += 1
        else:
            errors += 1
    queue.put((done, errors))


def session_cookie(app_url: str, secret: str, user_id: int, token: str) -> str:
    """A signed session cookie of the person, as the application (same SECRET_KEY) reads it."""
    from participa import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": app_url, "SECRET_KEY": secret})
    serializer = app.session_interface.get_signing_serializer(app)
    value = serializer.dumps({"_user_id": f"{user_id}:{token}", "_fresh": True})
    return f"{app.config['SESSION_COOKIE_NAME']}={value}"


def load(
    port: int, path: str, seconds: float, clients: int, cookie: str | None = None
) -> tuple[float, int]:
    """Return (requests per second, non-200 answers)."""
    wrk = shutil.which("wrk")
    if wrk:
        headers = ["-H", f"Cookie: {cookie}"] if cookie else []
        out = subprocess.run(
            [wrk, "-t2", f"-c{clients}", f"-d{int(seconds)}s", *headers,
             f"http://127.0.0.1:{port}{path}"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        return rate, int(bad.group(1)) if bad else 0
    queue = multiprocessing.Queue()
    until = time.monotonic() + seconds
    workers = [
        multiprocessing.Process(target=_client, args=(port, path, until, queue, cookie))
        for _ in range(clients)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get() for _ in workers]
    for worker in workers:
        worker.join()
    return sum(r[0] for r in results) / seconds, sum(r[1] for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--supports", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="participa-throughput-"))
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp / 'bench.sqlite'}"
    bare_url = url.replace("postgresql+psycopg://", "postgresql://").replace("sqlite:///", "")
    engine = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    try:
        data = build_data(url, args.proposals, args.supports)
        (tmp / "bare.py").write_text(BARE_APP)
        (tmp / "stack.py").write_text(STACK_APP)
        secret = secrets.token_hex(32)
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        env = dict(os.environ, PARTICIPA_ENV="production", SECRET_KEY=secret,
                   DATABASE_URL=url, SESSION_COOKIE_SECURE="0", BARE_DATABASE_URL=bare_url,
                   RATELIMIT_ENABLED="0",
                   PYTHONPATH=os.pathsep.join((str(tmp), str(ROOT / "bench"))))  # fmt: skip
        cookie = session_cookie(url, secret, data["supporter"], data["supporter_token"])
        common = ["-w", "2", "--log-level", "warning"]
        bare_port, stack_port, app_port = free_port(), free_port(), free_port()
        servers = [
            serve([gunicorn, *common, "-b", f"127.0.0.1:{bare_port}", "bare:app"], env, bare_port),
            serve(
                [gunicorn, *common, "-b", f"127.0.0.1:{stack_port}", "stack:app"], env, stack_port
            ),
            serve([gunicorn, *common, "-b", f"127.0.0.1:{app_port}", "wsgi:app"], env, app_port),
        ]
        consultation = data["consultation"]
        detail = f"/m/bench/consultations/{consultation}"
        listing = f"/m/bench/consultations/{consultation}/proposals/?sort=supports"
        # (label, port, path, cookie, goal as a share of the yardstick)
        pages = [
            ("bare Flask: 20 of N rows (yardstick)", bare_port, "/", None, None),
            ("bare Flask, connection kept (for comparison)", bare_port, "/kept", None, None),
            ("design-card floor, signed in (stack_floor)", stack_port, "/", cookie, None),
            ("platform home", app_port, "/", None, None),
            ("open consultations (network list)", app_port, "/consultations/", None, None),
            ("consultation detail (anonymous)", app_port, detail, None, 0.9),
            ("proposals, most supported (anonymous)", app_port, listing, None, 0.9),
            ("proposals, page 50 (anonymous)", app_port, listing + "&page=50", None, 0.9),
            ("proposals, newest (anonymous)", app_port,
             f"/m/bench/consultations/{consultation}/proposals/?sort=newest", None, 0.9),
            ("consultation detail (signed in)", app_port, detail, cookie, 0.5),
            ("proposals, most supported (signed in)", app_port, listing, cookie, 0.5),
        ]  # fmt: skip
        tool = "wrk" if shutil.which("wrk") else f"{args.clients} Python keep-alive clients"
        print(f"engine: {engine}; data: {data['proposals']:,} proposals, {data['supports']:,} "
              f"supports, {data['people']:,} people; gunicorn 2 workers; load: {tool}, "
              f"{args.seconds:.0f} s per page; {os.cpu_count()} CPUs, load average "
              f"{os.getloadavg()[0]:.1f}")  # fmt: skip
        try:
            baseline = None
            for label, port, path, jar, goal in pages:
                load(port, path, 1, 2, jar)  # warm up both workers
                rate, bad = load(port, path, args.seconds, args.clients, jar)
                baseline = baseline or rate
                note = f" ({bad} non-200!)" if bad else ""
                share = rate / baseline
                verdict = "" if goal is None else (
                    f"  goal {goal:.0%}: {'met' if share >= goal else 'NOT met'}"
                )  # fmt: skip
                print(f"  {label:42} {rate:8.0f} req/s  {share:5.0%} of yardstick{verdict}{note}")
        finally:
            for server in servers:
                server.terminate()
                try:
                    server.wait(30)
                except subprocess.TimeoutExpired:
                    server.kill()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
