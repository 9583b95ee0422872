"""A person's data export covers every feature where they took part; deletion keeps the rest."""

from __future__ import annotations

import json

from flask import g

from participa.comments import services as comments
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
