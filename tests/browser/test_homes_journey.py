"""The everyday homes in a real browser (issue 15): a newcomer goes from the platform home to a
municipality's home and its first-visit page; a staff member opens the staff home. At a
desktop's and a phone's width, and without JavaScript; every page is checked with axe-core and
for sideways scroll."""

from __future__ import annotations

import pytest

from tests import factories
from tests.browser.checks import page_problems
from tests.browser.conftest import at_each_width, villa_norte
from tests.budgets.helpers import make_budget
from tests.consultations.helpers import make_consultation, make_proposal
from tests.legislation.support import make_draft
from tests.voting.helpers import make_ballot

pytestmark = pytest.mark.browser

STAFF_EMAIL = "staff@villanorte.example.org"


@pytest.fixture
def world(live_server) -> None:
    with live_server.app.app_context():
        municipality = villa_norte()
        staff = factories.member(municipality, "admin", email=STAFF_EMAIL)
        consultation = make_consultation(
            municipality, title="Plan de veredas con un título bastante largo para un teléfono"
        )
        make_proposal(consultation, title="Rampas en todas las esquinas del barrio")
        make_draft(municipality, staff=staff, title="Ordenanza de arbolado",
                   participation="verified")  # fmt: skip
        make_ballot(municipality, staff=staff)
        make_budget(municipality, staff=staff, status="closed")
        other = factories.MunicipalityFactory(slug="otra-ciudad", name="Otra Ciudad")
        make_consultation(other, title="Consulta de la otra ciudad")


@at_each_width
def test_newcomer_and_staff_homes(world, device):
    from playwright.sync_api import expect

    with device.journey() as journey:
        page, text = journey.page, journey.text
        page.goto("/")
        expect(page.get_by_role("heading", name=text("Open now"))).to_be_visible()
        expect(page.get_by_text("Consulta de la otra ciudad")).to_be_visible()
        assert page_problems(page) == []

        page.get_by_role("link", name="Villa Norte").first.click()
        expect(page.get_by_role("heading", name="Villa Norte", level=1)).to_be_visible()
        expect(page.get_by_role("heading", name=text("Latest activity"))).to_be_visible()
        open_now = page.locator("section", has=page.locator("#open-now-heading"))
        expect(open_now.get_by_role("link", name="Ordenanza de arbolado")).to_be_visible()
        assert page_problems(page) == []

        page.get_by_role("link", name=text("How to take part")).click()
        expect(
            page.get_by_role("heading", level=1, name=text("How to take part in %(name)s",
                                                           name="Villa Norte"))
        ).to_be_visible()  # fmt: skip
        # The draft is for verified residents: it is listed under verification.
        verify = page.locator("section", has=page.locator("#step-verify"))
        expect(verify.get_by_role("link", name="Ordenanza de arbolado")).to_be_visible()
        assert page_problems(page) == []

        page.goto("/account/login?next=/m/villa-norte/staff/")
        page.get_by_label(text("E-mail address")).fill(STAFF_EMAIL)
        page.get_by_label(text("Password")).fill(factories.PASSWORD)
        page.get_by_role("button", name=text("Log in")).click()
        expect(
            page.get_by_role("heading", level=1, name=text("Staff area of %(name)s",
                                                           name="Villa Norte"))
        ).to_be_visible()  # fmt: skip
        expect(page.get_by_role("link", name=text("Moderation queue"))).to_be_visible()
        expect(page.get_by_role("link", name=text("Legislation drafts"))).to_be_visible()
        assert page_problems(page) == []
