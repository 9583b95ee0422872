"""Median time of a site-wide search page over N proposals, and of rebuilding the index.

Run: .venv/bin/python bench/search_bench.py [--proposals 10000] [--runs 30]
Uses a temporary SQLite database (or DATABASE_URL when set).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from _common import scratch_app, time_page
from sqlalchemy import insert

WORDS = [
    "plaza",
    "árbol",
    "bicicleta",
    "ciclovía",
    "vereda",
    "luminaria",
    "escuela",
    "hospital",
    "basura",
    "reciclaje",
    "colectivo",
    "parque",
    "huerta",
    "biblioteca",
    "semáforo",
    "bache",
    "agua",
    "cloaca",
    "feria",
    "deporte",
    "cultura",
    "jóvenes",
    "mayores",
    "barrio",
    "centro",
    "puerto",
    "río",
    "playa",
    "música",
    "teatro",
    "seguridad",
    "tránsito",
]
# This tree's participa, not another checkout the virtualenv may point at.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
QUERIES = ["plaza", "árboles", "bicicletas ciclovía", '"plaza árbol"', "biblioteca -escuela"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    app, url = scratch_app()
    from participa.extensions import db
    from participa.search import services

    with app.app_context():
        db.create_all()
        _seed(db, args.proposals)
        start = time.perf_counter()
        counts = services.reindex()
        db.session.commit()
        reindex_s = time.perf_counter() - start
    client = app.test_client()
    results = []
    with app.app_context():
        for q in QUERIES:
            timings, queries = time_page(db, client, f"/search/?q={q}", args.runs)
            results.append((q, statistics.median(timings), queries))
        db.drop_all()
    print(f"data: {sum(counts.values())} documents ({counts}) on {url.split(':')[0]}")
    print(f"reindex: {reindex_s:.1f} s")
    for q, median, queries in results:
        print(f"/search/?q={q}: median {median:.1f} ms over {args.runs} runs, {queries} queries")
    print(f"median of the medians: {statistics.median(r[1] for r in results):.1f} ms")


def _seed(db, count: int) -> None:
    from participa.consultations.models import Consultation
    from participa.municipalities.models import Municipality
    from participa.proposals.models import Proposal

    rng = random.Random(15)
    now = datetime.now(UTC)
    municipality = Municipality(slug="bench", name="Bench", country="AR", default_locale="es")
    db.session.add(municipality)
    db.session.flush()
    consultation = Consultation(municipality_id=municipality.id, title="Bench", status="published")
    db.session.add(consultation)
    db.session.flush()
    rows = [
        {
            "municipality_id": municipality.id,
            "consultation_id": consultation.id,
            "title": " ".join(rng.choices(WORDS, k=5)).capitalize(),
            "body": " ".join(rng.choices(WORDS, k=60)),
            "state": "published",
            "created_at": now,
        }
        for _ in range(count)
    ]
    # Core inserts skip the index's flush hook: the reindex below builds it.
    db.session.execute(insert(Proposal), rows)
    db.session.commit()


if __name__ == "__main__":
    main()
