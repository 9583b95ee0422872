"""Rate limits on comments and reports, in an application with the limiter switched on."""

from __future__ import annotations

import pytest

from tests.comments.support import base, post, thread_url

pytestmark = pytest.mark.rate_limits(
    COMMENT_RATE_LIMIT="2 per minute", REPORT_RATE_LIMIT="1 per minute"
)


def _login(client, user):
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def test_comment_rate_limit_answers_429(limited_app, proposal, commenter):
    client = _login(limited_app.test_client(), commenter)
    statuses = [
        client.post(
            thread_url(proposal), data={"body": f"text {i}", "alignment": "neutral"}
        ).status_code
        for i in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert "Too many requests" in client.post(
        thread_url(proposal), data={"body": "again", "alignment": "neutral"}
    ).get_data(as_text=True)


def test_report_rate_limit_answers_429(limited_app, municipality, proposal, commenter, old_user):
    first, second = post(proposal, commenter, "one"), post(proposal, commenter, "two")
    client = _login(limited_app.test_client(), old_user)
    url = f"{base(municipality)}/moderation/report/comment/"
    assert client.post(f"{url}{first.id}", data={"reason": "spam"}).status_code == 302
    assert client.post(f"{url}{second.id}", data={"reason": "spam"}).status_code == 429
