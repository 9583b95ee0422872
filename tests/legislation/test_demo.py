"""The demo ordinance loads with two versions, votes, comments and amendments."""

from __future__ import annotations

from sqlalchemy import func, select

from participa.extensions import db
from participa.legislation import demo, report
from participa.legislation.models import Amendment, ArticleVote, DraftVersion, Passage
from participa.municipalities import demo as municipalities_demo
from tests.rows import count_rows


def test_demo_ordinance(app, client):
    context = {"password": "participa-demo-2026"}
    municipalities_demo.load_demo(context)
    demo.load_demo(context)
    db.session.commit()
    draft = context["legislation_drafts"]["contrataciones-abiertas"]
    versions = select(func.count()).select_from(DraftVersion)
    assert db.session.scalar(versions.where(DraftVersion.draft_id == draft.id)) == 2
    assert count_rows(ArticleVote) > 100
    assert count_rows(Amendment) == 2
    assert count_rows(Passage) == 1
    first = db.session.scalars(
        select(DraftVersion).where(DraftVersion.draft_id == draft.id, DraftVersion.number == 1)
    ).one()
    data = report.build_report(draft, first)
    assert data.participants == 15 and len(data.consensus.groups) >= 2
    assert client.get(f"/m/la-paz/legislation/{draft.id}").status_code == 200
    assert client.get(f"/m/la-paz/legislation/{draft.id}/compare").status_code == 200


def test_demo_draft_open_to_every_confirmed_account(app):
    # The newcomer's story of the README: Bahía Blanca's draft takes article votes from anyone.
    context = {"password": "participa-demo-2026"}
    municipalities_demo.load_demo(context)
    demo.load_demo(context)
    db.session.commit()
    draft = context["legislation_drafts"]["arbolado-bahia"]
    assert draft.is_open and draft.participation == "registered"
    assert draft.municipality.slug == "bahia-blanca"
