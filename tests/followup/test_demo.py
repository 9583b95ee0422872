"""The demo follows Bahía Blanca's accepted proposals down to contracts and payments."""

from __future__ import annotations

from sqlalchemy import select

from participa.cli import DEMO_PASSWORD
from participa.core.features import load_demo
from participa.extensions import db
from participa.followup import chain, services
from participa.followup.models import Milestone, Result, ResultUpdate
from participa.municipalities.models import Municipality


def test_demo_results(client):
    # Other features' demos are tested by their own tests.
    load_demo(
        DEMO_PASSWORD,
        ("site", "municipalities", "consultations", "proposals", "contracting", "followup"),
    )
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


def test_a_funded_budget_project_is_in_execution_under_a_contract(client):
    from participa.contracting.models import ProcessLink

    load_demo(DEMO_PASSWORD)
    db.session.commit()
    trees = db.session.scalars(
        select(Result).where(Result.source_kind == "budget_project",
                             Result.title == "Arbolado en el barrio Boulevard")
    ).one()  # fmt: skip
    assert trees.status == "in_progress" and trees.progress == 30
    assert db.session.scalar(
        select(ProcessLink.id).where(ProcessLink.target_type == "followup_result",
                                     ProcessLink.target_id == trees.id)
    )  # fmt: skip
