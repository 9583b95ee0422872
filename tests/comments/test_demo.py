"""The demo loader adds threads to existing proposals."""

from __future__ import annotations

from participa.comments.demo import load_demo
from participa.comments.models import Comment
from participa.extensions import db
from tests import factories
from tests.rows import count_rows


def test_demo_adds_comments_to_proposals(municipality, proposal):
    users = {f"u{i}": factories.UserFactory() for i in range(5)}
    load_demo({"users": users, "municipalities": {municipality.slug: municipality}})
    db.session.commit()
    assert count_rows(Comment) >= 6
    db.session.refresh(proposal)
    assert proposal.comments_count == 6
