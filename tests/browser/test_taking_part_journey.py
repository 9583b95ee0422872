"""Taking part, every day (issue 15), in a real browser at 1280 and 390 px and without JavaScript.

A visitor finds a proposal with its progress to the threshold and the time left, presses
"Support", signs in, comes back to the proposal and supports it; then comments. A follower of
the proposal signs in and finds the comment among the notifications. Staff publish a procurement
stage through its confirmation page. Every page visited has no sideways scroll and no serious
accessibility violation.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from participa.contracting import services as contracting
from participa.extensions import db
from participa.notifications import services as notifications
from tests import factories
from tests.browser.checks import page_problems
from tests.browser.conftest import at_each_width, villa_norte
from tests.consultations.helpers import make_consultation, make_proposal

pytestmark = pytest.mark.browser

CITIZEN = "marta.gomez@example.org"
FOLLOWER = "jorge.paz@example.org"
STAFF = "compras@villanorte.example.org"
PROPOSAL = "Bebederos en las plazas"
PROCESS = "Compra de bebederos"


@pytest.fixture
def setting(live_server):
    """A consultation in its supports phase with one proposal, a follower, staff and a process."""
    app = live_server.app
    with app.app_context(), app.test_request_context("/"):
        from flask import g

        municipality = villa_norte(ocid_prefix="ocds-213czf")
        g.municipality = municipality
        old = factories.UserFactory
        old(email=CITIZEN, display_name="Marta Gómez", created_at=_long_ago())
        follower = old(email=FOLLOWER, display_name="Jorge Paz", created_at=_long_ago())
        staff = factories.member(municipality, "admin", email=STAFF, display_name="Compras")
        consultation = make_consultation(municipality, phase="supports", support_threshold=40)
        proposal = make_proposal(consultation, title=PROPOSAL, supports_count=9)
        notifications.follow(follower, proposal)
        buyer = contracting.create_party(municipality, actor=staff, data={
            "name": "Secretaría de Obras", "scheme": "AR-CUIT", "identifier": "30999999991",
            "is_public_body": True, "locality": "Villa Norte"})  # fmt: skip
        process = contracting.create_process(municipality, actor=staff, title=PROCESS, buyer=buyer)
        db.session.commit()
        live_server.ids = {"proposal": proposal.id, "process": process.id}  # type: ignore[attr-defined]
    return live_server


def _long_ago():
    from participa.db import utcnow

    return utcnow() - timedelta(days=90)


@at_each_width
def test_support_comment_notify_and_publish(setting, device):
    from playwright.sync_api import expect

    live = setting
    with device.journey() as journey:
        page, text = journey.page, journey.text
        problems: list[str] = []

        def check() -> None:
            problems.extend(page_problems(page))

        def menu() -> None:
            # At a phone's width the account links sit in the menu (a <details>, no script).
            toggle = page.locator("summary.menu-toggle")
            if toggle.is_visible() and page.locator("details.site-menu[open]").count() == 0:
                toggle.click()

        def log_out() -> None:
            menu()
            page.get_by_role("button", name=text("Log out")).click()
            page.wait_for_load_state()
            expect(page.locator("summary.menu-toggle, body").first).to_be_visible()

        def log_in(email: str) -> None:
            menu()
            page.get_by_role("link", name=text("Log in")).first.click()
            page.get_by_label(text("E-mail address")).fill(email)
            page.get_by_label(text("Password")).fill(factories.PASSWORD)
            page.get_by_role("button", name=text("Log in")).click()
            expect(page).not_to_have_url(re.compile("/account/login"))

        proposal_path = f"/m/villa-norte/proposals/{live.ids['proposal']}"

        # Anonymous: the progress bar, the time left and a support button that signs in.
        page.goto(proposal_path)
        expect(page.get_by_role("heading", level=1)).to_have_text(PROPOSAL)
        needed = text(
            "%(count)s of %(total)s support needed to qualify",
            "%(count)s of %(total)s supports needed to qualify",
            num=40, count="9", total="40",
        )  # fmt: skip
        bar = page.get_by_role("progressbar", name=needed)
        expect(bar).to_have_attribute("value", "9")
        expect(page.get_by_text(text("Closes in %(count)s day", "Closes in %(count)s days",
                                     num=4, count="4"))).to_be_visible()  # fmt: skip
        check()
        page.get_by_role("link", name=re.compile(text("Support").pattern.rstrip("$"))).click()
        page.get_by_label(text("E-mail address")).fill(CITIZEN)
        page.get_by_label(text("Password")).fill(factories.PASSWORD)
        page.get_by_role("button", name=text("Log in")).click()

        # Back on the proposal, signed in: support it.
        expect(page).to_have_url(re.compile(re.escape(proposal_path) + "$"))
        check()
        page.get_by_role("button", name=re.compile(text("Support").pattern.rstrip("$"))).click()
        expect(page.get_by_text(text("Thank you: you support this proposal."))).to_be_visible()
        expect(page.get_by_text(text("You support this"))).to_be_visible()
        expect(page.get_by_role("progressbar")).to_have_attribute("value", "10")
        check()

        # A comment; the follower hears of it in the app.
        page.get_by_label(text("Your comment")).fill("Que tengan agua fresca todo el verano.")
        page.get_by_role("button", name=text("Publish comment")).click()
        expect(page.get_by_text(text("Your comment has been published."))).to_be_visible()
        log_out()
        log_in(FOLLOWER)
        menu()
        journey.notifications_link(unread=1).click()
        expect(page.get_by_text(re.compile("Marta Gómez"))).to_be_visible()
        check()
        log_out()

        # Staff publish the tender through the confirmation page.
        log_in(STAFF)
        page.goto(f"/m/villa-norte/contracting/staff/processes/{live.ids['process']}/tender")
        page.get_by_label(text("Tender status")).select_option("active")
        page.get_by_label(text("Procurement method")).select_option("open")
        check()
        page.get_by_role("button", name=text("Review before publishing")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(text("Confirm the publication"))
        expect(page.get_by_role("cell", name=PROCESS).first).to_be_visible()
        check()
        page.get_by_role("button", name=text("Confirm and publish")).click()
        pattern = text("Published as release %(id)s.", id="__ID__").pattern
        expect(page.get_by_text(re.compile(pattern.replace("__ID__", r"\S+")))).to_be_visible()
        check()
        assert problems == []
