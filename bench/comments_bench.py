"""Median time to render the first page of a commentable with 5,000 comments.

Run: .venv/bin/python bench/comments_bench.py [--comments 5000] [--runs 30]
Uses a temporary SQLite database (or DATABASE_URL when set).
"""

from __future__ import annotations

import argparse
import statistics
from datetime import UTC, datetime, timedelta

from _common import scratch_app, time_page
from sqlalchemy import insert, select


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--replies", type=int, default=2, help="replies on half of the roots")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    app, url = scratch_app()
    from participa.extensions import db

    with app.app_context():
        db.create_all()
        target = _seed(db, args.comments, args.replies)
        path = f"/m/{target['slug']}/comments/proposal/{target['proposal_id']}/"
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = target["viewer"]
        session["_fresh"] = True
    with app.app_context():
        timings, queries = time_page(db, client, path, args.runs)
        db.drop_all()
    total = args.comments + (args.comments // 2) * args.replies
    print(
        f"data: {args.comments} top-level comments + {total - args.comments} replies "
        f"= {total} comments on one proposal ({url.split(':')[0]})"
    )
    print(
        f"first page (20 threads with replies), {args.runs} runs: "
        f"median {statistics.median(timings):.1f} ms, "
        f"p90 {sorted(timings)[int(len(timings) * 0.9) - 1]:.1f} ms, "
        f"{queries} SQL queries per page"
    )


def _seed(db, count: int, replies: int) -> dict:
    from participa.accounts.models import User
    from participa.comments.models import Comment
    from participa.consultations.models import Consultation
    from participa.municipalities.models import Municipality
    from participa.proposals.models import Proposal

    now = datetime.now(UTC)
    municipality = Municipality(slug="bench", name="Bench", country="AR")
    db.session.add(municipality)
    db.session.flush()
    users = [
        User(
            email=f"bench{i}@example.org",
            display_name=f"Bench person {i}",
            session_token=f"benchtoken{i:022d}",
            created_at=now - timedelta(days=90),
        )
        for i in range(50)
    ]
    db.session.add_all(users)
    consultation = Consultation(municipality_id=municipality.id, title="Bench", status="published")
    db.session.add(consultation)
    db.session.flush()
    proposal = Proposal(
        municipality_id=municipality.id,
        consultation_id=consultation.id,
        author_id=users[0].id,
        title="Bench proposal",
        body="Body",
    )
    db.session.add(proposal)
    db.session.flush()
    base = {
        "municipality_id": municipality.id,
        "commentable_type": "proposal",
        "commentable_id": proposal.id,
    }
    db.session.execute(
        insert(Comment),
        [
            {
                **base,
                "author_id": users[i % 50].id,
                "body": f"Comment **{i}** with some text.",
                "alignment": ("in_favour", "against", "neutral")[i % 3],
                "depth": 0,
                "score": i % 11,
                "upvotes": i % 11,
                "created_at": now - timedelta(seconds=i),
            }
            for i in range(count)
        ],
    )
    root_ids = db.session.scalars(
        select(Comment.id).where(Comment.commentable_id == proposal.id)
    ).all()
    db.session.execute(
        insert(Comment),
        [
            {
                **base,
                "author_id": users[(j + 7) % 50].id,
                "body": "A reply.",
                "parent_id": rid,
                "root_id": rid,
                "depth": 1,
                "created_at": now,
            }
            for rid in root_ids[: count // 2]
            for j in range(replies)
        ],
    )
    proposal.comments_count = count + (count // 2) * replies
    db.session.commit()
    return {"slug": municipality.slug, "proposal_id": proposal.id, "viewer": users[1].get_id()}


if __name__ == "__main__":
    main()
