"""Shared fixtures for the comment and moderation tests: a published proposal to comment on."""

from __future__ import annotations

from datetime import timedelta

import pytest

from participa.comments import services
from participa.comments.models import Comment
from participa.consultations.models import Consultation
from participa.db import utcnow
from participa.extensions import db
from participa.moderation.models import ModerationSettings
from participa.proposals.models import Proposal
from tests import factories
from tests.consultations import helpers

KIND = "proposal"


@pytest.fixture(autouse=True)
def _request_context(municipality_request):
    """Services build URLs and read ``g.municipality`` as they do inside a request."""


def make_consultation(municipality, **fields) -> Consultation:
    consultation = Consultation(
        municipality_id=municipality.id,
        title=fields.pop("title", "Plaza central"),
        status=fields.pop("status", "published"),
        comments_enabled=fields.pop("comments_enabled", True),
        participation=fields.pop("participation", "registered"),
        **fields,
    )
    db.session.add(consultation)
    db.session.commit()
    return consultation


def make_proposal(municipality, author=None, consultation=None, **fields) -> Proposal:
    fields.setdefault("title", "More trees on Main Street")
    fields.setdefault("body", "Plant trees.")
    return helpers.make_proposal(consultation or make_consultation(municipality), author, **fields)


@pytest.fixture
def proposal_author():
    return factories.UserFactory(display_name="Proposal Author")


@pytest.fixture
def proposal(municipality, proposal_author):
    return make_proposal(municipality, author=proposal_author)


@pytest.fixture
def other_proposal(other_municipality):
    return make_proposal(other_municipality)


@pytest.fixture
def old_user():
    """An account old enough not to count as new."""
    return factories.UserFactory(created_at=utcnow() - timedelta(days=60))


@pytest.fixture
def commenter():
    return factories.UserFactory(created_at=utcnow() - timedelta(days=60), display_name="Commenter")


def post(target, author, body="A thoughtful comment.", alignment="neutral", **kw) -> Comment:
    comment = services.post_comment(
        KIND, target, author=author, body=body, alignment=alignment, **kw
    )
    db.session.commit()
    return comment


def reply(parent, author, body="A reply.") -> Comment:
    comment = services.reply_to(parent, author=author, body=body)
    db.session.commit()
    return comment


def set_settings(municipality, **fields) -> ModerationSettings:
    settings = ModerationSettings(municipality_id=municipality.id, **fields)
    db.session.add(settings)
    db.session.commit()
    return settings


def thread_url(target) -> str:
    return f"/m/{target.municipality.slug}/comments/{KIND}/{target.id}/"


def base(municipality) -> str:
    return f"/m/{municipality.slug}"
