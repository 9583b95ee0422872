"""A resident sees the budget projects of their district (issue 15 §1) in a real browser: anyone
filters the list with a GET form; a voter filters inside the ballot and keeps what they ticked
in other districts. At 1280 and 390 px with JavaScript, and at 390 px without it; every page
visited is checked for sideways scroll and serious accessibility problems."""

from __future__ import annotations

import pytest

from participa.extensions import db
from participa.places.models import District
from tests.browser.checks import opened, page_problems
from tests.browser.conftest import Journey, localized, spanish_speaker, villa_norte
from tests.budgets.helpers import make_budget, projects

pytestmark = pytest.mark.browser

EMAIL = "nora.diaz@example.org"


@pytest.fixture
def setting(live_server):
    with live_server.app.app_context():
        municipality = villa_norte()
        spanish_speaker(EMAIL, "Nora Díaz")
        budget = make_budget(municipality)  # Plaza 40, Parque 50, Costanera 30, Bicisenda 20
        centro = District(municipality_id=municipality.id, name="Centro")
        norte = District(municipality_id=municipality.id, name="Norte")
        db.session.add_all([centro, norte])
        db.session.flush()
        for project, district in zip(projects(budget), (centro, norte, centro, norte), strict=True):
            project.area_id = district.id
        db.session.commit()
        live_server.budget_path = f"/m/villa-norte/budgets/{budget.id}"
    return live_server


def _text(live, msgid, **params):
    return localized(live.app, msgid, **params)


def _listed(page) -> list[str]:
    cards = page.locator("li.budget-project")
    return [
        t for t in ("Plaza", "Parque", "Costanera", "Bicisenda") if cards.filter(has_text=t).count()
    ]


def _journey(page, live):
    from playwright.sync_api import expect

    district, apply = _text(live, "District"), _text(live, "Apply")
    # Anyone: the GET form narrows the list and keeps the chosen district.
    page.goto(live.budget_path)
    page.get_by_label(district).select_option(label="Norte")
    page.get_by_role("button", name=apply).click()
    page.wait_for_url("**district=**")
    assert _listed(page) == ["Parque", "Bicisenda"]
    assert page.get_by_label(district).locator("option:checked").inner_text() == "Norte"
    assert page_problems(page) == []

    # A voter ticks a project of Norte, then filters by Centro inside the ballot: it stays.
    Journey(page=page, live=live).log_in_on_its_page(EMAIL)
    page.goto(live.budget_path)
    page.get_by_label("Parque", exact=True).check()
    page.get_by_label(district).select_option(label="Centro")
    page.get_by_role("button", name=apply).click()
    # The ballot posts back to itself: wait for the narrowed list, not for a new address.
    expect(page.locator("li.budget-project")).to_have_count(3)
    assert _listed(page) == ["Plaza", "Parque", "Costanera"]
    expect(page.get_by_label("Parque", exact=True)).to_be_checked()
    page.get_by_label("Plaza", exact=True).check()
    assert page_problems(page) == []
    page.get_by_role("button", name=_text(live, "Cast my vote")).click()
    expect(page.locator(".receipt-code")).to_be_visible()
    expect(page.get_by_label("Parque", exact=True)).to_be_checked()
    expect(page.get_by_label("Plaza", exact=True)).to_be_checked()
    assert page_problems(page) == []


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_residents_see_the_projects_of_their_district(chromium, setting, width):
    with opened(chromium, setting.url, width=width) as page:
        _journey(page, setting)


def test_the_district_filter_without_javascript(chromium, setting):
    with opened(chromium, setting.url, width="phone", javascript=False) as page:
        _journey(page, setting)
