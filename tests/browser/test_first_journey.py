"""A newcomer's first journey, in a real browser, through the real forms.

Sign up, confirm the address from the e-mail, log in, switch to English, ask a municipality for
residency; staff approve it from the verification queue; the person then sees it approved.
Controls are found by their accessible names (labels, roles), so an unlabelled control fails.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from participa.core.models import OutboxMessage
from participa.extensions import db
from tests import factories
from tests.browser.conftest import assert_no_console_errors, villa_norte

pytestmark = pytest.mark.browser

PERSON_EMAIL = "lucia.navarro@example.org"
PERSON_NAME = "Lucía Navarro"
PERSON_PASSWORD = "mate amargo en la plaza"
STAFF_EMAIL = "staff@villanorte.example.org"


@pytest.fixture
def setting(live_server):
    """A municipality with one staff member, in the live server's database."""
    with live_server.app.app_context():
        municipality = villa_norte()
        factories.member(municipality, "admin", email=STAFF_EMAIL, display_name="Staff Villa Norte")
    return live_server


def test_sign_up_verify_residency_and_staff_approval(page, setting, journey, console_errors):
    from playwright.sync_api import expect

    live = setting
    text, log_in, log_out = journey.text, journey.log_in, journey.log_out

    # A Spanish-speaking browser gets the platform in Spanish.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "es")

    # Sign up.
    page.get_by_role("link", name=text("Sign up")).click()
    page.get_by_label(text("E-mail address")).fill(PERSON_EMAIL)
    page.get_by_label(text("Public name")).fill(PERSON_NAME)
    page.get_by_label(text("Password")).fill(PERSON_PASSWORD)
    page.get_by_label(text("Repeat the password")).fill(PERSON_PASSWORD)
    page.get_by_label(text("I accept the terms of use and the privacy policy")).check()
    page.get_by_role("button", name=text("Sign up")).click()
    expect(page).to_have_url(re.compile(r"/account/check-inbox$"))

    # Confirm the address with the link from the e-mail.
    with live.app.app_context():
        bodies = db.session.scalars(
            select(OutboxMessage.body_text).where(OutboxMessage.recipient == PERSON_EMAIL)
        ).all()
    links = [link for body in bodies for link in re.findall(r"https?://\S+", body)]
    confirm = [link for link in links if "/account/confirm/" in link]
    assert confirm, f"no confirmation link was mailed to {PERSON_EMAIL}: {bodies!r}"
    page.goto(confirm[0])
    confirmed = text(
        "Thank you, your e-mail address is confirmed and you are now logged in as %(email)s.",
        email=PERSON_EMAIL,
    )
    expect(page.get_by_text(confirmed)).to_be_visible()

    # The unused link logged the person in; switch to English with the header's language switcher.
    expect(page.get_by_role("button", name=text("Log out"))).to_be_visible()
    page.goto("/")
    switcher = page.get_by_label(text("Language"))
    expect(page.get_by_role("button", name=text("Change"))).to_be_visible()
    with page.expect_navigation():
        # static/js/autosubmit.js sends the form on change; without JS the button does.
        switcher.select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_label("Language")).to_have_value("en")

    # Go to the municipality and ask to be verified as a resident.
    page.goto("/")
    page.get_by_role("link", name="Villa Norte").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Villa Norte")
    municipality_nav = page.get_by_role("navigation", name="Municipality")
    municipality_nav.get_by_role("link", name="Residency", exact=True).click()
    page.get_by_label("Note for staff (optional)").fill("Vivo en el barrio Centro desde 2015.")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request has been sent. Staff will review it.")).to_be_visible()
    expect(page.get_by_text("Pending", exact=True)).to_be_visible()
    log_out()

    # Staff approve the request from the verification queue.
    log_in(STAFF_EMAIL, factories.PASSWORD)
    page.goto("/m/villa-norte/")
    page.get_by_role("link", name=text("Staff area")).first.click()
    page.get_by_role("link", name=text("Verification queue")).first.click()
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=PERSON_NAME))
    expect(card).to_contain_text("Vivo en el barrio Centro desde 2015.")
    card.get_by_role("button", name=text("Approve")).click()
    expect(
        page.get_by_text(text("Residency approved; the person has been notified."))
    ).to_be_visible()
    log_out()

    # The person sees the residency approved.
    log_in(PERSON_EMAIL, PERSON_PASSWORD)
    page.goto("/m/villa-norte/residency")
    expect(page.get_by_text("Verified", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile("You are a verified resident since"))).to_be_visible()

    assert_no_console_errors(console_errors)
