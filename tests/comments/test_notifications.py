"""Comments notify: replies, comments on contributions, mentions; e-mails stay safe."""

from __future__ import annotations

from sqlalchemy import select

from participa.core.models import OutboxMessage
from participa.extensions import db
from participa.notifications.models import Notification
from tests import factories
from tests.comments.support import post, reply


def _events():
    return {(n.user_id, n.event) for n in db.session.scalars(select(Notification))}


def test_comment_notifies_the_contribution_author(proposal, proposal_author, commenter):
    post(proposal, commenter)
    assert _events() == {(proposal_author.id, "comment_on_contribution")}


def test_reply_notifies_the_parent_author_once(proposal, proposal_author, commenter, old_user):
    root = post(proposal, proposal_author, "my own proposal, my comment")
    reply(root, commenter)
    # The proposal's author is also the parent's author: one notification, the reply.
    assert _events() == {(proposal_author.id, "comment_reply")}


def test_mentions_notify(proposal, proposal_author, commenter):
    mentioned = factories.UserFactory(display_name="Ana Lopez")
    post(proposal, commenter, "What do you think, @Ana Lopez?")
    assert (mentioned.id, "mention") in _events()


def test_notification_email_neutralises_xss(proposal, proposal_author, commenter):
    post(proposal, commenter, "<script>alert('x')</script><img src=x onerror=alert(1)> hi")
    mails = db.session.scalars(select(OutboxMessage)).all()
    assert mails, "the proposal author gets an immediate e-mail"
    for mail in mails:
        assert "<script" not in mail.body_text and "<script" not in (mail.body_html or "")
        assert "onerror" not in (mail.body_html or "")
