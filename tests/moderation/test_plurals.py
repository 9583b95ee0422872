"""The bulk moderation message counts its items with the right plural form."""

from __future__ import annotations

import pytest

from tests.comments.support import base, post


@pytest.mark.parametrize(("count", "expected"), [(1, "Done: 1 item."), (2, "Done: 2 items.")])
def test_bulk_action_message(
    client, login, municipality, proposal, commenter, moderator, count, expected
):
    comments = [post(proposal, commenter, f"comment {n}") for n in range(count)]
    login(moderator)
    response = client.post(
        f"{base(municipality)}/moderation/act",
        data={
            "items": [f"comment:{c.id}" for c in comments],
            "action": "hide",
            "reason": "Advertising is not allowed.",
            "category": "spam",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert expected in response.get_data(as_text=True)
