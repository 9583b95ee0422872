"""Followers hear of new visible comments on what they follow: once, never of their own, in the
digest when they chose it, in a fixed number of queries whatever their number."""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from participa.comments import services
from participa.core.models import OutboxMessage
from participa.extensions import db
from participa.moderation import services as moderation
from participa.notifications import services as notifications
from participa.notifications.digests import send_digests
from participa.notifications.models import Notification
from participa.notifications.preferences import set_email_mode
from tests import factories
from tests.comments.support import make_consultation, post, set_settings


def _events(event="comment_on_followed"):
    query = select(Notification.user_id).where(Notification.event == event)
    return sorted(db.session.scalars(query))


def _follower(target, mode=None, **fields):
    person = factories.UserFactory(**fields)
    notifications.follow(person, target)
    if mode:
        set_email_mode(person, mode)
    db.session.commit()
    return person


def test_a_follower_hears_of_a_new_comment_on_a_proposal(proposal, commenter):
    follower = _follower(proposal)
    comment = post(proposal, commenter)
    note = db.session.scalars(
        select(Notification).where(Notification.event == "comment_on_followed")
    ).one()
    assert note.user_id == follower.id
    assert note.url.endswith(f"#comment-{comment.id}")
    assert "Commenter" in note.summary


def test_a_follower_of_a_consultation_hears_of_its_comments(municipality, commenter):
    consultation = make_consultation(municipality)
    follower = _follower(consultation)
    services.post_comment("consultation", consultation, author=commenter, body="On the plan.")
    db.session.commit()
    assert _events() == [follower.id]


def test_a_follower_of_a_draft_hears_of_comments_on_its_articles(municipality, commenter):
    from tests.legislation.support import articles, make_draft

    draft = make_draft(municipality)
    g.municipality = municipality
    follower = _follower(draft)
    article = articles(draft)[0]
    services.post_comment("article", article, author=commenter, body="About article one.")
    db.session.commit()
    assert follower.id in _events()


def test_no_self_notification_and_each_person_once(proposal, proposal_author, commenter):
    # The commenter follows too; the author (owner) hears as the contribution's author only.
    notifications.follow(commenter, proposal)
    notifications.follow(proposal_author, proposal)
    follower = _follower(proposal)
    post(proposal, commenter)
    assert _events() == [follower.id]
    assert _events("comment_on_contribution") == [proposal_author.id]
    mine = db.session.scalars(select(Notification).where(Notification.user_id == commenter.id))
    assert list(mine) == []


def test_a_mentioned_follower_hears_once(proposal, commenter):
    follower = _follower(proposal, display_name="Ana Lopez")
    post(proposal, commenter, "What do you think, @Ana Lopez?")
    assert _events("mention") == [follower.id]
    assert _events() == []


def test_hidden_comments_notify_nobody_until_approved(municipality, proposal, commenter, moderator):
    set_settings(municipality, premoderate_links=True)
    follower = _follower(proposal)
    comment = post(proposal, commenter, "look at https://example.org")
    assert comment.pending_review
    assert _events() == []
    moderation.moderate("comment", comment, actor=moderator, action="approve", reason="Fine")
    db.session.commit()
    assert _events() == [follower.id]


def test_digest_followers_get_no_immediate_mail_but_the_digest(proposal, commenter):
    immediate = _follower(proposal)
    digest = _follower(proposal, mode="digest")
    silent = _follower(proposal, mode="none")
    post(proposal, commenter)
    assert _events() == sorted([immediate.id, digest.id, silent.id])
    recipients = {m.recipient for m in db.session.scalars(select(OutboxMessage))}
    assert immediate.email in recipients
    assert digest.email not in recipients and silent.email not in recipients
    assert send_digests(force=True) == 1
    recipients = {m.recipient for m in db.session.scalars(select(OutboxMessage))}
    assert digest.email in recipients and silent.email not in recipients


def _queries_for(proposal, commenter, count_queries, followers: int, body: str) -> int:
    for _ in range(followers):
        _follower(proposal, mode="digest")
    with count_queries() as counter:
        services.post_comment("proposal", proposal, author=commenter, body=body)
    db.session.commit()
    return counter.count


def test_many_followers_cost_no_more_queries(proposal, commenter, count_queries):
    _queries_for(proposal, commenter, count_queries, 0, "Warming up.")
    few = _queries_for(proposal, commenter, count_queries, 2, "First comment.")
    many = _queries_for(proposal, commenter, count_queries, 40, "Second comment.")
    assert len(_events()) == 2 + 42
    assert many == few, "one query per follower crept in"
