"""The newcomer's story (README "Where to start with the demo") holds in every showcase
municipality: a consultation taking proposals from any confirmed account, a draft open for
article votes, an open ballot or budget, and a procurement process with all its stages."""

from __future__ import annotations

from sqlalchemy import select

from participa.budgets.models import Budget
from participa.cli import DEMO_PASSWORD
from participa.consultations.models import Consultation
from participa.contracting.models import ProcurementProcess
from participa.core.features import load_demo
from participa.extensions import db
from participa.legislation.models import Draft
from participa.municipalities.demo import MUNICIPALITIES
from participa.municipalities.models import Municipality
from participa.voting.models import Ballot

SHOWCASE = {"bahia-blanca", "la-paz", "valparaiso", "envigado"}
FEATURES = ("site", "municipalities", "places", "consultations", "proposals", "legislation",
            "contracting", "voting", "budgets")  # fmt: skip


def _of(model, municipality):
    return list(db.session.scalars(select(model).where(model.municipality_id == municipality.id)))


def test_every_showcase_municipality_has_the_four_open_things(client):
    # The demo creates exactly the municipalities the story covers: a new one needs its story.
    municipalities = {
        d["slug"] for d in MUNICIPALITIES if d.get("kind", "municipality") == "municipality"
    }
    assert municipalities == SHOWCASE
    load_demo(DEMO_PASSWORD, FEATURES)
    db.session.commit()
    for municipality in db.session.scalars(
        select(Municipality).where(Municipality.kind == "municipality")
    ):
        slug = municipality.slug
        assert any(
            c.is_published and c.current_phase == "proposals" and c.participation == "registered"
            for c in _of(Consultation, municipality)
        ), slug
        assert any(d.is_open for d in _of(Draft, municipality)), slug
        ballots = [
            b for b in _of(Ballot, municipality)
            if b.status == "open" and b.consultation.in_voting_phase
        ]  # fmt: skip
        budgets = [b for b in _of(Budget, municipality) if b.status == "open"]
        assert ballots or budgets, slug
        processes = _of(ProcurementProcess, municipality)
        assert "implementation" in {p.stage for p in processes}, slug
        assert client.get(f"/m/{slug}/contracting/").status_code == 200
