"""Comment pages and forms: happy paths, 403/404/409/422, XSS, constant queries, rate limits."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select

from participa.comments.models import Comment
from participa.db import utcnow
from participa.extensions import db
from participa.moderation.models import ParticipationBlock
from tests import factories
from tests.comments.support import KIND, base, make_consultation, make_proposal, post, reply
from tests.rows import count_rows


def _create_url(target):
    return f"{base(target.municipality)}/comments/{KIND}/{target.id}/"


def test_post_comment_redirects_to_the_target_anchor(client, login, proposal, commenter):
    login(commenter)
    response = client.post(_create_url(proposal), data={"body": "Hello", "alignment": "in_favour"})
    assert response.status_code == 302
    comment = db.session.scalars(select(Comment)).one()
    assert response.headers["Location"].endswith(f"/proposals/{proposal.id}#comment-{comment.id}")
    assert comment.alignment == "in_favour"


def test_anonymous_is_sent_to_login(client, proposal):
    response = client.post(_create_url(proposal), data={"body": "Hello"})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_thread_page_renders_summary_sorts_and_forms(client, login, proposal, commenter, old_user):
    root = post(proposal, commenter, "Root **text**", alignment="in_favour")
    reply(root, old_user, "A reply")
    login(old_user)
    html = client.get(_create_url(proposal)).get_data(as_text=True)
    assert "1 in favour" in html and "0 against" in html and "0 neutral" in html
    assert "<strong>text</strong>" in html and "A reply" in html
    assert "<legend>" in html and 'name="website"' in html
    assert "<details" in html and "comments_sort=newest" in html
    assert f"/moderation/report/comment/{root.id}" in html


def test_empty_body_rerenders_the_form_with_422(client, login, proposal, commenter):
    login(commenter)
    response = client.post(_create_url(proposal), data={"body": "  ", "alignment": "neutral"})
    assert response.status_code == 422
    assert "Write your comment." in response.get_data(as_text=True)


def test_fourth_level_reply_answers_422_and_keeps_the_text(client, login, proposal, commenter):
    level3 = reply(reply(post(proposal, commenter), commenter, "2"), commenter, "3")
    login(commenter)
    response = client.post(
        f"{base(proposal.municipality)}/comments/{level3.id}/reply",
        data={"body": "my fourth-level words"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "at most 3 levels" in html and "my fourth-level words" in html


def test_xss_payloads_are_neutralised(client, login, proposal, commenter):
    payload = (
        "<script>alert('x')</script> <img src=x onerror=alert(1)> "
        '[click](javascript:alert(1)) <a href="javascript:alert(2)">y</a>'
    )
    post(proposal, commenter, payload)
    html = client.get(_create_url(proposal)).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "onerror" not in html
    assert "javascript:" not in html


def test_closed_commentable_answers_409(client, login, municipality, commenter):
    closed = make_proposal(
        municipality, consultation=make_consultation(municipality, comments_enabled=False)
    )
    login(commenter)
    response = client.post(_create_url(closed), data={"body": "hi", "alignment": "neutral"})
    assert response.status_code == 409
    assert "closed" in response.get_data(as_text=True)


def test_verified_only_answers_403_for_non_residents(client, login, municipality, commenter):
    verified = make_proposal(
        municipality, consultation=make_consultation(municipality, participation="verified")
    )
    login(commenter)
    response = client.post(_create_url(verified), data={"body": "hi", "alignment": "neutral"})
    assert response.status_code == 403
    assert "verified residents" in response.get_data(as_text=True)


def test_blocked_person_gets_403_with_message(client, login, municipality, proposal, commenter):
    db.session.add(
        ParticipationBlock(municipality_id=municipality.id, user_id=commenter.id, reason="spam")
    )
    db.session.commit()
    login(commenter)
    response = client.post(_create_url(proposal), data={"body": "hi", "alignment": "neutral"})
    assert response.status_code == 403
    assert "blocked" in response.get_data(as_text=True)


def test_duplicate_answers_409(client, login, proposal, commenter):
    login(commenter)
    client.post(_create_url(proposal), data={"body": "same", "alignment": "neutral"})
    response = client.post(_create_url(proposal), data={"body": "same", "alignment": "neutral"})
    assert response.status_code == 409


def test_honeypot_answers_400_and_stores_nothing(client, login, proposal, commenter):
    login(commenter)
    response = client.post(
        _create_url(proposal),
        data={"body": "hi", "alignment": "neutral", "website": "spam.example"},
    )
    assert response.status_code == 400
    assert count_rows(Comment) == 0


def test_edit_form_and_edited_mark(client, login, proposal, commenter):
    comment = post(proposal, commenter, "first")
    login(commenter)
    url = f"{base(proposal.municipality)}/comments/{comment.id}/edit"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"body": "second", "alignment": "against"}).status_code == 302
    html = client.get(_create_url(proposal)).get_data(as_text=True)
    assert "second" in html and "edited" in html


def test_edit_after_window_is_forbidden(client, login, proposal, commenter):
    comment = post(proposal, commenter, "first")
    comment.created_at = utcnow() - timedelta(minutes=20)
    db.session.commit()
    login(commenter)
    url = f"{base(proposal.municipality)}/comments/{comment.id}/edit"
    assert client.post(url, data={"body": "late"}).status_code == 403


def test_edit_by_someone_else_is_forbidden(client, login, proposal, commenter, old_user):
    comment = post(proposal, commenter, "first")
    login(old_user)
    url = f"{base(proposal.municipality)}/comments/{comment.id}/edit"
    assert client.get(url).status_code == 403


def test_delete_keeps_replies_and_shows_placeholder(client, login, proposal, commenter, old_user):
    root = post(proposal, commenter, "original words")
    reply(root, old_user, "still here")
    login(commenter)
    response = client.post(f"{base(proposal.municipality)}/comments/{root.id}/delete")
    assert response.status_code == 302
    html = client.get(_create_url(proposal)).get_data(as_text=True)
    assert "original words" not in html
    assert "deleted by its author" in html and "still here" in html


def test_vote_and_change_vote(client, login, proposal, commenter, old_user):
    comment = post(proposal, commenter)
    login(old_user)
    url = f"{base(proposal.municipality)}/comments/{comment.id}/vote"
    assert client.post(url, data={"value": "up"}).status_code == 302
    assert client.post(url, data={"value": "down"}).status_code == 302
    db.session.refresh(comment)
    assert (comment.upvotes, comment.downvotes) == (0, 1)
    assert client.post(url, data={"value": "sideways"}).status_code == 422


def test_other_municipality_comments_answer_404(
    client, login, other_proposal, commenter, municipality
):
    foreign = post(other_proposal, factories.UserFactory(created_at=utcnow() - timedelta(days=30)))
    login(commenter)
    here = base(municipality)
    assert client.post(f"{here}/comments/{foreign.id}/reply", data={"body": "x"}).status_code == 404
    assert (
        client.post(f"{here}/comments/{foreign.id}/vote", data={"value": "up"}).status_code == 404
    )
    assert client.get(f"{here}/comments/{foreign.id}/edit").status_code == 404
    assert client.post(f"{here}/comments/{foreign.id}/delete").status_code == 404
    assert client.get(f"{here}/comments/{KIND}/{other_proposal.id}/").status_code == 404
    assert client.get(f"{here}/comments/nonsense/1/").status_code == 404


def test_pending_comment_shown_only_to_author_and_moderators(
    client, login, municipality, proposal, commenter, moderator, app
):
    from tests.comments.support import set_settings

    set_settings(municipality, premoderate_links=True)
    login(commenter)
    client.post(
        _create_url(proposal), data={"body": "see https://example.org", "alignment": "neutral"}
    )
    assert "waiting for moderation" in client.get(_create_url(proposal)).get_data(as_text=True)
    anonymous = app.test_client()
    assert "example.org" not in anonymous.get(_create_url(proposal)).get_data(as_text=True)
    mod = login(moderator, on=app.test_client())
    assert "example.org" in mod.get(_create_url(proposal)).get_data(as_text=True)


def _bulk_comments(target, count: int, replies_per_root: int = 2) -> None:
    authors = [factories.UserFactory(created_at=utcnow() - timedelta(days=30)) for _ in range(5)]
    now = utcnow()
    roots = [
        {
            "municipality_id": target.municipality_id,
            "commentable_type": KIND,
            "commentable_id": target.id,
            "author_id": authors[i % 5].id,
            "body": f"comment {i}",
            "alignment": ("in_favour", "against", "neutral")[i % 3],
            "depth": 0,
            "score": i % 7,
            "created_at": now - timedelta(seconds=i),
        }
        for i in range(count)
    ]
    db.session.execute(insert(Comment), roots)
    root_ids = db.session.scalars(
        select(Comment.id).where(
            Comment.commentable_id == target.id, Comment.commentable_type == KIND
        )
    ).all()
    db.session.execute(
        insert(Comment),
        [
            {
                "municipality_id": target.municipality_id,
                "commentable_type": KIND,
                "commentable_id": target.id,
                "author_id": authors[(j + 1) % 5].id,
                "body": "reply",
                "parent_id": rid,
                "root_id": rid,
                "depth": 1,
                "created_at": now,
            }
            for rid in root_ids[: count // 2]
            for j in range(replies_per_root)
        ],
    )
    db.session.commit()


def _page_queries(client, url, count_queries) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count


def test_first_page_costs_the_same_queries_for_50_or_5000_comments(
    client, login, municipality, commenter, count_queries
):
    small = make_proposal(municipality)
    large = make_proposal(municipality)
    _bulk_comments(small, 50)
    _bulk_comments(large, 5000)
    login(commenter)
    small_count = _page_queries(client, _create_url(small), count_queries)
    large_count = _page_queries(client, _create_url(large), count_queries)
    assert small_count == large_count
    assert large_count <= 16  # includes the viewer's votes and reports
