"""Benchmark the proposal listing and detail pages and concurrent supports at scale.

    .venv/bin/python bench/proposals_bench.py [--proposals 10000 --supports 1000000]

Builds one consultation in its supports phase with bulk INSERT ... SELECT statements (recursive
CTEs), in a temporary SQLite file, or in the database named by DATABASE_URL (its tables are
dropped and recreated: use a throwaway database). Then times the pages through the Flask test
client (median server time over N requests) and counts supports per second recorded by
parallel clients. Prints the data sizes with every figure.
"""

# The SQL below is assembled from constants and integers of this script only.
# ruff: noqa: S608
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text

from participa import create_app
from participa.consultations.models import Consultation, Phase
from participa.db import utcnow
from participa.extensions import db
from participa.municipalities.models import Municipality
from participa.proposals import search
from participa.proposals.models import Proposal, Support

TOPICS = [
    "bicicletas y ciclovías seguras",
    "construcción de veredas accesibles",
    "árboles nativos en la plaza",
    "iluminación LED en el parque",
    "transporte público nocturno",
]
PER_PERSON = 10


def _count(n: int) -> str:
    return f"WITH RECURSIVE cnt(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM cnt WHERE x < {n}) "


def build(proposals: int, supports: int, fresh_users: int) -> dict:
    now = utcnow()
    municipality = Municipality(slug="bench", name="Bench", country="AR")
    db.session.add(municipality)
    db.session.flush()
    consultation = Consultation(
        municipality_id=municipality.id, title="Presupuesto participativo", status="published",
        published_at=now, supports_per_person=PER_PERSON, support_threshold=100,
    )  # fmt: skip
    for position, kind in enumerate(["proposals", "supports"]):
        start = now - timedelta(days=20 - 10 * position)
        consultation.phases.append(
            Phase(kind=kind, position=position, starts_at=start, ends_at=start + timedelta(20))
        )
    db.session.add(consultation)
    db.session.commit()
    people = max(1, supports // PER_PERSON) + fresh_users
    started = time.perf_counter()
    db.session.execute(
        text(
            _count(people) + "INSERT INTO users (email, display_name, session_token, "
            "is_platform_admin, email_confirmed_at, terms_accepted_at, created_at, updated_at) "
            "SELECT 'p' || x || '@bench.test', 'Persona ' || x, 'tok' || x, false, :now, :now, "
            ":now, :now FROM cnt"
        ),
        {"now": now},
    )
    first_user = db.session.scalar(select(func.min(text("id"))).select_from(text("users")))
    cases = " ".join(f"WHEN {i} THEN '{topic}'" for i, topic in enumerate(TOPICS))
    db.session.execute(
        text(
            _count(proposals) + "INSERT INTO proposals (municipality_id, consultation_id, "
            "author_id, title, body, state, supports_count, comments_count, qualifies, "
            "created_at) SELECT :m, :c, :u + (x % :people), 'Propuesta ' || x || ': ' || "
            f"(CASE x % {len(TOPICS)} {cases} END), 'Texto de la propuesta número ' || x || "
            f"' sobre ' || (CASE (x * 7) % {len(TOPICS)} {cases} END), 'published', 0, x % 13, "
            "false, :now FROM cnt"
        ),
        {"m": municipality.id, "c": consultation.id, "u": first_user, "people": people,
         "now": now},
    )  # fmt: skip
    first_proposal = db.session.scalar(select(func.min(Proposal.id)))
    supporters = max(1, supports // PER_PERSON)
    db.session.execute(
        text(
            "WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < "
            f"{PER_PERSON - 1}) INSERT INTO supports (user_id, proposal_id, consultation_id, "
            "municipality_id, created_at) SELECT users.id, :p + ((users.id * 7 + k.n * 1009) % "
            ":proposals), :c, :m, :now FROM users CROSS JOIN k WHERE users.id < :last"
        ),
        {"p": first_proposal, "proposals": proposals, "c": consultation.id,
         "m": municipality.id, "now": now, "last": first_user + supporters},
    )  # fmt: skip
    db.session.execute(
        text(
            "UPDATE proposals SET supports_count = (SELECT count(*) FROM supports WHERE "
            "supports.proposal_id = proposals.id) WHERE consultation_id = :c"
        ),
        {"c": consultation.id},
    )
    db.session.execute(
        text("UPDATE proposals SET qualifies = (supports_count >= 100) WHERE consultation_id = :c"),
        {"c": consultation.id},
    )
    total = db.session.scalar(select(func.count()).select_from(Support))
    consultation.supports_count = total
    consultation.proposals_count = proposals
    consultation.participants_count = people - fresh_users
    db.session.flush()
    if db.session.get_bind().dialect.name == "sqlite":
        rows = db.session.execute(
            select(Proposal.id, Proposal.title, Proposal.body, Proposal.location_text)
        ).all()
        db.session.execute(
            text("INSERT INTO proposals_fts (rowid, content) VALUES (:id, :content)"),
            [{"id": r.id, "content": search.index_document(r)} for r in rows],
        )
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    print(f"built {people:,} people, {proposals:,} proposals, {total:,} supports "
          f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    fresh = list(
        db.session.execute(
            text("SELECT id, session_token FROM users WHERE id >= :f ORDER BY id"),
            {"f": first_user + people - fresh_users},
        )
    )
    busiest = db.session.scalar(
        select(Proposal.id).order_by(Proposal.supports_count.desc()).limit(1)
    )
    return {"consultation": consultation.id, "people": people, "proposals": proposals,
            "supports": total, "fresh": fresh, "busiest": busiest, "supporter": first_user,
            "supporter_token": f"tok{1}"}  # fmt: skip


def _login(client, user_id: int, token: str) -> None:
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:{token}"
        session["_fresh"] = True


def time_pages(app, data: dict, repeat: int) -> None:
    base = f"/m/bench/consultations/{data['consultation']}/proposals/"
    pages = [
        ("list, most supported", base),
        ("list, newest, page 50", base + "?sort=newest&page=50"),
        ("list, random", base + "?sort=random&page=3"),
        ("list, search 'bicicleta'", base + "?q=bicicleta"),
        ("list, qualifying", base + "?qualifying=1"),
        ("detail, most supported", f"/m/bench/proposals/{data['busiest']}"),
    ]
    for signed_in in (False, True):
        client = app.test_client()
        if signed_in:
            _login(client, data["supporter"], data["supporter_token"])
        who = "signed in" if signed_in else "anonymous"
        for label, url in pages:
            for _ in range(3):
                assert client.get(url).status_code == 200, url
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            p90 = sorted(timings)[int(len(timings) * 0.9) - 1]
            median = statistics.median(timings)
            print(f"  {who:9} {label:28} median {median:7.1f} ms  (p90 {p90:.1f} ms, n={repeat})")


def time_supports(app, data: dict, threads: int) -> None:
    fresh = data["fresh"]
    proposals = list(
        db.session.scalars(
            select(Proposal.id).where(Proposal.consultation_id == data["consultation"]).limit(50)
        )
    )
    db.session.close()
    jobs = [fresh[i::threads] for i in range(threads)]
    statuses: list[int] = []
    lock = threading.Lock()

    def run(people) -> None:
        client = app.test_client()
        mine = []
        for n, (user_id, token) in enumerate(people):
            _login(client, user_id, token)
            for k in range(2):
                target = proposals[(n * 3 + k) % len(proposals)]
                mine.append(client.post(f"/m/bench/proposals/{target}/support").status_code)
        with lock:
            statuses.extend(mine)

    workers = [threading.Thread(target=run, args=(job,)) for job in jobs]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    ok = statuses.count(302)
    others = {code: statuses.count(code) for code in set(statuses) if code != 302}
    rows = db.session.scalar(select(func.count()).select_from(Support))
    counted = db.session.scalar(select(func.sum(Proposal.supports_count)))
    print(f"  {ok:,} supports by {len(fresh):,} people in {threads} threads: {elapsed:.1f} s, "
          f"{ok / elapsed:,.0f} supports/s; other answers: {others}; "
          f"rows {rows:,} == sum of counters {counted:,}: {rows == counted}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--supports", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30, help="requests timed per page")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--posters", type=int, default=1000, help="people posting supports")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    tmp = None
    if not url:
        tmp = tempfile.mkdtemp(prefix="participa-bench-")
        url = f"sqlite:///{tmp}/bench.sqlite"
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": url, "TESTING": True, "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False, "SECRET_KEY": "bench", "MAIL_SERVER": None,
    })  # fmt: skip
    engine = url.split(":", 1)[0]
    print(f"engine: {engine}; {os.cpu_count()} CPUs")
    with app.app_context():
        db.drop_all()
        db.create_all()
        data = build(args.proposals, args.supports, args.posters)
        print(f"pages ({data['proposals']:,} proposals, {data['supports']:,} supports, "
              f"{data['people']:,} people):")  # fmt: skip
        time_pages(app, data, args.repeat)
        print("concurrent supports:")
        time_supports(app, data, args.threads)
        db.session.remove()
        if tmp:
            db.drop_all()
    if tmp:
        size = sum(f.stat().st_size for f in Path(tmp).iterdir())
        print(f"(temporary SQLite files: {size / 1e6:.0f} MB, removed)")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
