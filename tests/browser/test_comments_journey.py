"""A comment's journey through moderation, in a real browser, through the real forms (issue 4).

A citizen comments on a consultation; a neighbour replies and the citizen answers the reply;
a third person reports the first comment; a moderator hides it from the moderation queue with
a reason; the author sees the notifications (unread count in the header, then the list) and the
comment marked as hidden, and visitors no longer read it.
Controls are found by their accessible names (labels, roles), so an unlabelled control fails.
"""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.browser.conftest import assert_no_console_errors, spanish_speaker, villa_norte
from tests.consultations.helpers import make_consultation

pytestmark = pytest.mark.browser

MODERATOR_EMAIL = "moderacion@villanorte.example.org"
AUTHOR_EMAIL = "ana.quiroga@example.org"
AUTHOR_NAME = "Ana Quiroga"
NEIGHBOUR_EMAIL = "bruno.sosa@example.org"
NEIGHBOUR_NAME = "Bruno Sosa"
REPORTER_EMAIL = "carla.diaz@example.org"
CONSULTATION = "Plan de arbolado urbano"
COMMENT = "Los del barrio Sur nunca cuidan nada, no merecen árboles."
REPLY = "No es justo generalizar: en el Sur hay una huerta comunitaria."
ANSWER = "Tenés razón, me expresé mal."
REASON = "Generaliza contra los vecinos de un barrio."


@pytest.fixture
def setting(live_server):
    """Villa Norte with a moderator, three residents and a consultation open to comments."""
    with live_server.app.app_context():
        municipality = villa_norte()
        factories.member(
            municipality, "moderator", email=MODERATOR_EMAIL, display_name="Moderación Villa Norte"
        )
        spanish_speaker(AUTHOR_EMAIL, AUTHOR_NAME)
        spanish_speaker(NEIGHBOUR_EMAIL, NEIGHBOUR_NAME)
        spanish_speaker(REPORTER_EMAIL, "Carla Díaz")
        make_consultation(municipality, phase="information", title=CONSULTATION)
    return live_server


def test_comment_reply_report_hide_and_notify(page, setting, journey, console_errors):
    from playwright.sync_api import expect

    text, log_in, log_out = journey.text, journey.log_in, journey.log_out
    comments = page.get_by_role("region", name=re.compile(journey.either("Comments")))

    def open_consultation() -> None:
        page.goto("/m/villa-norte/")
        municipality_nav = page.get_by_role("navigation", name=text("Municipality"))
        municipality_nav.get_by_role("link", name=text("Consultations")).click()
        page.get_by_role("link", name=CONSULTATION).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(CONSULTATION)

    def comment(containing: str):
        """The comment (its article, without its replies) whose text contains ``containing``."""
        return comments.get_by_role("article").filter(has_text=containing)

    def reply_to(containing: str, body: str) -> None:
        item = comment(containing)
        item.get_by_text(text("Reply")).click()  # the disclosure's summary
        item.get_by_label(text("Your reply")).fill(body)
        item.get_by_role("button", name=text("Publish reply")).click()
        expect(page.get_by_text(text("Your comment has been published."))).to_be_visible()
        expect(comment(body)).to_be_visible()

    # A citizen comments, against the proposal of the consultation.
    page.goto("/")
    log_in(AUTHOR_EMAIL)
    open_consultation()
    comments.get_by_label(text("Your comment")).fill(COMMENT)
    comments.get_by_role("group", name=text("Your position")).get_by_role(
        "radio", name=text("Against")
    ).check()
    comments.get_by_role("button", name=text("Publish comment")).click()
    expect(page.get_by_text(text("Your comment has been published."))).to_be_visible()
    expect(comment(COMMENT)).to_contain_text(AUTHOR_NAME)
    expect(comment(COMMENT)).to_contain_text(text("Against", exact=False))
    expect(comments).to_contain_text(text("%(num)s against", "%(num)s against", exact=False, num=1))
    log_out()

    # A neighbour replies; the citizen answers the reply.
    log_in(NEIGHBOUR_EMAIL)
    open_consultation()
    reply_to(COMMENT, REPLY)
    log_out()
    log_in(AUTHOR_EMAIL)
    expect(journey.notifications_link(unread=1)).to_be_visible()  # the neighbour's reply
    open_consultation()
    reply_to(REPLY, ANSWER)
    log_out()

    # A third person reports the first comment.
    log_in(REPORTER_EMAIL)
    open_consultation()
    comment(COMMENT).get_by_role("link", name=text("Report")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text("Report a contribution"))
    page.get_by_role("group", name=text("Why are you reporting this?")).get_by_role(
        "radio", name=text("Offensive")
    ).check()
    page.get_by_label(text("Anything else moderators should know (optional)")).fill(
        "Discrimina a un barrio entero."
    )
    page.get_by_role("button", name=text("Send report")).click()
    expect(page.get_by_text(text("Thank you. Moderators will review your report."))).to_be_visible()
    # One report is below the threshold: the comment stays up until a moderator decides.
    expect(
        comment(COMMENT).get_by_text(text("hidden by moderation", context="comment"))
    ).to_have_count(0)
    log_out()

    # The moderator hides it from the queue, with a reason for the author.
    log_in(MODERATOR_EMAIL)
    page.goto("/m/villa-norte/")
    municipality_nav = page.get_by_role("navigation", name=text("Municipality"))
    municipality_nav.get_by_role("link", name=text("Moderation")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text("Moderation queue"))
    row = page.get_by_role("row").filter(has=page.get_by_role("checkbox", name=COMMENT))
    expect(row).to_contain_text("Discrimina a un barrio entero.")
    row.get_by_role("checkbox", name=COMMENT).check()
    actions = page.get_by_role("group", name=text("Apply to the selected items"))
    actions.get_by_label(text("Action")).select_option("hide")
    actions.get_by_label(text("Reason")).fill(REASON)
    actions.get_by_role("button", name=text("Apply")).click()
    done = text("Done: %(num)s item.", "Done: %(num)s items.", num=1)
    expect(page.get_by_text(done)).to_be_visible()
    expect(page.get_by_text(text("No open reports."))).to_be_visible()
    log_out()

    # The author sees the notifications and follows the moderation outcome to the comment.
    log_in(AUTHOR_EMAIL)
    journey.notifications_link(unread=2).click()  # the reply, still unread, and the outcome
    outcome = text(
        "Your contribution “%(title)s” was hidden by moderation. Reason: %(reason)s",
        exact=False,
        title=COMMENT,
        reason=REASON,
    )
    page.get_by_role("link", name=outcome).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CONSULTATION)
    hidden = comment(COMMENT)
    expect(hidden).to_contain_text(text("hidden by moderation", exact=False, context="comment"))
    expect(hidden.get_by_role("link", name=text("Appeal"))).to_be_visible()
    expect(journey.notifications_link(unread=1)).to_be_visible()
    log_out()

    # Visitors no longer read it; the replies stay.
    open_consultation()
    expect(page.get_by_text(COMMENT)).to_have_count(0)
    expect(page.get_by_text(text("This comment was hidden by moderation."))).to_be_visible()
    expect(comment(REPLY)).to_be_visible()

    assert_no_console_errors(console_errors)
