"""Who may do what: a table of actors by actions, as adhocracy4 does."""

from __future__ import annotations

import pytest

from participa.core.authz import can
from participa.extensions import db
from participa.indicators.models import PlatformReviewer
from tests import factories
from tests.indicators.helpers import make_assessment

ACTORS = ("anonymous", "citizen", "staff_here", "staff_elsewhere", "reviewer", "platform_admin")


@pytest.fixture
def actors(municipality, other_municipality):
    reviewer = factories.UserFactory()
    db.session.add(PlatformReviewer(user_id=reviewer.id))
    db.session.commit()
    return {
        "anonymous": None,
        "citizen": factories.UserFactory(),
        "staff_here": factories.member(municipality, "admin"),
        "staff_elsewhere": factories.member(other_municipality, "admin"),
        "reviewer": reviewer,
        "platform_admin": factories.UserFactory(is_platform_admin=True),
    }


def _row(*allowed: str) -> dict[str, bool]:
    return {actor: actor in allowed for actor in ACTORS}


TABLE = {
    # (action, object) -> who may
    ("indicators.edit", "municipality"): _row("staff_here", "platform_admin"),
    ("indicators.edit", "submitted"): _row("staff_here", "platform_admin"),
    ("indicators.archive_evidence", "draft"): _row("staff_here", "platform_admin"),
    ("indicators.archive_evidence", "validated"): _row("staff_here", "platform_admin"),
    ("indicators.view_assessment", "draft"): _row("staff_here", "platform_admin"),
    ("indicators.view_assessment", "submitted"): _row("staff_here", "reviewer", "platform_admin"),
    ("indicators.view_assessment", "validated"): _row(*ACTORS),
    ("indicators.review", "submitted"): _row("reviewer", "platform_admin"),
    ("indicators.review_queue", None): _row("reviewer", "platform_admin"),
    ("indicators.manage_framework", None): _row("platform_admin"),
    ("indicators.manage_reviewers", None): _row("platform_admin"),
}


def _object(kind, municipality, other_municipality):
    if kind is None:
        return None
    if kind == "municipality":
        return municipality
    if kind in ("draft", "submitted", "validated"):
        return make_assessment(municipality, status=kind, met=3, period="2026-S1")
    raise AssertionError(kind)


@pytest.mark.parametrize(("action", "kind"), list(TABLE))
def test_permissions_table(app, framework, actors, municipality, other_municipality, action, kind):
    obj = _object(kind, municipality, other_municipality)
    for actor, expected in TABLE[(action, kind)].items():
        with app.test_request_context():
            assert can(actors[actor], action, obj) is expected, (action, kind, actor)


def test_reviewer_cannot_review_their_own_municipality(app, framework, municipality):
    assessment = make_assessment(municipality, status="submitted", met=3)
    reviewer = factories.member(municipality, "resident")
    db.session.add(PlatformReviewer(user_id=reviewer.id))
    admin_here = factories.member(municipality, "moderator", is_platform_admin=True)
    db.session.commit()
    with app.test_request_context():
        assert not can(reviewer, "indicators.review", assessment)
        assert not can(admin_here, "indicators.review", assessment)
        assert can(reviewer, "indicators.review_queue")


def test_deleted_accounts_may_do_nothing(app, framework, municipality):
    from participa.db import utcnow

    gone = factories.member(municipality, "admin", deleted_at=utcnow())
    with app.test_request_context():
        assert not can(gone, "indicators.edit", municipality)
