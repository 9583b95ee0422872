"""A participatory budget's journey in a real browser (issue 12): a citizen's selection goes
over the money (the page says so live, and the server refuses it with the amount), they fix it
and vote; staff close the budget; the citizen finds their receipt among the counted ballots and
follows a funded project to its page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from participa.extensions import db
from tests import factories
from tests.browser.conftest import assert_no_console_errors, spanish_speaker, villa_norte
from tests.budgets.helpers import make_budget

pytestmark = pytest.mark.browser

STAFF_EMAIL = "staff@villanorte.example.org"
CITIZEN_EMAIL = "carla.paz@example.org"


@pytest.fixture
def setting(live_server):
    with live_server.app.app_context():
        municipality = villa_norte()
        staff = factories.member(municipality, "admin", email=STAFF_EMAIL)
        spanish_speaker(CITIZEN_EMAIL, "Carla Paz")
        budget = make_budget(municipality, staff=staff)  # Plaza 40, Parque 50, Costanera 30...
        live_server.budget_path = f"/m/villa-norte/budgets/{budget.id}"
        live_server.consultation_path = f"/m/villa-norte/consultations/{budget.consultation_id}"
    return live_server


def test_over_budget_fix_vote_and_check_the_receipt(page, setting, journey, console_errors):
    from playwright.sync_api import expect

    text, log_in = journey.text, journey.log_in
    page.goto(setting.consultation_path)
    log_in(CITIZEN_EMAIL)
    page.get_by_role("link", name="Presupuesto participativo").click()

    # On a 390-px phone the ballot does not scroll sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 720})
    totals = page.locator("[data-pool-totals]")
    over = totals.locator("[data-over-note]")
    for title in ("Plaza", "Parque"):
        page.get_by_label(title, exact=True).check()
    expect(over).to_be_hidden()
    page.get_by_label("Costanera", exact=True).check()  # 120 of 100
    expect(over).to_be_visible()  # the running total, updated in the page

    page.get_by_role("button", name=text("Cast my vote")).click()
    over_message = journey.either(
        "Your selection is over the budget by %(amount)s. Remove a project or choose cheaper ones.",
        amount="XX",
    )
    expect(page.get_by_role("alert")).to_contain_text(re.compile(over_message.replace("XX", ".+")))
    expect(page.get_by_label("Costanera", exact=True)).to_be_checked()  # the selection is kept
    # The refusal came with its status, which the browser reports in its console.
    assert console_errors == [
        "Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)"
    ]
    console_errors.clear()

    page.get_by_label("Costanera", exact=True).uncheck()
    expect(over).to_be_hidden()
    page.get_by_role("button", name=text("Cast my vote")).click()
    receipt = page.locator(".receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}", receipt)
    expect(page.get_by_label("Plaza", exact=True)).to_be_checked()
    journey.log_out()

    # Staff close the budget; the votes are counted and the results published.
    page.goto(setting.budget_path)
    log_in(STAFF_EMAIL)
    page.get_by_role("button", name=text("Close voting now and count the votes")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Presupuesto participativo")
    journey.log_out()

    page.goto(setting.budget_path + "/results")
    page.get_by_label(text("Receipt code")).fill(receipt)
    page.get_by_role("button", name=text("Check")).click()
    expect(page.get_by_role("status")).to_have_text(
        text("This receipt is in the list: the ballot was counted.")
    )
    funded = page.get_by_role("list").filter(has_text="Parque").get_by_role("link", name="Parque")
    funded.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parque")
    expect(page.get_by_text(text("Funded"))).to_be_visible()

    # Staff hire the works and link the contract to the project's follow-up.
    _contract_the_project(setting, "Parque")
    page.reload()
    page.get_by_role("link", name=text("Follow its execution")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parque")
    page.get_by_role("link", name="Obra: Parque").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Obra: Parque")
    expect(page.get_by_text("Constructora Sur S.A.").first).to_be_visible()
    assert_no_console_errors(console_errors)


def _contract_the_project(live, title: str) -> None:
    """Staff publish a contracted procurement process and link it to the project's result."""
    from participa.accounts.models import User
    from participa.budgets.models import BudgetProject
    from participa.contracting import services as contracting
    from participa.followup import services as followup
    from participa.municipalities.models import Municipality
    from tests.followup.conftest import contracted_process, make_parties

    with live.app.app_context():
        municipality = db.session.scalars(select(Municipality)).one()
        staff = db.session.scalars(select(User).where(User.email == STAFF_EMAIL)).one()
        project = db.session.scalars(
            select(BudgetProject).where(BudgetProject.title == title)
        ).one()
        result = followup.result_of(municipality, "budget_project", project.id)
        municipality.ocid_prefix = "ocds-213czf"
        buyer, supplier = make_parties(municipality, staff)
        process = contracted_process(municipality, staff, buyer, supplier, title=f"Obra: {title}")
        with live.app.test_request_context():
            contracting.link_process(process, actor=staff, kind="followup_result",
                                     target_id=result.id)  # fmt: skip
        db.session.commit()
