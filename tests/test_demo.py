"""The newcomer's story (README "Where to start with the demo") holds in every showcase
municipality: a consultation taking proposals from any confirmed account, a draft open for
article votes, an open ballot or budget, and a procurement process with all its stages."""

from __future__ import annotations

from sqlalchemy import select

from participa.accounts.models import User
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


# The other kinds of member: a legislature and an association (issue 17). -------------------

LEGISLATURE_FEATURES = (*FEATURES, "comments")


def _member(slug):
    return db.session.scalars(select(Municipality).where(Municipality.slug == slug)).one()


def test_the_demo_legislature_runs_a_bill_open_article_by_article_and_a_consultation(client):
    from participa.comments.models import Comment
    from participa.legislation.models import ArticleVote, Section

    load_demo(DEMO_PASSWORD, LEGISLATURE_FEATURES)
    db.session.commit()
    congreso = _member("congreso-virtual")
    assert congreso.kind == "legislature"
    drafts = [d for d in _of(Draft, congreso) if d.is_open]
    assert [d.kind for d in drafts] == ["bill"]
    bill = drafts[0]
    articles = db.session.scalars(
        select(Section).where(
            Section.version_id == bill.current_version_id, Section.kind == "article"
        )
    ).all()
    assert len(articles) >= 5
    votes = db.session.scalars(select(ArticleVote).where(ArticleVote.draft_id == bill.id)).all()
    assert {v.section_id for v in votes} == {a.id for a in articles}  # every article voted
    comments = db.session.scalars(
        select(Comment).where(
            Comment.commentable_type == "article",
            Comment.commentable_id.in_([a.id for a in articles]),
        )
    ).all()
    assert len(comments) >= 3
    consultations = [c for c in _of(Consultation, congreso) if c.is_published]
    assert any(c.current_phase == "proposals" for c in consultations)
    # Its own pages show both; the municipal features stay out of its space.
    home = client.get("/m/congreso-virtual/").text
    assert f"/legislation/{bill.id}" in home
    assert f"/consultations/{consultations[0].id}" in home
    assert client.get(f"/m/congreso-virtual/legislation/{bill.id}").status_code == 200
    assert client.get("/m/congreso-virtual/contracting/").status_code == 404
    assert "/m/congreso-virtual/contracting/" not in home
    assert _of(ProcurementProcess, congreso) == [] and _of(Budget, congreso) == []


def test_the_demo_association_has_its_home_and_staff_and_no_municipal_features(client, login):
    load_demo(DEMO_PASSWORD, FEATURES)
    db.session.commit()
    amb = _member("amb-bolivia")
    assert amb.kind == "association" and amb.description
    home = client.get("/m/amb-bolivia/")
    assert home.status_code == 200
    assert amb.name in home.text and "intercambios" in home.text  # its description
    for path in ("consultations/", "legislation/", "contracting/", "budgets/"):
        assert client.get(f"/m/amb-bolivia/{path}").status_code == 404, path
        assert f"/m/amb-bolivia/{path}" not in home.text, path
    admin = db.session.scalars(select(User).where(User.email == "rosa.staff@amb.demo")).one()
    login(admin)
    staff = client.get("/m/amb-bolivia/staff/")
    assert staff.status_code == 200
    assert "/m/amb-bolivia/staff/settings" in staff.text
    assert "/m/amb-bolivia/consultations/" not in staff.text
