"""Open data at scale: time and peak Python memory to stream each dataset's CSV and JSON
download, time to the first byte of a prepared file (built in the request, as without a job
queue, then served from the upload storage) against streaming, and the API's median latency for
a page of 100 rows.

Run: .venv/bin/python bench/opendata_bench.py [--proposals 20000] [--supports 1000000]
     [--comments 100000] [--repeat 30]
Builds the proposals and supports with bench/proposals_bench.py's builder, adds comments when
the comments feature declares a dataset, on a temporary SQLite database (or DATABASE_URL).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from proposals_bench import build
from sqlalchemy import func, select, text

from participa import create_app
from participa.extensions import db
from participa.opendata.registry import datasets


def _comments(count: int) -> int:
    """Add ``count`` comments on the bench's proposals, spread over them; return how many."""
    from participa.proposals.models import Proposal

    if count <= 0:
        return 0
    first = db.session.scalar(select(func.min(Proposal.id)))
    proposals = db.session.scalar(select(func.count()).select_from(Proposal))
    author = db.session.scalar(text("SELECT min(id) FROM users"))
    municipality = db.session.scalar(text("SELECT min(id) FROM municipalities"))
    db.session.execute(
        text(
            "WITH RECURSIVE cnt(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM cnt WHERE x < :n) "
            "INSERT INTO comments (municipality_id, commentable_type, commentable_id, author_id, "
            "body, alignment, depth, upvotes, downvotes, score, pending_review, created_at) "
            "SELECT :m, 'proposal', :p + (x % :proposals), :a, 'Comentario número ' || x, "
            "'neutral', 0, 0, 0, 0, false, CURRENT_TIMESTAMP FROM cnt"
        ),
        {"n": count, "p": first, "proposals": proposals, "a": author, "m": municipality},
    )
    db.session.commit()
    return count


def _read(client, path: str) -> int:
    response = client.get(path, buffered=False)
    size = sum(len(chunk) for chunk in response.response)
    assert response.status_code == 200, (path, response.status_code)
    return size


def _first_byte(client, path: str) -> tuple[float, float, int]:
    """Seconds to the first byte and to the last; the body's size in bytes."""
    started = time.perf_counter()
    response = client.get(path, buffered=False)
    chunks = iter(response.response)
    first = next(chunks, b"")
    ttfb = time.perf_counter() - started
    size = len(first) + sum(len(chunk) for chunk in chunks)
    assert response.status_code == 200, (path, response.status_code)
    return ttfb, time.perf_counter() - started, size


def _prepared(app, client, name: str, fmt: str, rows: int) -> None:
    """Time to the first byte: streamed, built by the (inline) job, then served as a file."""
    from participa.core.models import PreparedFile

    path = f"/m/bench/datos/{name}.{fmt}"
    db.session.execute(PreparedFile.__table__.delete())
    db.session.commit()
    app.config["OPENDATA_PREPARE_ROWS"] = 10**12
    streamed = _first_byte(client, path)
    app.config["OPENDATA_PREPARE_ROWS"] = 0
    built = _first_byte(client, path)
    served = _first_byte(client, path)
    assert served[2] == built[2] == streamed[2]
    for what, (ttfb, total, size) in (("stream", streamed), ("build", built), ("served", served)):
        print(f"first byte {name}.{fmt} ({rows:,} rows, {size / 1e6:.1f} MB) {what}: "
              f"{ttfb * 1000:.0f} ms (whole body {total:.2f} s)")  # fmt: skip


def _stream(client, path: str) -> tuple[float, float, int]:
    """Seconds and peak MB of Python memory to read the whole body; its size in bytes.

    Timed and traced in two separate reads: tracing every allocation slows Python down
    several times, so a traced read would overstate the time."""
    started = time.perf_counter()
    size = _read(client, path)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    _read(client, path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / 1e6, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=20_000)
    parser.add_argument("--supports", type=int, default=1_000_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    tmp = None
    if not url:
        tmp = tempfile.mkdtemp(prefix="participa-bench-")
        url = f"sqlite:///{tmp}/bench.sqlite"
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "RATELIMIT_ENABLED": False,
        "SECRET_KEY": "bench", "MAIL_SERVER": None,
    })  # fmt: skip
    client = app.test_client()
    with app.app_context():
        db.drop_all()
        db.create_all()
        data = build(args.proposals, args.supports, 0)
        names = {d.name for d in datasets()}
        comments = _comments(args.comments) if "comments" in names else 0
        print(f"data: {data['proposals']:,} proposals, {data['supports']:,} supports, "
              f"{comments:,} comments ({url.split(':', 1)[0]})")  # fmt: skip
        app.config["OPENDATA_PREPARE_ROWS"] = 10**12  # every download streams, as before
        for name in ("proposals", "comments"):
            if name not in names:
                continue
            for fmt in ("csv", "json"):
                seconds, peak, size = _stream(client, f"/m/bench/datos/{name}.{fmt}")
                print(f"stream {name}.{fmt}: {seconds:.2f} s, peak {peak:.1f} MB of Python "
                      f"memory, {size / 1e6:.1f} MB sent")  # fmt: skip
        counts = {"proposals": data["proposals"], "comments": comments}
        for name in ("proposals", "comments"):
            if name in names:
                for fmt in ("csv", "json"):
                    _prepared(app, client, name, fmt, counts[name])
        app.config["OPENDATA_PREPARE_ROWS"] = 10**12
        path = "/api/v1/municipalities/bench/datasets/proposals"
        page = client.get(path, query_string={"limit": 100}).get_json()
        cursor = page["links"]["next"].split("cursor=")[1].split("&")[0]
        timings = []
        for n in range(args.repeat):
            query = {"limit": 100} if n % 2 else {"limit": 100, "cursor": cursor}
            started = time.perf_counter()
            assert client.get(path, query_string=query).status_code == 200
            timings.append((time.perf_counter() - started) * 1000)
        print(f"api page of 100 proposals: median {statistics.median(timings):.1f} ms "
              f"over {args.repeat} requests")  # fmt: skip
        db.session.remove()
        if tmp:
            db.drop_all()
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
