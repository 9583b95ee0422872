"""The demo: LabBahía's open-innovation call in Bahía Blanca, closed with its report, and an
open co-design lab of the association amb-bolivia."""

from __future__ import annotations

from sqlalchemy import select

from participa.challenges import services
from participa.challenges.models import Challenge, Solution
from participa.cli import DEMO_PASSWORD
from participa.core.features import load_demo
from participa.extensions import db
from participa.municipalities.models import Municipality


def test_demo_challenges(client):
    load_demo(DEMO_PASSWORD, ("site", "municipalities", "challenges"))
    db.session.commit()
    members = {m.slug: m for m in db.session.scalars(select(Municipality))}
    bahia = db.session.scalars(
        select(Challenge).where(Challenge.municipality_id == members["bahia-blanca"].id)
    ).one()
    assert (bahia.kind, bahia.state) == ("open_innovation", "closed")
    assert bahia.report and any(p.kind == "university" and p.has_agreement for p in bahia.partners)
    statuses = {s.status for s in db.session.scalars(
        select(Solution).where(Solution.challenge_id == bahia.id))}  # fmt: skip
    assert statuses == {"winner", "shortlisted", "submitted"}
    amb = db.session.scalars(
        select(Challenge).where(Challenge.municipality_id == members["amb-bolivia"].id)
    ).one()
    assert members["amb-bolivia"].kind == "association"
    assert amb.kind == "co_design_lab" and services.takes_solutions(amb)
    page = client.get(f"/m/bahia-blanca/challenges/{bahia.id}").get_data(as_text=True)
    assert "Colectivo a tiempo" in page and "Universidad Nacional del Sur" in page
    assert client.get(f"/m/amb-bolivia/challenges/{amb.id}").status_code == 200
    assert client.get("/challenges/").status_code == 200
