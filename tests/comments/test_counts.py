"""One comment count, one definition: the visible comments a reader can see, replies included.

Cards and lists show the ``comments_count`` column; the page of the thing shows the heading of
its comment section. Both must say the same number, whatever moderation and authors did.
"""

from __future__ import annotations

import re

from participa.comments import services
from participa.comments.threads import visible_counts
from participa.extensions import db
from participa.moderation import services as moderation
from tests import factories
from tests.comments.support import base, set_settings
from tests.legislation.support import articles, make_draft

HEADING = re.compile(r'id="comments-heading">Comments <span class="count">\((\d+)\)</span>')


def _heading_count(html: str) -> int:
    return int(HEADING.search(html).group(1))


def _discussion(kind, target, municipality, commenter, old_user, moderator) -> int:
    """Threads with replies, a hidden comment with a reply, a deleted reply and a reply waiting
    for review; return how many comments a reader can see."""

    def post(author, body):
        return services.post_comment(kind, target, author=author, body=body, alignment="neutral")

    first = post(commenter, "A first view.")
    services.reply_to(first, author=old_user, body="A visible reply.")
    second = post(old_user, "Another view.")
    hidden = post(old_user, "Something rude.")
    services.reply_to(hidden, author=commenter, body="A reply to something later hidden.")
    moderation.moderate("comment", hidden, actor=moderator, action="hide", reason="Insults")
    gone = services.reply_to(second, author=commenter, body="Deleted later.")
    services.delete_comment(gone, actor=commenter)
    set_settings(municipality, premoderate_new_accounts_days=30)
    waiting = services.reply_to(second, author=factories.UserFactory(), body="Please check me.")
    assert waiting.pending_review
    db.session.commit()
    return 4  # first, its reply, second, and the reply under the hidden comment


def test_proposal_card_and_page_agree(
    client, login, municipality, proposal, commenter, old_user, moderator
):
    expected = _discussion("proposal", proposal, municipality, commenter, old_user, moderator)
    db.session.refresh(proposal)
    assert proposal.comments_count == expected
    assert visible_counts("proposal", [proposal.id]) == {proposal.id: expected}

    listing = client.get(
        f"{base(municipality)}/consultations/{proposal.consultation_id}/proposals/"
    )
    assert f"{expected} comments</p>" in listing.get_data(as_text=True)
    page = client.get(f"{base(municipality)}/proposals/{proposal.id}").get_data(as_text=True)
    assert _heading_count(page) == expected
    # A moderator also sees the hidden and waiting comments, marked; the count stays the same.
    login(moderator)
    page = client.get(f"{base(municipality)}/proposals/{proposal.id}").get_data(as_text=True)
    assert _heading_count(page) == expected


def test_article_list_and_article_page_agree(
    client, municipality, staff, commenter, old_user, moderator
):
    draft = make_draft(municipality, staff=staff)
    article = articles(draft)[0]
    expected = _discussion("article", article, municipality, commenter, old_user, moderator)
    db.session.refresh(article)
    assert article.comments_count == expected
    text = client.get(f"{base(municipality)}/legislation/{draft.id}").get_data(as_text=True)
    assert f'#comments">{expected} comments</a>' in text
    page = client.get(f"{base(municipality)}/legislation/{draft.id}/articles/{article.id}")
    assert _heading_count(page.get_data(as_text=True)) == expected


def test_consultation_figures_and_page_agree(
    client, municipality, proposal, commenter, old_user, moderator
):
    consultation = proposal.consultation
    expected = _discussion(
        "consultation", consultation, municipality, commenter, old_user, moderator
    )
    db.session.refresh(consultation)
    assert consultation.comments_count == expected
    page = client.get(f"{base(municipality)}/consultations/{consultation.id}")
    html = page.get_data(as_text=True)
    assert f"<dd>{expected}</dd>" in html
    assert _heading_count(html) == expected


def test_report_figures_and_timeline_count_the_same_comments(
    client, login, municipality, staff, commenter, old_user, moderator
):
    draft = make_draft(municipality, staff=staff)
    article = articles(draft)[0]
    expected = _discussion("article", article, municipality, commenter, old_user, moderator)
    login(staff)
    payload = client.get(f"{base(municipality)}/legislation/{draft.id}/report.json").get_json()
    assert payload["figures"]["comments"] == expected
    assert sum(day["comments"] for day in payload["timeline"]) == expected
