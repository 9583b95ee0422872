"""A person's data export covers every feature where they took part; deletion keeps the rest."""

from __future__ import annotations

import json
import secrets

from flask import g
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, select, text

from participa.accounts import privacy
from participa.comments import services as comments
from participa.core.models import Upload
from participa.db import utcnow
from participa.extensions import db
from participa.legislation.participation import cast_vote, propose_amendment
from participa.moderation import services as moderation
from participa.proposals import supports
from tests import factories
from tests.consultations.helpers import make_consultation, make_proposal
from tests.legislation.support import articles, make_draft


def test_export_has_every_contribution_and_no_one_elses(app, client, login, municipality):
    person = factories.member(municipality, "resident", locale="en")
    someone = factories.UserFactory()
    consultation = make_consultation(municipality, phase="supports")
    mine = make_proposal(consultation, author=person, title="Mi propuesta")
    theirs = make_proposal(consultation, author=someone, title="Otra propuesta")
    with app.test_request_context():
        g.municipality = municipality
        supports.support_proposal(theirs, user=person)
        comment = comments.post_comment(
            "proposal", theirs, author=person, body="Un comentario mío", alignment="in_favour"
        )
        other_comment = comments.post_comment(
            "proposal", mine, author=someone, body="Comentario ajeno", alignment="against"
        )
        moderation.report_content("comment", other_comment, reporter=person, reason="spam")
        draft = make_draft(municipality)
        first = articles(draft)[0]
        cast_vote(draft, first, voter=person, value="against")
        propose_amendment(draft, first, author=person, text="Nuevo texto", justification="Mejor")
        db.session.commit()
        comment_id = comment.id
    login(person)
    data = json.loads(client.get("/account/export.json").data)
    assert [p["title"] for p in data["proposals"]] == ["Mi propuesta"]
    assert [s["proposal_id"] for s in data["supports"]] == [theirs.id]
    assert [c["id"] for c in data["comments"]] == [comment_id]
    assert data["reports_filed"][0]["reason"] == "spam"
    assert data["legislation_votes"][0]["value"] == "against"
    assert data["legislation_amendments"][0]["text"] == "Nuevo texto"
    # Someone else's comment on my proposal is theirs, not mine (a notification may quote it).
    assert "Comentario ajeno" not in json.dumps(data["comments"])
    assert someone.email not in json.dumps(data)


def test_every_reference_to_a_person_is_exported_and_erased_or_explained(app):
    """A model with a foreign key to users.id needs an exporter and an erasure rule, or a line
    in NOT_PERSONAL saying why it is not the person's data."""
    assert privacy.uncovered_references(db.metadata) == []
    references = privacy.references_to_people(db.metadata)
    assert set(privacy.coverage()) <= references, "a registration names no such column"
    assert set(privacy.NOT_PERSONAL) <= references, "NOT_PERSONAL lists a column that is gone"
    assert not set(privacy.coverage()) & set(privacy.NOT_PERSONAL)
    assert all(reason.strip() for reason in privacy.NOT_PERSONAL.values())


def test_a_new_table_pointing_at_people_is_caught():
    metadata = MetaData()
    Table("users", metadata, Column("id", Integer, primary_key=True))
    Table(
        "badges",
        metadata,
        Column("id", Integer, primary_key=True),
        Column("holder_id", ForeignKey("users.id")),
    )
    assert privacy.uncovered_references(metadata) == ["badges.holder_id"]


def test_follows_uploads_census_claims_and_roles_are_exported_then_erased(
    app, client, login, municipality
):
    from participa.indicators.models import PlatformReviewer
    from participa.moderation.models import ModerationDecision
    from participa.municipalities.models import CensusEntry
    from participa.notifications.models import Follow
    from participa.notifications.services import follow

    person = factories.member(municipality, "resident", locale="en")
    consultation = make_consultation(municipality, phase="supports")
    shown = _upload(person, municipality)
    staged = _upload(person, municipality)
    mine = make_proposal(consultation, author=person, title="Con foto", image_id=shown.id)
    follow(person, consultation)
    claim = CensusEntry(
        municipality_id=municipality.id, id_hash="x" * 64, claimed_by_id=person.id,
        claimed_at=utcnow(),
    )  # fmt: skip
    decision = ModerationDecision(
        municipality_id=municipality.id, reportable_type="proposal", reportable_id=mine.id,
        action="hide", category="spam", reason="Publicidad", author_id=person.id,
    )  # fmt: skip
    db.session.add_all([claim, PlatformReviewer(user_id=person.id), decision])
    db.session.commit()

    login(person)
    data = json.loads(client.get("/account/export.json").data)
    assert [f["target_id"] for f in data["notifications"]["follows"]] == [consultation.id]
    assert [u["url"].rsplit("/", 1)[1] for u in data["uploads"]] == [shown.token, staged.token]
    assert data["uploads"][0]["content_type"] == "image/png"
    assert data["census_claims"][0]["municipality"] == municipality.slug
    assert len(data["indicator_reviewer"]) == 1
    assert data["moderation_decisions_on_my_contributions"][0]["reason"] == "Publicidad"

    privacy.erase_personal_data(person)
    db.session.commit()
    assert db.session.get(Upload, staged.id) is None  # nothing showed it
    assert db.session.get(Upload, shown.id).uploader_id is None  # the proposal still shows it
    db.session.refresh(claim)
    assert (claim.claimed_by_id, claim.claimed_at) == (None, None)  # free for its owner again
    assert db.session.scalars(select(PlatformReviewer)).all() == []
    assert db.session.scalars(select(Follow)).all() == []
    # Whatever the registry promises to delete or unlink no longer points at the person.
    for reference, rule in privacy.coverage().items():
        if rule == privacy.OnErase.KEEP:
            continue
        table, column = reference.split(".")
        left = db.session.execute(
            text(f"SELECT count(*) FROM {table} WHERE {column} = :id"), {"id": person.id}
        ).scalar()
        assert left == 0, reference


def _upload(person, municipality) -> Upload:
    upload = Upload(
        token=secrets.token_urlsafe(32), municipality_id=municipality.id, uploader_id=person.id,
        content_type="image/png", size=3, width=1, height=1, data=b"png",
    )  # fmt: skip
    db.session.add(upload)
    db.session.commit()
    return upload
