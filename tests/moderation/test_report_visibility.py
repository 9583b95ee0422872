"""The report page shows the item: content hidden by moderators, held for review or deleted is
neither shown nor reported through it (it showed a hidden comment's text to anyone)."""

from __future__ import annotations

import pytest

from participa.db import utcnow
from participa.extensions import db
from participa.moderation import services
from participa.moderation.models import Report
from tests.comments.support import post
from tests.english import _english  # noqa: F401 - an autouse fixture
from tests.rows import count_rows

SECRET = "My neighbour lives at 12 Secret Street"


def _reports() -> int:
    return count_rows(Report)


def _hide(comment, moderator):
    services.moderate("comment", comment, actor=moderator, action="hide", reason="Doxxing",
                      notify_author=False)  # fmt: skip
    db.session.commit()


def _hold(comment, moderator):
    comment.pending_review = True
    db.session.commit()


def _delete(comment, moderator):
    comment.deleted_at = utcnow()
    db.session.commit()


@pytest.mark.parametrize("make_invisible", [_hide, _hold, _delete])
def test_invisible_comment_cannot_be_read_or_reported(client, login, municipality, proposal,
                                                      commenter, moderator, user,
                                                      make_invisible):  # fmt: skip
    comment = post(proposal, commenter, SECRET)
    make_invisible(comment, moderator)
    login(user)
    url = f"/m/{municipality.slug}/moderation/report/comment/{comment.id}"
    response = client.get(url)
    assert response.status_code == 403
    assert SECRET not in response.get_data(as_text=True)
    response = client.post(url, data={"reason": "spam"})
    assert response.status_code == 403
    assert _reports() == 0


def test_hidden_proposal_title_is_not_shown(client, login, municipality, proposal, moderator,
                                            user):  # fmt: skip
    services.moderate("proposal", proposal, actor=moderator, action="hide", reason="Spam",
                      notify_author=False)  # fmt: skip
    db.session.commit()
    login(user)
    response = client.get(f"/m/{municipality.slug}/moderation/report/proposal/{proposal.id}")
    assert response.status_code == 403
    assert proposal.title not in response.get_data(as_text=True)


def test_visible_comment_is_still_reported(client, login, municipality, proposal, commenter,
                                           user):  # fmt: skip
    comment = post(proposal, commenter, SECRET)
    login(user)
    url = f"/m/{municipality.slug}/moderation/report/comment/{comment.id}"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"reason": "spam"}).status_code == 302
    assert _reports() == 1
