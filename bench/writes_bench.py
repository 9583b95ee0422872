"""Writes per second under concurrent posting: proposal supports, ballots and article votes,
beside two yardsticks measured in the same run: a bare INSERT + counter UPDATE (one transaction
each), and the same behind a bare Flask POST route reached the same way as ours.

    .venv/bin/python bench/writes_bench.py [--people 1600 --threads 8 --processes 2]
    DATABASE_URL=postgresql+psycopg://participa@127.0.0.1:55432/scratch .venv/bin/python \
        bench/writes_bench.py

Uses a temporary SQLite file, or the database named by DATABASE_URL (its tables are dropped
and recreated: use a throwaway database). Each write is a whole request (session cookie,
person load, policy, service, commit, redirect) posted through the Flask test client;
``--threads`` posting threads are spread over ``--processes`` processes (one Python process
runs one thread at a time). ``--profile`` prints where one process spends its time on
supports. Checks after each run: one row per person and target, counters equal to the rows.
"""

from __future__ import annotations

import argparse
import cProfile
import multiprocessing
import os
import pstats
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, event, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SETTINGS = {
    "TESTING": True, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
    "SECRET_KEY": "bench", "MAIL_SERVER": None,
}  # fmt: skip
PROPOSALS = 200
ARTICLES = 20


def _app(url: str):
    from participa import create_app

    return create_app({**SETTINGS, "SQLALCHEMY_DATABASE_URI": url})


def seed(url: str, people: int) -> dict:
    """People, a consultation in its supports phase, an open ballot and an open draft."""
    from sqlalchemy import insert, select

    from participa.accounts.models import User
    from participa.db import utcnow
    from participa.extensions import db
    from participa.legislation import services as legislation
    from participa.municipalities.models import Municipality
    from participa.proposals.models import Proposal
    from participa.voting import services as voting
    from tests.consultations.helpers import make_consultation

    app = _app(url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        town = Municipality(slug="bench", name="Bench", country="AR", timezone="UTC")
        db.session.add(town)
        db.session.flush()
        now = utcnow()
        staff = User(
            email="staff@bench.test", display_name="Staff", is_platform_admin=True,
            session_token="s" * 32, email_confirmed_at=now, terms_accepted_at=now,
        )  # fmt: skip
        db.session.add(staff)
        db.session.flush()
        db.session.execute(insert(User), [
            {"email": f"p{n}@bench.test", "display_name": f"P{n}", "session_token": f"t{n:031d}",
             "email_confirmed_at": now, "terms_accepted_at": now} for n in range(people)
        ])  # fmt: skip
        users = list(db.session.execute(
            select(User.id, User.session_token).where(User.email.like("p%@bench.test"))
        ))  # fmt: skip
        supports = make_consultation(town, phase="supports", supports_per_person=10)
        db.session.execute(insert(Proposal), [
            {"municipality_id": town.id, "consultation_id": supports.id, "author_id": staff.id,
             "title": f"Propuesta {n}", "body": "Texto", "state": "published", "created_at": now}
            for n in range(PROPOSALS)
        ])  # fmt: skip
        supports.proposals_count = PROPOSALS
        proposals = list(
            db.session.scalars(select(Proposal.id).where(Proposal.consultation_id == supports.id))
        )
        ballot = voting.create_ballot(
            make_consultation(town, phase="voting"), actor=staff,
            data={"title": "Bench", "description": "", "participation": "registered"},
        )  # fmt: skip
        voting.save_question(
            ballot, actor=staff,
            data={"title": "Q", "kind": "single", "max_choices": None, "options": "A\nB\nC"},
        )  # fmt: skip
        voting.open_ballot(ballot, actor=staff)
        draft = legislation.create_draft(
            town, actor=staff, data={"title": "Bench", "kind": "ordinance"}
        )
        legislation.publish_version(draft, actor=staff, source="\n".join(
            f"### Artículo {n}.- Tema {n}\nEl municipio hará la tarea {n}."
            for n in range(1, ARTICLES + 1)
        ))  # fmt: skip
        legislation.publish_draft(draft, actor=staff)
        db.session.flush()
        sections = [
            s.id for s in legislation.sections_of(draft.current_version_id, articles_only=True)
        ]
        question = ballot.questions[0]
        db.session.execute(text("DROP TABLE IF EXISTS bench_rows"))
        db.session.execute(text("DROP TABLE IF EXISTS bench_counters"))
        db.session.execute(text(
            "CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, "
            "target INTEGER NOT NULL, UNIQUE (user_id, target))"
        ))  # fmt: skip
        db.session.execute(text(
            "CREATE TABLE bench_counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"
        ))  # fmt: skip
        db.session.execute(
            text("INSERT INTO bench_counters (id, n) VALUES (:i, 0)"),
            [{"i": i} for i in range(PROPOSALS)],
        )
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("CREATE SEQUENCE IF NOT EXISTS bench_rows_seq"))
            db.session.execute(text(
                "ALTER TABLE bench_rows ALTER COLUMN id SET DEFAULT nextval('bench_rows_seq')"
            ))  # fmt: skip
        db.session.commit()
        return {
            "users": [(u.id, u.session_token) for u in users],
            "supports": (supports.id, proposals),
            "ballot": (ballot.id, question.id, [o.id for o in question.options]),
            "draft": (draft.id, sections),
        }


def _requests(kind: str, data: dict, person: int) -> list[tuple[str, dict]]:
    if kind == "supports":
        _consultation, proposals = data["supports"]
        return [
            (f"/m/bench/proposals/{proposals[(person * 7 + k) % len(proposals)]}/support", {})
            for k in range(2)
        ]
    if kind == "ballots":
        ballot, question, options = data["ballot"]
        return [(f"/m/bench/ballots/{ballot}/vote", {f"q{question}": str(options[person % 3])})]
    draft, sections = data["draft"]
    values = ("in_favour", "against", "abstain")
    return [
        (f"/m/bench/legislation/{draft}/articles/{sections[(person + k) % len(sections)]}/vote",
         {"value": values[(person + k) % 3]})
        for k in range(2)
    ]  # fmt: skip


def _post(url: str, kind: str, data: dict, people: list, threads: int, profile: bool, queue):
    """One process: ``threads`` threads post the writes of ``people``; put (ok, other codes)."""
    app = _app(url)
    statuses: list[int] = []
    lock = threading.Lock()

    profiles: list[cProfile.Profile] = []

    def run(mine: list) -> None:
        client = app.test_client()
        codes = []
        # cProfile sees only the thread that enables it: one profile per posting thread.
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiles.append(profiler)
            profiler.enable()
        for index, (user_id, token) in mine:
            with client.session_transaction() as session:
                # A new visitor each time: flashed messages are never shown by the test
                # client, and would pile up in the cookie.
                session.clear()
                session["_user_id"] = f"{user_id}:{token}"
                session["_fresh"] = True
            for path, form in _requests(kind, data, index):
                codes.append(client.post(path, data=form).status_code)
        if profiler:
            profiler.disable()
        with lock:
            statuses.extend(codes)

    # Warm up: templates, mappers, connections (a person outside the measured ones).
    workers = [threading.Thread(target=run, args=(people[i::threads],)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if profiles:
        stats = pstats.Stats(profiles[0])
        for other in profiles[1:]:
            stats.add(other)
        stats.sort_stats("cumulative").print_stats(40)
    queue.put((statuses.count(302), sorted(set(statuses) - {302})))


def post_concurrently(url, kind, data, people, threads, processes, profile=False):
    """Writes per second of ``people`` posting in ``threads`` threads over ``processes``."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    indexed = list(enumerate(people))
    chunks = [indexed[i::processes] for i in range(processes)]
    procs = [
        ctx.Process(
            target=_post,
            args=(url, kind, data, chunk, max(1, threads // processes), profile and i == 0, queue),
        )
        for i, chunk in enumerate(chunks)
    ]
    started = time.perf_counter()
    for proc in procs:
        proc.start()
    results = [queue.get() for _ in procs]
    for proc in procs:
        proc.join()
    elapsed = time.perf_counter() - started
    ok = sum(r[0] for r in results)
    others = sorted({code for r in results for code in r[1]})
    return ok / elapsed, ok, others


def _bare_write(conn, user_id: int, target: int) -> None:
    conn.execute(
        text("INSERT INTO bench_rows (user_id, target) VALUES (:u, :t)"),
        {"u": user_id, "t": target},
    )
    conn.execute(text("UPDATE bench_counters SET n = n + 1 WHERE id = :t"), {"t": target})


def _in_threads(run, rows: list[tuple[int, int]], queue) -> None:
    threads = [threading.Thread(target=run, args=(rows[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put(len(rows))


def _bare(url: str, rows: list[tuple[int, int]], queue) -> None:
    engine = create_engine(url, pool_size=8)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _pragmas)

    def run(mine) -> None:
        for user_id, target in mine:
            with engine.begin() as conn:
                _bare_write(conn, user_id, target)

    _in_threads(run, rows, queue)


def _bare_flask(url: str, rows: list[tuple[int, int]], queue) -> None:
    """The same INSERT + UPDATE behind a bare Flask POST route (a signed session cookie read,
    a redirect answered), posted through the same test client: the floor of a whole request."""
    from flask import Flask, redirect, session

    engine = create_engine(url, pool_size=8)
    app = Flask("bare")
    app.secret_key = "bench"  # noqa: S105 - a throwaway app on 127.0.0.1

    @app.post("/w/<int:target>")
    def write(target: int):
        with engine.begin() as conn:
            _bare_write(conn, session["user"], target)
        return redirect("/")

    def run(mine) -> None:
        client = app.test_client()
        for user_id, target in mine:
            with client.session_transaction() as cookie:
                cookie["user"] = user_id
            assert client.post(f"/w/{target}").status_code == 302

    _in_threads(run, rows, queue)


def _stack_flask(url: str, rows: list[tuple[int, int]], queue) -> None:
    """The floor of a write on the design card's stack (bench/stack_floor.py): the person
    loaded through Flask-Login, the row added and its counter incremented through the ORM."""
    from stack_floor import writing_app

    app = writing_app(url, "bench")
    tokens = dict(_tokens(url))

    def run(mine) -> None:
        client = app.test_client()
        for user_id, target in mine:
            with client.session_transaction() as cookie:
                cookie.clear()
                cookie["_user_id"] = f"{user_id}:{tokens[user_id]}"
                cookie["_fresh"] = True
            assert client.post(f"/w/{target}").status_code == 302

    with app.app_context():
        if url.startswith("sqlite"):
            event.listen(app.extensions["sqlalchemy"].engine, "connect", _pragmas)
        _in_threads(run, rows, queue)


def _pragmas(conn, _record) -> None:
    conn.execute("PRAGMA busy_timeout=30000")  # as the application
    conn.execute("PRAGMA journal_mode=WAL")


def _tokens(url: str) -> list[tuple[int, str]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(text("SELECT id, session_token FROM users")).all()
    engine.dispose()
    return [(user_id, token) for user_id, token in found]


def bare_rate(url: str, people: list, threads: int, processes: int, kind: str = "sql") -> float:
    """Rows per second of the bare INSERT + UPDATE (``sql``), behind a bare Flask route
    (``flask``) or on the design card's stack (``stack``); each writes its own set of targets."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    offset = {"sql": 0, "flask": PROPOSALS // 2, "stack": PROPOSALS // 4}[kind]
    rows = [(user_id, (n * 7 + k + offset) % PROPOSALS) for n, (user_id, _t) in enumerate(people)
            for k in range(2)]  # fmt: skip
    chunks = [rows[i::processes] for i in range(processes)]
    target = {"sql": _bare, "flask": _bare_flask, "stack": _stack_flask}[kind]
    procs = [ctx.Process(target=target, args=(url, chunk, queue)) for chunk in chunks]
    started = time.perf_counter()
    for proc in procs:
        proc.start()
    done = sum(queue.get() for _ in procs)
    for proc in procs:
        proc.join()
    return done / (time.perf_counter() - started)


def check(url: str, data: dict) -> str:
    """The guarantees after the run: counters equal rows, one row per person and target."""
    from sqlalchemy import func, select

    from participa.consultations.models import Consultation
    from participa.extensions import db
    from participa.legislation.models import ArticleVote, Section
    from participa.proposals.models import Proposal, Support
    from participa.voting.models import BoxBallot, BoxVoter

    app = _app(url)
    with app.app_context():
        consultation = db.session.get(Consultation, data["supports"][0])
        rows = db.session.scalar(select(func.count()).select_from(Support))
        counted = db.session.scalar(select(func.sum(Proposal.supports_count)))
        voters = db.session.scalar(select(func.count(func.distinct(Support.user_id))))
        votes = db.session.scalar(select(func.count()).select_from(ArticleVote))
        sections = db.session.scalar(select(func.sum(Section.votes_in_favour
                                                     + Section.votes_against
                                                     + Section.votes_abstain)))  # fmt: skip
        ballots = db.session.scalar(select(func.count()).select_from(BoxBallot))
        roll = db.session.scalar(select(func.count()).select_from(BoxVoter))
        bare = db.session.scalar(text("SELECT count(*) FROM bench_rows"))
        bare_n = db.session.scalar(text("SELECT sum(n) FROM bench_counters"))
        ok = (rows == counted == consultation.supports_count and
              voters == consultation.participants_count and votes == sections and
              ballots == roll and bare == bare_n)  # fmt: skip
        return (
            f"supports {rows:,} = proposal counters {counted:,} = consultation counter "
            f"{consultation.supports_count:,}; participants {voters:,} = "
            f"{consultation.participants_count:,}; article votes {votes:,} = section "
            f"counters {sections:,}; ballots {ballots:,} = roll {roll:,}; bare rows {bare:,}"
            f" = counters {bare_n:,}: {'OK' if ok else 'MISMATCH'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1600)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL")
    tmp = None
    if not url:
        tmp = tempfile.mkdtemp(prefix="participa-writes-")
        url = f"sqlite:///{tmp}/bench.sqlite"
    try:
        data = seed(url, args.people)
        people = data["users"]
        print(
            f"engine: {url.split(':')[0]}; {os.cpu_count()} CPUs; load average "
            f"{os.getloadavg()[0]:.1f}; {len(people):,} people, {PROPOSALS} proposals, "
            f"{ARTICLES} articles; {args.threads} threads over {args.processes} processes"
        )
        rate = bare_rate(url, people, args.threads, args.processes)
        print(f"  {'bare INSERT + counter UPDATE (yardstick)':42} {rate:8,.0f} /s")
        rate = bare_rate(url, people, args.threads, args.processes, "flask")
        print(f"  {'the same behind a bare Flask POST route':42} {rate:8,.0f} /s")
        rate = bare_rate(url, people, args.threads, args.processes, "stack")
        print(f"  {'design-card floor (stack_floor)':42} {rate:8,.0f} /s")
        thirds = [people[i::3] for i in range(3)]
        for kind, who in zip(("supports", "ballots", "article votes"), thirds, strict=True):
            rate, ok, others = post_concurrently(
                url, kind, data, who, args.threads, args.processes, args.profile
            )
            note = f"; other answers: {others}" if others else ""
            print(f"  {kind:42} {rate:8,.0f} /s  ({ok:,} recorded{note})")
        print("  " + check(url, data))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
