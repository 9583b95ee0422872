"""Who may see, add and remove documents: every kind of content, every role (media.view and
media.attach delegate to the content's own feature policies)."""

from __future__ import annotations

import pytest

from participa.core.authz import can
from participa.extensions import db
from tests import factories
from tests.media.conftest import make_draft, make_process

# --- Who may attach: every kind, every role -----------------------------------------------------

ROLES = ("anonymous", "citizen", "author", "resident", "moderator", "admin", "other_admin")
# kind -> the roles that may attach and remove documents.
ALLOWED = {
    "consultation": {"admin"},
    "proposal": {"author"},
    "draft": {"admin"},
    "process": {"admin"},
}


@pytest.mark.parametrize("kind", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_who_may_attach(app, municipality, other_municipality, staff, proposal, kind, role):
    from flask_login import AnonymousUserMixin

    targets = {
        "consultation": lambda: proposal.consultation,
        "proposal": lambda: proposal,
        "draft": lambda: make_draft(municipality, staff),
        "process": lambda: make_process(municipality, staff),
    }
    target = targets[kind]()
    people = {
        "anonymous": AnonymousUserMixin(),
        "citizen": factories.UserFactory(),
        "author": proposal.author,
        "resident": factories.member(municipality, "resident"),
        "moderator": factories.member(municipality, "moderator"),
        "admin": staff,
        "other_admin": factories.member(other_municipality, "admin"),
    }
    assert can(people[role], "media.attach", target) is (role in ALLOWED[kind])
    # Everyone sees the documents of visible content.
    assert can(people[role], "media.view", target) is True


def test_a_proposal_takes_documents_only_while_editable(app, proposal):
    from participa.proposals.models import Proposal

    assert can(proposal.author, "media.attach", proposal)
    db.session.execute(
        Proposal.__table__.update().where(Proposal.id == proposal.id).values(supports_count=1)
    )
    db.session.commit()
    db.session.refresh(proposal)
    assert not can(proposal.author, "media.attach", proposal)


def test_hidden_or_unpublished_content_hides_its_documents(app, municipality, staff):
    from flask_login import AnonymousUserMixin

    from tests.consultations.helpers import make_consultation

    draft_consultation = make_consultation(municipality, status="draft")
    unpublished = make_draft(municipality, staff)
    unpublished.status = "draft"
    db.session.commit()
    for target in (draft_consultation, unpublished):
        assert can(AnonymousUserMixin(), "media.view", target) is False
        assert can(staff, "media.view", target) is True
