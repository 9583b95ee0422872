"""Ballots recorded per second under concurrent posting, and the time to seal and count
100,000 ballots (a single-choice, an approval and a ranked-choice question).

Run: .venv/bin/python bench/voting_bench.py [--voters 400] [--threads 8] [--ballots 100000]
Uses a temporary SQLite database (or DATABASE_URL when set).
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import tempfile
import threading
import time
from pathlib import Path

# The consultation builder of the tests gives the ballots a timeline with a voting phase.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--voters", type=int, default=400)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--ballots", type=int, default=100_000)
    args = parser.parse_args()

    from participa import create_app
    from participa.config import TestConfig

    tmp = tempfile.mkdtemp(prefix="participa-bench-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite"
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False})
    from participa.extensions import db

    with app.app_context():
        db.drop_all()
        db.create_all()
        slug, ballot_id, question_id, options, voters = _seed(db, args.voters)
    rate = _post_concurrently(app, slug, ballot_id, question_id, options, voters, args.threads)
    print(
        f"casting: {args.voters} voters over {args.threads} threads: {rate:,.0f} ballots/s "
        f"({url.split(':')[0]})"
    )
    with app.app_context():
        seal, count = _count_many(db, args.ballots)
        print(
            f"counting: {args.ballots:,} ballots x 3 questions (5 options, ranked included): "
            f"seal and count at the close {seal:.2f} s, of which counting {count:.2f} s"
        )
        db.drop_all()


def _seed(db, voters: int):
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality
    from participa.voting import services
    from tests.consultations.helpers import make_consultation

    town = Municipality(slug="bench", name="Bench", country="AR", timezone="UTC")
    db.session.add(town)
    db.session.flush()
    from participa.accounts.services import new_session_token

    staff = User(email="staff@bench.example", display_name="Staff", is_platform_admin=True,
                 session_token=new_session_token())  # fmt: skip
    db.session.add(staff)
    consultation = make_consultation(town, phase="voting")
    ballot = services.create_ballot(
        consultation, actor=staff,
        data={"title": "Bench", "description": "", "participation": "registered"},
    )  # fmt: skip
    services.save_question(
        ballot, actor=staff,
        data={"title": "Q", "kind": "single", "max_choices": None, "options": "A\nB\nC"},
    )  # fmt: skip
    services.open_ballot(ballot, actor=staff)
    from participa.db import utcnow

    people = [
        User(
            email=f"v{n}@bench.example",
            display_name=f"V{n}",
            email_confirmed_at=utcnow(),
            session_token=new_session_token(),
        )
        for n in range(voters)
    ]
    db.session.add_all(people)
    db.session.commit()
    question = ballot.questions[0]
    return (town.slug, ballot.id, question.id, [o.id for o in question.options],
            [p.get_id() for p in people])  # fmt: skip


def _post_concurrently(app, slug, ballot_id, question_id, options, voters, threads) -> float:
    path = f"/m/{slug}/ballots/{ballot_id}/vote"
    queue = list(voters)
    lock = threading.Lock()
    failures = []

    def worker() -> None:
        client = app.test_client()
        while True:
            with lock:
                if not queue:
                    return
                voter = queue.pop()
            with client.session_transaction() as session:
                session["_user_id"] = voter
                session["_fresh"] = True
            status = client.post(path, data={f"q{question_id}": str(random.choice(options))})
            if status.status_code != 302:
                failures.append(status.status_code)

    start = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - start
    assert not failures, failures[:5]
    return len(voters) / elapsed


def _count_many(db, ballots: int) -> tuple[float, float]:
    from sqlalchemy import insert

    from participa.accounts.models import User
    from participa.voting import box as boxes
    from participa.voting import services
    from participa.voting.counting import count_ballots
    from participa.voting.models import Ballot, BoxBallot
    from tests.consultations.helpers import make_consultation

    staff = db.session.scalars(db.select(User).where(User.is_platform_admin)).first()
    town = db.session.get(Ballot, 1).municipality
    ballot = services.create_ballot(
        make_consultation(town, phase="voting"), actor=staff,
        data={"title": "Big", "description": "", "participation": "registered"},
    )  # fmt: skip
    for kind in ("single", "approval", "ranked"):
        services.save_question(
            ballot, actor=staff,
            data={"title": kind, "kind": kind, "max_choices": None,
                  "options": "\n".join(f"{kind} {i}" for i in range(5))},
        )  # fmt: skip
    services.open_ballot(ballot, actor=staff)
    single, approval, ranked = ([o.id for o in q.options] for q in ballot.questions)
    ids = [str(q.id) for q in ballot.questions]
    rng = random.Random(7)
    rows = []
    for _ in range(ballots):
        order = rng.sample(ranked, rng.randint(1, 5))
        rows.append({
            "id": secrets.token_hex(16), "box_id": ballot.box_id, "link": secrets.token_hex(32),
            "content": {ids[0]: [rng.choice(single)],
                        ids[1]: rng.sample(approval, rng.randint(0, 3)), ids[2]: order},
        })  # fmt: skip
    for start in range(0, ballots, 10_000):
        db.session.execute(insert(BoxBallot), rows[start : start + 10_000])
    db.session.commit()
    began = time.perf_counter()
    counted = count_ballots(boxes.contents(ballot.box), services.question_shapes(ballot))
    count = time.perf_counter() - began
    assert counted["ballots"] == ballots
    began = time.perf_counter()
    services.close_ballot(ballot, actor=staff)
    db.session.commit()
    seal = time.perf_counter() - began
    assert len(ballot.results["questions"][ids[2]]["rounds"]) >= 1
    return seal, count


if __name__ == "__main__":
    main()
