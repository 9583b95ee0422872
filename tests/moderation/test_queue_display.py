"""The moderation queue shows who wrote each item and a plain-text excerpt; the public log is
linked from the municipality's pages and from the queue."""

from __future__ import annotations

from participa.db import utcnow
from participa.extensions import db
from participa.moderation import services
from tests import factories
from tests.comments.support import base, post, set_settings

MARKDOWN = "**Loud** words & [a link](https://example.org/x) in _italics_\n\n- one\n- two"


def _queue(client, municipality) -> str:
    response = client.get(f"{base(municipality)}/moderation/")
    assert response.status_code == 200
    return response.text


def test_reported_comment_shows_author_and_plain_text_excerpt(
    client, login, municipality, proposal, commenter, moderator
):
    comment = post(proposal, commenter, MARKDOWN)
    services.report_content("comment", comment, reporter=factories.UserFactory(), reason="spam")
    db.session.commit()
    login(moderator)
    html = _queue(client, municipality)
    assert f'<a href="/people/{commenter.id}">Commenter</a>' in html
    assert "Loud words &amp; a link in italics one two" in html
    assert "**Loud**" not in html and "](https://" not in html and "_italics_" not in html


def test_reported_proposal_shows_an_excerpt_of_its_body(
    client, login, municipality, proposal, proposal_author, moderator
):
    proposal.body = "We **really** need [shade](https://example.org)."
    db.session.commit()
    services.report_content("proposal", proposal, reporter=factories.UserFactory(), reason="spam")
    db.session.commit()
    login(moderator)
    html = _queue(client, municipality)
    assert "We really need shade." in html and "**really**" not in html
    assert f'<a href="/people/{proposal_author.id}">Proposal Author</a>' in html


def test_pending_items_show_author_and_excerpt(client, login, municipality, proposal, moderator):
    set_settings(municipality, premoderate_new_accounts_days=30)
    newcomer = factories.UserFactory(display_name="New Person")
    comment = post(proposal, newcomer, "Hello **there**")
    assert comment.pending_review
    login(moderator)
    html = _queue(client, municipality)
    assert f'<a href="/people/{newcomer.id}">New Person</a>' in html
    assert "Hello there" in html and "**there**" not in html


def test_deleted_author_is_named_but_not_linked(
    client, login, municipality, proposal, commenter, moderator
):
    comment = post(proposal, commenter, "Gone soon")
    services.report_content("comment", comment, reporter=factories.UserFactory(), reason="spam")
    commenter.deleted_at = utcnow()
    db.session.commit()
    login(moderator)
    html = _queue(client, municipality)
    assert "deleted participant" in html
    assert f'href="/people/{commenter.id}"' not in html
    assert f"/moderation/blocks/new/{commenter.id}" not in html


def test_public_log_is_linked_from_the_municipality_report_form_and_queue(
    client, login, municipality, proposal, commenter, moderator
):
    log = f"{base(municipality)}/moderation/log"
    assert f'href="{log}"' in client.get(f"{base(municipality)}/").text
    comment = post(proposal, commenter)
    login(factories.UserFactory())
    report_page = client.get(f"{base(municipality)}/moderation/report/comment/{comment.id}")
    assert f'href="{log}"' in report_page.text
    login(moderator)
    assert f'href="{log}"' in _queue(client, municipality)
    assert client.get(log).status_code == 200
