"""A ballot's journey in a real browser (issue 12): a resident ranks the options, gets a clear
message for a rank given twice, fixes it and votes; staff close the ballot; the resident reads
the instant-runoff rounds and finds their receipt among the counted ballots."""

from __future__ import annotations

import re

import pytest

from tests import factories
from tests.browser.conftest import assert_no_console_errors, villa_norte
from tests.voting.helpers import make_ballot

pytestmark = pytest.mark.browser

STAFF_EMAIL = "staff@villanorte.example.org"
VOTER_EMAIL = "ana.quiroga@example.org"
RANKED = ("ranked", None, ("Parque del Napostá", "Paseo de las Tipas", "Parque de la Ría"))


@pytest.fixture
def ballot_id(live_server) -> int:
    with live_server.app.app_context():
        municipality = villa_norte()
        staff = factories.member(municipality, "admin", email=STAFF_EMAIL)
        factories.member(municipality, "resident", email=VOTER_EMAIL, locale="es")
        ballot = make_ballot(municipality, participation="verified", questions=[RANKED],
                             staff=staff)  # fmt: skip
        # Two neighbours voted already: Tipas first for one, Ría first for the other.
        from tests.voting.helpers import vote

        vote(ballot, factories.member(municipality, "resident"), [1, 0])
        vote(ballot, factories.member(municipality, "resident"), [2, 1])
        return ballot.id


def test_rank_vote_close_and_check_the_receipt(page, live_server, ballot_id, journey,
                                               console_errors):  # fmt: skip
    from playwright.sync_api import expect

    text, log_in, log_out = journey.text, journey.log_in, journey.log_out
    page.goto(f"/m/villa-norte/ballots/{ballot_id}")
    log_in(VOTER_EMAIL)
    page.goto(f"/m/villa-norte/ballots/{ballot_id}")
    page.get_by_label("Parque del Napostá").fill("1")
    page.get_by_label("Paseo de las Tipas").fill("1")
    page.get_by_role("button", name=text("Cast my vote")).click()
    expect(page.get_by_text(text("Give each rank to one option only."))).to_be_visible()
    # What was typed is still there to fix.
    expect(page.get_by_label("Parque del Napostá")).to_have_value("1")
    # The refusal answers 422, which Chromium logs as a failed load: expected, and only that.
    assert len(console_errors) == 1 and "422" in console_errors[0], console_errors
    console_errors.clear()
    page.get_by_label("Paseo de las Tipas").fill("2")
    page.get_by_role("button", name=text("Cast my vote")).click()
    receipt = page.locator(".receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}", receipt)
    log_out()

    log_in(STAFF_EMAIL)
    page.goto(f"/m/villa-norte/ballots/{ballot_id}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=text("Close voting now and publish the results")).click()
    expect(page.get_by_role("heading", name=text("Instant-runoff rounds"))).to_be_visible()
    log_out()

    page.goto(f"/m/villa-norte/ballots/{ballot_id}")
    rounds = page.get_by_role("region", name=text("Instant-runoff rounds"))
    expect(rounds.get_by_role("row")).to_have_count(5)  # header, three options, exhausted
    page.get_by_role("link", name=text("Check your receipt")).click()
    page.get_by_label(text("Receipt code")).fill(receipt.lower())
    page.get_by_role("button", name=text("Check")).click()
    expect(
        page.get_by_text(text("This receipt is in the list: the ballot was counted."))
    ).to_be_visible()
    expect(page.get_by_text(receipt, exact=True)).to_be_visible()
    assert_no_console_errors(console_errors)
