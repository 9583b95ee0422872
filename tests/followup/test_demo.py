"""The demo follows Bahía Blanca's accepted proposals down to contracts and payments."""

from __future__ import annotations

from sqlalchemy import select

from participa.cli import DEMO_PASSWORD
from participa.core.features import demo_steps
from participa.extensions import db
from participa.followup import chain, services
from participa.followup.models import Milestone, Result, ResultUpdate
from participa.municipalities.models import Municipality


def test_demo_results(client):
    context: dict = {"password": DEMO_PASSWORD}
    needed = ("site", "municipalities", "consultations", "proposals", "contracting", "followup")
    for step in demo_steps():
        if step.__module__.split(".")[1] not in needed:
            continue  # other features' demos are tested by their own tests
        step(context)
        db.session.flush()
    db.session.commit()
    bahia = db.session.scalars(
        select(Municipality).where(Municipality.slug == "bahia-blanca")
    ).one()
    results = list(db.session.scalars(select(Result).where(Result.municipality_id == bahia.id)))
    assert len(results) >= 3
    assert {r.status for r in results} >= {"planned", "in_progress"}
    assert all(r.source_kind == "proposal" for r in results)
    in_execution = [r for r in results if r.status == "in_progress"]
    assert len(in_execution) >= 2
    for result in in_execution:
        assert len(services.history(result)) >= 2
        assert services.milestones_of(result)
        links = chain.procurement(result)
        assert links, result.title
        contract = links[0].contracts[0]
        assert contract.amount and contract.payments
        assert links[0].awards[0].suppliers[0].party_id is not None
    # The implemented proposal of Valparaíso is followed as completed.
    assert db.session.scalars(select(Result).where(Result.status == "completed")).first()
    assert db.session.scalars(select(ResultUpdate)).first() is not None
    assert db.session.scalars(select(Milestone)).first() is not None
    for url in ("/m/bahia-blanca/follow-up/", "/follow-up/",
                *(f"/m/bahia-blanca/follow-up/{r.id}" for r in results)):  # fmt: skip
        assert client.get(url).status_code == 200, url
