"""Median time to render a draft page and its report: 200 articles and 50,000 votes.

Run: .venv/bin/python bench/legislation_bench.py [--articles 200] [--voters 250] [--runs 10]
Uses a temporary SQLite database (or DATABASE_URL when set). Voters x articles = votes.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from _common import scratch_app, time_page
from sqlalchemy import insert, update


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--voters", type=int, default=250)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    # As in production: opinion groups are recomputed only when votes change.
    app, url = scratch_app(CONSENSUS_CACHE_SECONDS=3600)
    from participa.extensions import db

    with app.app_context():
        db.create_all()
        target = _seed(db, args.articles, args.voters)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = target["staff"]
        session["_fresh"] = True
    base = f"/m/{target['slug']}/legislation/{target['draft_id']}"
    results = []
    with app.app_context():
        for label, path in (("draft page", base), ("report", base + "/report"),
                            ("summary", base + "/report/summary")):  # fmt: skip
            timings, queries = time_page(db, client, path, args.runs)
            results.append((label, statistics.median(timings), queries))
        from participa.legislation import consensus
        from participa.legislation.models import Draft

        version_id = db.session.get(Draft, target["draft_id"]).current_version_id
        cold = []
        for _ in range(3):
            start = time.perf_counter()
            consensus.compute_for_version(version_id)
            cold.append((time.perf_counter() - start) * 1000)
        db.drop_all()
    votes = args.articles * args.voters
    print(f"engine: {url.split(':')[0]}; articles: {args.articles}; voters: {args.voters}; "
          f"votes: {votes:,}; runs: {args.runs}")  # fmt: skip
    for label, median, queries in results:
        print(f"{label:12} median {median:8.1f} ms   queries per request: {queries}")
    print(f"consensus from scratch (after a vote changes): median {statistics.median(cold):.1f} ms")


def _seed(db, articles: int, voters: int) -> dict:
    from participa.accounts.models import User
    from participa.db import utcnow
    from participa.legislation import services
    from participa.legislation.models import ArticleVote, Section
    from participa.municipalities.models import Membership, Municipality

    rng = random.Random(7)
    municipality = Municipality(slug="bench", name="Bench", country="AR", default_locale="en")
    db.session.add(municipality)
    db.session.flush()
    staff = User(
        email="staff@bench.test",
        display_name="Staff",
        password_hash="x",  # noqa: S106 - never used to log in
        email_confirmed_at=utcnow(),
        terms_accepted_at=utcnow(),
        session_token="s" * 32,
    )
    db.session.add(staff)
    db.session.flush()
    db.session.add(Membership(user_id=staff.id, municipality_id=municipality.id, role="admin"))
    source = "\n".join(
        f"### Artículo {n}.- Tema {n}\nEl municipio hará la tarea {n}. Luego informará al concejo."
        for n in range(1, articles + 1)
    )
    draft = services.create_draft(
        municipality, actor=staff, data={"title": "Bench", "kind": "ordinance"}
    )
    services.publish_version(draft, actor=staff, source=source)
    services.publish_draft(draft, actor=staff)
    db.session.flush()
    now = utcnow()
    user_rows = [
        {"email": f"v{n}@bench.test", "display_name": f"V{n}", "password_hash": "x",
         "email_confirmed_at": now, "terms_accepted_at": now, "session_token": f"t{n:031d}"}
        for n in range(voters)
    ]  # fmt: skip
    db.session.execute(insert(User), user_rows)
    user_ids = [u.id for u in db.session.query(User).filter(User.email.like("v%@bench.test"))]
    sections = services.sections_of(draft.current_version_id, articles_only=True)
    values = ("in_favour", "against", "abstain")
    totals = {s.id: dict.fromkeys(values, 0) for s in sections}
    rows = []
    for index, user_id in enumerate(user_ids):
        camp = index % 2
        for section in sections:
            bias = 0.8 if (section.position % 2 == camp) else 0.3
            value = "in_favour" if rng.random() < bias else rng.choice(("against", "abstain"))
            totals[section.id][value] += 1
            rows.append({"draft_id": draft.id, "section_id": section.id, "user_id": user_id,
                         "value": value, "created_at": now, "updated_at": now})  # fmt: skip
    for start in range(0, len(rows), 10_000):
        db.session.execute(insert(ArticleVote), rows[start : start + 10_000])
    for section_id, counts in totals.items():
        db.session.execute(
            update(Section).where(Section.id == section_id).values(
                votes_in_favour=counts["in_favour"], votes_against=counts["against"],
                votes_abstain=counts["abstain"],
            )
        )  # fmt: skip
    db.session.commit()
    return {"slug": municipality.slug, "draft_id": draft.id, "staff": staff.get_id()}


if __name__ == "__main__":
    main()
