"""Comment services: posting, threading, editing, deleting, votes and spam rules (no HTTP)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participa.comments import services
from participa.comments.models import Comment, CommentVote
from participa.comments.threads import alignment_summary, comment_thread
from participa.core.errors import DomainError
from participa.db import utcnow
from participa.extensions import db
from participa.moderation.models import ParticipationBlock
from tests import factories
from tests.comments.support import KIND, make_consultation, make_proposal, post, reply, set_settings


def test_post_comment_counts_and_summarises(proposal, commenter, old_user):
    post(proposal, commenter, "I agree", alignment="in_favour")
    post(proposal, old_user, "I do not", alignment="against")
    post(proposal, factories.UserFactory(created_at=utcnow() - timedelta(days=30)), "Hmm")
    db.session.refresh(proposal)
    assert proposal.comments_count == 3
    assert alignment_summary(KIND, proposal.id) == {"in_favour": 1, "against": 1, "neutral": 1}


def test_replies_nest_three_levels_and_no_deeper(proposal, commenter, old_user):
    root = post(proposal, commenter)
    level2 = reply(root, old_user)
    level3 = reply(level2, commenter)
    assert (root.depth, level2.depth, level3.depth) == (0, 1, 2)
    assert level3.root_id == root.id and level2.root_id == root.id
    with pytest.raises(DomainError) as exc:
        services.reply_to(level3, author=old_user, body="Too deep")
    assert exc.value.status == 422
    assert "3 levels" in str(exc.value.message)


def test_thread_loads_replies_authors_and_votes(proposal, commenter, old_user):
    root = post(proposal, commenter, "root")
    child = reply(root, old_user, "child")
    reply(child, commenter, "grandchild")
    services.vote_comment(root, voter=old_user, value=1)
    db.session.commit()
    thread = comment_thread(proposal, KIND, viewer=old_user)
    assert [c.id for c in thread.roots] == [root.id]
    assert [c.body for c in thread.replies(root)] == ["child"]
    assert [c.body for c in thread.replies(thread.replies(root)[0])] == ["grandchild"]
    assert thread.vote_of(root) == 1


def test_sorting_best_newest_oldest(proposal, commenter, old_user):
    voter = factories.UserFactory()
    first = post(proposal, commenter, "first")
    second = post(proposal, old_user, "second")
    first.created_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    services.vote_comment(first, voter=voter, value=1)
    db.session.commit()
    ids = lambda sort: [c.id for c in comment_thread(proposal, KIND, viewer=None, sort=sort).roots]  # noqa: E731
    assert ids("best") == [first.id, second.id]
    assert ids("newest") == [second.id, first.id]
    assert ids("oldest") == [first.id, second.id]


def test_votes_are_one_per_person_and_changeable(proposal, commenter, old_user):
    comment = post(proposal, commenter)
    services.vote_comment(comment, voter=old_user, value=1)
    services.vote_comment(comment, voter=old_user, value=1)
    db.session.commit()
    assert (comment.upvotes, comment.downvotes, comment.score) == (1, 0, 1)
    services.vote_comment(comment, voter=old_user, value=-1)
    db.session.commit()
    assert (comment.upvotes, comment.downvotes, comment.score) == (0, 1, -1)
    services.vote_comment(comment, voter=old_user, value=0)
    db.session.commit()
    assert (comment.upvotes, comment.downvotes, comment.score) == (0, 0, 0)
    assert db.session.scalars(select(CommentVote)).all() == []


def test_database_refuses_a_second_vote_row(proposal, commenter, old_user):
    comment = post(proposal, commenter)
    services.vote_comment(comment, voter=old_user, value=1)
    db.session.commit()
    db.session.add(CommentVote(user_id=old_user.id, comment_id=comment.id, value=-1))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_author_cannot_vote_own_comment(proposal, commenter):
    comment = post(proposal, commenter)
    with pytest.raises(DomainError):
        services.vote_comment(comment, voter=commenter, value=1)


def test_edit_within_window_marks_edited(proposal, commenter):
    comment = post(proposal, commenter, "typo")
    services.edit_comment(comment, actor=commenter, body="fixed")
    db.session.commit()
    assert comment.body == "fixed" and comment.edited_at is not None


def test_edit_after_window_is_refused(proposal, commenter):
    comment = post(proposal, commenter, "old text")
    comment.created_at = utcnow() - timedelta(minutes=16)
    db.session.commit()
    with pytest.raises(DomainError) as exc:
        services.edit_comment(comment, actor=commenter, body="new")
    assert exc.value.status == 409


def test_only_author_edits_and_deletes(proposal, commenter, old_user):
    comment = post(proposal, commenter)
    with pytest.raises(DomainError) as exc:
        services.edit_comment(comment, actor=old_user, body="hijack")
    assert exc.value.status == 403
    with pytest.raises(DomainError):
        services.delete_comment(comment, actor=old_user)


def test_delete_keeps_the_thread_and_the_count_follows(proposal, commenter, old_user):
    root = post(proposal, commenter)
    child = reply(root, old_user)
    services.delete_comment(root, actor=commenter)
    db.session.commit()
    db.session.refresh(proposal)
    assert proposal.comments_count == 1
    thread = comment_thread(proposal, KIND, viewer=None)
    assert thread.roots == [root] and thread.replies(root) == [child]
    assert not thread.shows_body(root)


def test_closed_commentable_refuses_with_409(municipality, commenter):
    closed = make_proposal(
        municipality, consultation=make_consultation(municipality, comments_enabled=False)
    )
    with pytest.raises(DomainError) as exc:
        services.post_comment(KIND, closed, author=commenter, body="hello")
    assert exc.value.status == 409


def test_verified_only_requires_residents(municipality, commenter, resident):
    verified = make_proposal(
        municipality, consultation=make_consultation(municipality, participation="verified")
    )
    with pytest.raises(DomainError) as exc:
        services.post_comment(KIND, verified, author=commenter, body="hello")
    assert exc.value.status == 403
    assert services.post_comment(KIND, verified, author=resident, body="hello").id


def test_blocked_person_cannot_comment(municipality, proposal, commenter):
    db.session.add(
        ParticipationBlock(
            municipality_id=municipality.id,
            user_id=commenter.id,
            until=utcnow() + timedelta(days=3),
            reason="spam",
        )
    )
    db.session.commit()
    with pytest.raises(DomainError) as exc:
        services.post_comment(KIND, proposal, author=commenter, body="hello")
    assert exc.value.status == 403
    assert "blocked" in str(exc.value.message)


def test_expired_block_no_longer_applies(municipality, proposal, commenter):
    db.session.add(
        ParticipationBlock(
            municipality_id=municipality.id,
            user_id=commenter.id,
            until=utcnow() - timedelta(days=1),
            reason="spam",
        )
    )
    db.session.commit()
    assert post(proposal, commenter).id


def test_duplicate_within_two_minutes_is_refused(proposal, commenter):
    post(proposal, commenter, "Same words")
    with pytest.raises(DomainError) as exc:
        services.post_comment(KIND, proposal, author=commenter, body="Same words")
    assert exc.value.status == 409


def test_same_text_later_is_accepted(proposal, commenter):
    first = post(proposal, commenter, "Same words")
    first.created_at = utcnow() - timedelta(minutes=3)
    db.session.commit()
    assert post(proposal, commenter, "Same words").id != first.id


def test_honeypot_refuses(proposal, commenter):
    with pytest.raises(DomainError) as exc:
        services.post_comment(KIND, proposal, author=commenter, body="buy", honeypot="http://x")
    assert exc.value.status == 400
    assert db.session.scalar(select(Comment.id)) is None


def test_new_accounts_may_post_few_links(municipality, proposal):
    newcomer = factories.UserFactory()
    body = "see https://a.example https://b.example https://c.example"
    with pytest.raises(DomainError) as exc:
        services.post_comment(KIND, proposal, author=newcomer, body=body)
    assert exc.value.status == 422
    veteran = factories.UserFactory(created_at=utcnow() - timedelta(days=90))
    assert post(proposal, veteran, body).id


def test_premoderation_of_links_hides_until_approved(municipality, proposal, commenter, moderator):
    set_settings(municipality, premoderate_links=True)
    comment = post(proposal, commenter, "look at https://example.org")
    assert comment.pending_review
    db.session.refresh(proposal)
    assert proposal.comments_count == 0
    assert comment_thread(proposal, KIND, viewer=None).roots == []
    assert comment_thread(proposal, KIND, viewer=commenter).roots == [comment]
    assert comment_thread(proposal, KIND, viewer=moderator).roots == [comment]


def test_premoderation_of_new_accounts(municipality, proposal, commenter):
    set_settings(municipality, premoderate_new_accounts_days=3)
    newcomer = factories.UserFactory()
    assert post(proposal, newcomer, "hello").pending_review
    assert not post(proposal, commenter, "hello").pending_review


def test_moderators_are_not_premoderated(municipality, proposal, moderator):
    set_settings(municipality, premoderate_new_accounts_days=3)
    assert not post(proposal, moderator, "official note").pending_review


def test_a_thread_without_comments_asks_only_for_its_count(proposal, commenter, count_queries):
    with count_queries() as empty:
        thread = comment_thread(proposal, KIND, viewer=None)
    assert thread.roots == [] and set(thread.summary.values()) == {0}
    assert len([s for s in empty.statements if "FROM comments" in s]) == 1, empty.statements
    post(proposal, commenter, body="A favor.", alignment="in_favour")
    thread = comment_thread(proposal, KIND, viewer=None)
    assert len(thread.roots) == 1 and thread.summary["in_favour"] == 1
