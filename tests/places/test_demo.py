"""The demo has districts in the showcase municipalities, and located proposals and budget
projects filed under them (the maps and the district filters have something to show)."""

from __future__ import annotations

from sqlalchemy import func, select

from participa.budgets.models import BudgetProject
from participa.cli import DEMO_PASSWORD
from participa.core.features import load_demo
from participa.extensions import db
from participa.places.models import District
from participa.proposals.models import Proposal


def test_demo_places(client):
    load_demo(DEMO_PASSWORD)
    db.session.commit()
    names = set(db.session.scalars(select(District.name)))
    assert {"Centro", "Villa Mitre", "Cerro Concepción"} <= names
    assert db.session.scalar(select(func.count()).where(District.boundary.is_not(None))) >= 3
    located = db.session.scalars(
        select(Proposal).where(Proposal.latitude.is_not(None), Proposal.district_id.is_not(None))
    ).all()
    assert len(located) >= 4
    assert all(p.district.municipality_id == p.municipality_id for p in located)
    projects = db.session.scalars(
        select(BudgetProject).where(BudgetProject.latitude.is_not(None))
    ).all()
    assert len(projects) >= 3 and all(p.area is not None for p in projects)
    centro = db.session.scalars(select(District).where(District.name == "Villa Mitre")).one()
    page = client.get(f"/m/bahia-blanca/proposals/?district={centro.id}")
    assert page.status_code == 200 and "Huerta comunitaria en Villa Mitre" in page.text
    assert client.get("/m/bahia-blanca/places/districts.geojson").json["features"]
