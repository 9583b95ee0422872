"""The demo: in Bahía Blanca one answered initiative and one collecting signatures; in the
virtual congress one that reached its threshold and waits for an answer."""

from __future__ import annotations

from sqlalchemy import func, select

from participa.cli import DEMO_PASSWORD
from participa.core.features import load_demo
from participa.extensions import db
from participa.initiatives.models import Initiative, Signature
from participa.municipalities.models import Municipality


def test_demo_initiatives(client):
    load_demo(DEMO_PASSWORD)
    db.session.commit()
    found = {
        (slug, kind, initiative.state)
        for initiative, slug, kind in db.session.execute(
            select(Initiative, Municipality.slug, Municipality.kind).join(
                Municipality, Municipality.id == Initiative.municipality_id
            )
        )
    }
    assert found == {
        ("bahia-blanca", "municipality", "answered"),
        ("bahia-blanca", "municipality", "collecting"),
        ("congreso-virtual", "legislature", "reached"),
    }
    for initiative in db.session.scalars(select(Initiative)):
        rows = db.session.scalar(
            select(func.count()).where(Signature.initiative_id == initiative.id)
        )
        assert initiative.signatures_count == rows
    for slug in ("bahia-blanca", "congreso-virtual"):
        assert client.get(f"/m/{slug}/initiatives/").status_code == 200
        assert client.get(f"/m/{slug}/initiatives/rules").status_code == 200
    reached = db.session.scalars(select(Initiative).where(Initiative.state == "reached")).one()
    page = client.get(f"/m/congreso-virtual/initiatives/{reached.id}").get_data(as_text=True)
    assert reached.title in page and "<progress" in page
