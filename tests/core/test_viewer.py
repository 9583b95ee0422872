"""core.viewer: the questions features ask about the signed-in reader on every page are asked
in one query, and each answer equals what the question alone would answer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from flask import g
from flask_login import login_user

from participa.accounts.models import User
from participa.consultations.services import administers_any
from participa.core import features
from participa.core.authz import forget_roles, has_role
from participa.db import utcnow
from participa.extensions import db
from participa.indicators.models import PlatformReviewer
from participa.indicators.policies import is_reviewer
from participa.moderation.models import ParticipationBlock
from participa.moderation.rules import active_block
from participa.municipalities.models import Membership
from participa.municipalities.services import roles_of
from participa.notifications.models import Notification
from participa.notifications.services import unread_count
from tests import factories
from tests.consultations.helpers import make_consultation

# A table each question reads, to find its statements among a page's.
READS = {
    "municipalities.roles": "memberships",
    "notifications.unread": "notifications",
    "moderation.block": "participation_blocks",
    "indicators.reviewer": "indicator_reviewers",
}


def _notify(user: User, municipality, read: bool = False) -> None:
    db.session.add(
        Notification(
            user_id=user.id,
            municipality_id=municipality.id,
            event="comment_reply",
            target_type="consultation",
            target_id=1,
            url="/",
            summary="Hola",
            read_at=utcnow() if read else None,
        )
    )


def _block(user: User, municipality, **fields) -> ParticipationBlock:
    block = ParticipationBlock(
        municipality_id=municipality.id, user_id=user.id, reason="Spam", **fields
    )
    db.session.add(block)
    return block


@contextmanager
def _reading(app, user: User, municipality) -> Iterator[None]:
    """A request of ``user``, signed in, on a page of ``municipality``."""
    with app.test_request_context(f"/m/{municipality.slug}/"):
        g.municipality = municipality
        login_user(user)
        yield


def test_the_features_declare_their_questions(app):
    assert set(READS) | {"consultations.administers"} <= set(features.installed.viewer)


def test_a_signed_in_page_loads_the_reader_and_asks_their_questions_in_one_query(
    client, login, municipality, moderator, count_queries
):
    consultation = make_consultation(municipality)
    login(moderator)
    url = f"/m/{municipality.slug}/consultations/{consultation.id}"
    client.get(url)
    with count_queries() as counter:
        page = client.get(url).text
    assert "Moderation" in page  # a moderator's navigation: the roles were read
    for name, table in READS.items():
        asking = [s for s in counter.statements if re.search(rf"\bFROM {table}\b", s)]
        assert len(asking) == 1, (name, asking)
    # ...all of them in the same statement.
    together = [s for s in counter.statements if all(t in s for t in READS.values())]
    assert len(together) == 1, counter.statements
    # ...which also loads the person.
    people = [s for s in counter.statements if re.search(r"\bFROM users\b", s)]
    assert people == together, people


def test_a_stale_session_keeps_no_answers(app, municipality, moderator):
    from participa.accounts.services import load_user

    with app.test_request_context(f"/m/{municipality.slug}/"):
        g.municipality = municipality
        assert load_user(f"{moderator.id}:not-the-token") is None
        assert "_participa_viewer" not in g
        assert load_user(f"{moderator.id}:{moderator.session_token}") == moderator
        assert "_participa_viewer" in g


def test_the_answers_from_the_one_query_equal_the_questions_alone(
    app, municipality, other_municipality, moderator
):
    _notify(moderator, municipality)
    _notify(moderator, municipality)
    _notify(moderator, municipality, read=True)
    expired = _block(moderator, municipality, until=utcnow() - timedelta(days=1))
    db.session.add(PlatformReviewer(user_id=moderator.id))
    db.session.commit()

    def answers():
        return (
            roles_of(moderator, municipality.id),
            unread_count(moderator),
            active_block(moderator, municipality.id),
            is_reviewer(moderator),
            administers_any(moderator),
        )

    alone = answers()  # outside a request, each question runs alone
    assert alone == ({"moderator"}, 2, None, True, False)
    with _reading(app, moderator, municipality):
        together = answers()
        assert "_participa_viewer" in g  # answered by the one query
        # A question about another member, or another person, is asked alone.
        assert roles_of(moderator, other_municipality.id) == set()
        assert unread_count(factories.UserFactory()) == 0
    assert together == alone
    assert expired.id is not None


def test_a_current_block_is_found_through_the_one_query(app, municipality, resident):
    block = _block(resident, municipality, until=utcnow() + timedelta(days=3))
    db.session.commit()
    with _reading(app, resident, municipality):
        assert active_block(resident, municipality.id) == block
        assert "_participa_viewer" in g


def test_a_change_in_the_same_request_is_seen(app, municipality, user):
    with _reading(app, user, municipality):
        assert not has_role(user, municipality, "admin")
        assert unread_count(user) == 0
        # Unsaved: the question is asked alone, after the session flushes the change.
        db.session.add(Membership(user_id=user.id, municipality_id=municipality.id, role="admin"))
        forget_roles(user.id, municipality.id)
        assert has_role(user, municipality, "admin")
        # Saved: the flush forgot the earlier answers.
        _notify(user, municipality)
        db.session.flush()
        assert "_participa_viewer" not in g
        assert unread_count(user) == 1
