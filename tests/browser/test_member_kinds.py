"""Members of more kinds in a real browser (issue 17, section 1): a platform admin creates a
legislature and appoints its admin; the network directory lists it under its kind; its staff
sees only the features a legislature runs. At a desktop's and a phone's width, and without
JavaScript; every page is checked with axe-core and for sideways scroll."""

from __future__ import annotations

import pytest

from tests import factories
from tests.browser.checks import page_problems
from tests.browser.conftest import Journey, at_each_width, villa_norte

pytestmark = pytest.mark.browser

ADMIN_EMAIL = "plataforma@participa.example.org"
STAFF_EMAIL = "secretaria@concejo-sur.example.org"


@pytest.fixture
def world(live_server) -> None:
    with live_server.app.app_context():
        villa_norte()
        factories.UserFactory(email=ADMIN_EMAIL, is_platform_admin=True, locale="es")
        factories.UserFactory(email=STAFF_EMAIL, display_name="Lucía Ferreira", locale="es")


def _log_in(page, journey: Journey, email: str) -> None:
    from playwright.sync_api import expect

    page.goto("/account/login")
    page.get_by_label(journey.text("E-mail address")).fill(email)
    page.get_by_label(journey.text("Password")).fill(factories.PASSWORD)
    page.get_by_role("button", name=journey.text("Log in")).click()
    expect(page.locator(".flash-success")).to_be_visible()  # "Welcome back"


@at_each_width
def test_a_platform_admin_creates_a_legislature_whose_staff_sees_its_features(world, device):
    from playwright.sync_api import expect

    with device.journey() as journey:
        page, text = journey.page, journey.text
        _log_in(page, journey, ADMIN_EMAIL)
        page.goto("/admin/")
        page.get_by_role("link", name=text("Members of the network")).first.click()
        page.get_by_role("link", name=text("New member")).click()
        expect(page.get_by_label(text("Kind of member"))).to_be_visible()
        assert page_problems(page) == []
        page.get_by_label(text("Kind of member")).select_option("legislature")
        page.get_by_label(text("Address (slug)")).fill("concejo-sur")
        page.get_by_label(text("Name")).fill("Concejo Deliberante del Sur")
        page.get_by_label(text("Country")).select_option("UY")
        page.get_by_label(text("Default language")).select_option("es")
        page.get_by_label(text("Time zone")).fill("America/Montevideo")
        page.get_by_role("button", name=text("Create member")).click()
        expect(
            page.get_by_text(text("Member created. Now appoint its first admin."))
        ).to_be_visible()
        expect(page.get_by_label(text("Kind of member"))).to_have_value("legislature")
        assert page_problems(page) == []
        page.get_by_label(text("E-mail of the account")).fill(STAFF_EMAIL)
        page.get_by_role("button", name=text("Appoint admin")).click()
        expect(page.get_by_text(STAFF_EMAIL)).to_be_visible()

        # The directory lists it under its kind, with the label, never the code.
        page.goto("/")
        kinds = page.get_by_role("navigation", name=text("Kind of member"))
        kinds.get_by_role(
            "link", name=journey.name(journey.either("Legislatures"), r"\(1\)")
        ).click()
        expect(page.get_by_role("link", name="Concejo Deliberante del Sur")).to_be_visible()
        expect(page.get_by_role("link", name="Villa Norte")).to_have_count(0)
        expect(page.get_by_text(text("Legislature", exact=False)).first).to_be_visible()
        assert page_problems(page) == []
        page.context.clear_cookies()

        # Its admin sees the legislature's features, and not the municipal ones.
        _log_in(page, journey, STAFF_EMAIL)
        page.goto("/m/concejo-sur/")
        expect(
            page.get_by_role("heading", name="Concejo Deliberante del Sur", level=1)
        ).to_be_visible()
        if device.width == "phone":
            page.get_by_text(text("Menu", exact=False)).first.click()
        member_nav = page.get_by_role("navigation", name=text("Municipality"))
        expect(member_nav.get_by_role("link", name=text("Consultations"))).to_be_visible()
        expect(member_nav.get_by_role("link", name=text("Legislation"))).to_be_visible()
        expect(member_nav.get_by_role("link", name=text("Open contracting"))).to_have_count(0)
        assert page_problems(page) == []
        member_nav.get_by_role("link", name=text("Staff area")).click()
        expect(page.get_by_role("link", name=text("Legislation drafts"))).to_be_visible()
        expect(page.get_by_role("link", name=text("Settings")).first).to_be_visible()
        assert page.locator("a[href*='/contracting/']").count() == 0
        assert page.locator("a[href*='/budgets/']").count() == 0
        assert page_problems(page) == []
        response = page.goto("/m/concejo-sur/contracting/")
        assert response is not None and response.status == 404
