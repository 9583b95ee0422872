"""Requests per second of the anonymous list pages under gunicorn, beside a bare Flask yardstick.

    .venv/bin/python bench/throughput_bench.py [--proposals 10000 --supports 100000 --seconds 10]

Builds one consultation with N proposals in a temporary SQLite file, serves Participa with
gunicorn (2 sync workers, production settings) and, as the yardstick, a bare Flask app that lists
20 of the same number of rows through Jinja. Each page is loaded for ``--seconds`` by ``wrk``
when it is installed (Debian package ``wrk``), otherwise by keep-alive Python clients in
separate processes (they share the CPUs with the server, so figures are lower). Prints
requests/s per page with the data sizes, and each page's share of the yardstick.
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
    import sqlite3
    from flask import Flask, render_template_string, request

    app = Flask(__name__)
    DB = {db!r}
    PAGE = '''<!doctype html><html><body><h1>Proposals</h1><ul>
    {{% for id, title, supports in rows %}}<li><a href="/p/{{{{ id }}}}">{{{{ title }}}}</a>
    {{{{ supports }}}}</li>{{% endfor %}}</ul></body></html>'''

    @app.get("/")
    def index():
        page = int(request.args.get("page", 1))
        with sqlite3.connect(DB) as conn:
            rows = conn.execute(
                "SELECT id, title, supports_count FROM proposals "
                "ORDER BY id DESC LIMIT 20 OFFSET ?", ((page - 1) * 20,)
            ).fetchall()
        return render_template_string(PAGE, rows=rows)
    """
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_data(db_path: str, proposals: int, supports: int) -> dict:
    from proposals_bench import build

    from participa import create_app
    from participa.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", "SECRET_KEY": "bench"})
    with app.app_context():
        db.create_all()
        data = build(proposals, supports, 10)
        db.session.commit()
    return data


def serve(argv: list[str], env: dict, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server on port {port} did not start")


def _client(port: int, path: str, until: float, queue) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    done = errors = 0
    while time.monotonic() < until:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        if response.status == 200:
            done += 1
        else:
            errors += 1
    queue.put((done, errors))


def load(port: int, path: str, seconds: float, clients: int) -> tuple[float, int]:
    """Return (requests per second, non-200 answers)."""
    wrk = shutil.which("wrk")
    if wrk:
        out = subprocess.run(
            [wrk, "-t2", f"-c{clients}", f"-d{int(seconds)}s", f"http://127.0.0.1:{port}{path}"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        return rate, int(bad.group(1)) if bad else 0
    queue = multiprocessing.Queue()
    until = time.monotonic() + seconds
    workers = [
        multiprocessing.Process(target=_client, args=(port, path, until, queue))
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
    db_path = str(tmp / "bench.sqlite")
    try:
        data = build_data(db_path, args.proposals, args.supports)
        (tmp / "bare.py").write_text(BARE_APP.format(db=db_path))
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        env = dict(os.environ, PARTICIPA_ENV="production", SECRET_KEY=secrets.token_hex(32),
                   DATABASE_URL=f"sqlite:///{db_path}", SESSION_COOKIE_SECURE="0",
                   RATELIMIT_ENABLED="0", PYTHONPATH=str(tmp))  # fmt: skip
        common = ["-w", "2", "--log-level", "warning"]
        bare_port, app_port = free_port(), free_port()
        servers = [
            serve([gunicorn, *common, "-b", f"127.0.0.1:{bare_port}", "bare:app"], env, bare_port),
            serve([gunicorn, *common, "-b", f"127.0.0.1:{app_port}", "wsgi:app"], env, app_port),
        ]
        consultation = data["consultation"]
        pages = [
            ("bare Flask: 20 of N rows (yardstick)", bare_port, "/"),
            ("platform home", app_port, "/"),
            ("open consultations (network list)", app_port, "/consultations/"),
            ("consultation detail", app_port, f"/m/bench/consultations/{consultation}"),
            ("proposals, most supported", app_port,
             f"/m/bench/consultations/{consultation}/proposals/?sort=supports"),
            ("proposals, page 50", app_port,
             f"/m/bench/consultations/{consultation}/proposals/?sort=supports&page=50"),
            ("proposals, newest", app_port,
             f"/m/bench/consultations/{consultation}/proposals/?sort=newest"),
        ]  # fmt: skip
        tool = "wrk" if shutil.which("wrk") else f"{args.clients} Python keep-alive clients"
        print(f"data: {data['proposals']:,} proposals, {data['supports']:,} supports, "
              f"{data['people']:,} people; gunicorn 2 workers; load: {tool}, "
              f"{args.seconds:.0f} s per page; {os.cpu_count()} CPUs")  # fmt: skip
        try:
            baseline = None
            for label, port, path in pages:
                load(port, path, 1, 2)  # warm up both workers
                rate, bad = load(port, path, args.seconds, args.clients)
                baseline = baseline or rate
                note = f" ({bad} non-200!)" if bad else ""
                print(f"  {label:42} {rate:8.0f} req/s  {rate / baseline:5.0%} of yardstick{note}")
        finally:
            for server in servers:
                server.terminate()
                server.wait(10)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
