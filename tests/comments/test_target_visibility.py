"""Comments are no way around their target's visibility: the comments of a hidden proposal, of
a draft consultation, of an unpublished legislative draft or procurement process answer 404 to
whoever may not see the target (the comment list showed them), and are not reported either."""

from __future__ import annotations

import pytest
from flask import g

from participa.comments.models import Comment
from participa.extensions import db
from participa.moderation import services as moderation
from participa.moderation.models import Report
from tests.comments.support import make_consultation, post
from tests.english import _english  # noqa: F401 - an autouse fixture
from tests.rows import count_rows

SECRET = "Words quoting the hidden proposal"


@pytest.fixture
def hidden(proposal, commenter, moderator):
    comment = post(proposal, commenter, SECRET)
    moderation.moderate("proposal", proposal, actor=moderator, action="hide", reason="Spam",
                        notify_author=False)  # fmt: skip
    db.session.commit()
    return proposal, comment


def test_comments_of_a_hidden_proposal(client, login, municipality, hidden, user, staff):
    proposal, _comment = hidden
    url = f"/m/{municipality.slug}/comments/proposal/{proposal.id}/"
    assert client.get(url).status_code == 404
    login(user)
    response = client.get(url)
    assert response.status_code == 404
    assert SECRET not in response.get_data(as_text=True)
    before = count_rows(Comment)
    assert client.post(url, data={"body": "Still here?"}).status_code == 404
    assert count_rows(Comment) == before
    login(staff)  # staff see hidden proposals, and their comments
    response = client.get(url)
    assert response.status_code == 200
    assert SECRET in response.get_data(as_text=True)


def test_a_comment_of_a_hidden_proposal_is_not_reported(client, login, municipality, hidden,
                                                        user):  # fmt: skip
    _proposal, comment = hidden
    login(user)
    url = f"/m/{municipality.slug}/moderation/report/comment/{comment.id}"
    response = client.get(url)
    assert response.status_code == 403
    assert SECRET not in response.get_data(as_text=True)
    assert client.post(url, data={"reason": "spam"}).status_code == 403
    assert count_rows(Report) == 0


def test_comments_of_a_draft_consultation(client, login, municipality, user):
    consultation = make_consultation(municipality, status="draft")
    login(user)
    response = client.get(f"/m/{municipality.slug}/comments/consultation/{consultation.id}/")
    assert response.status_code == 404


def test_comments_of_an_unpublished_legislative_draft(client, login, municipality, user, staff):
    from tests.legislation.support import articles, make_draft

    article = articles(make_draft(municipality, staff=staff, status="draft"))[0]
    g.municipality = municipality
    url = f"/m/{municipality.slug}/comments/article/{article.id}/"
    login(user)
    assert client.get(url).status_code == 404
    login(staff)
    assert client.get(url).status_code == 200


def test_comments_of_an_unpublished_process(client, login, municipality, user, staff):
    from participa.contracting import services

    municipality.ocid_prefix = "ocds-213czf"
    process = services.create_process(municipality, actor=staff, title="Bacheo")
    db.session.commit()
    login(user)
    url = f"/m/{municipality.slug}/comments/procurement_process/{process.id}/"
    assert client.get(url).status_code == 404


def test_comments_of_a_visible_proposal_are_still_listed(client, municipality, proposal,
                                                         commenter):  # fmt: skip
    post(proposal, commenter, SECRET)
    response = client.get(f"/m/{municipality.slug}/comments/proposal/{proposal.id}/")
    assert response.status_code == 200
    assert SECRET in response.get_data(as_text=True)
