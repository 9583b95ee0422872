"""The network's results dashboard in a real browser (issue 17, section 4): a visitor opens the
dashboard from the platform's navigation, reads the totals, charts and tables, narrows the
period and the kind of member, meets a refused month, and goes to one member's results. At a
desktop's and a phone's width, and without JavaScript; every page is checked with axe-core and
for sideways scroll (the charts scale, the tables scroll inside their own focusable box)."""

from __future__ import annotations

from datetime import datetime

import pytest

from participa.municipalities.models import MemberKind
from tests import factories
from tests.browser.checks import page_problems
from tests.browser.conftest import Journey, at_each_width, villa_norte
from tests.results.helpers import held, validated

pytestmark = pytest.mark.browser


@pytest.fixture
def world(live_server) -> None:
    with live_server.app.app_context():
        municipality = villa_norte()
        congress = factories.MunicipalityFactory(
            slug="congreso-virtual", name="Congreso Virtual", kind=MemberKind.LEGISLATURE,
            default_locale="es",
        )  # fmt: skip
        factories.MunicipalityFactory(slug="amb", name="Asociación de Municipios del Sur",
                                      kind=MemberKind.ASSOCIATION)  # fmt: skip
        held(municipality, datetime(2021, 3, 1), datetime(2021, 3, 9), datetime(2022, 1, 5))
        held(congress, datetime(2021, 4, 2))
        validated(municipality, datetime(2021, 6, 10))


@at_each_width
def test_network_results_dashboard(world, device):
    from playwright.sync_api import expect

    with device.journey() as journey:
        page, text = journey.page, journey.text
        page.goto("/network/results/")
        expect(page.get_by_role("heading", level=1, name=text("Results of the network")))\
            .to_be_visible()  # fmt: skip
        # Nothing in the last 12 months: every measure is at zero, the table lists the members.
        members = page.get_by_role("region", name=text("Per member"))
        expect(members.get_by_role("link", name="Congreso Virtual")).to_be_visible()
        assert page_problems(page) == []

        page.get_by_label(text("Period")).select_option("all")
        page.get_by_role("button", name=text("Show")).click()
        totals = page.locator(".result-totals")
        expect(totals.locator("div", has_text=text("Consultations held", exact=False)))\
            .to_contain_text("4")  # fmt: skip
        expect(page.locator("svg.chart")).to_have_count(2)
        caption = text("%(measure)s per month", measure=text_of(journey, "Consultations held"))
        chart_table = page.get_by_role("region", name=caption)
        expect(chart_table).to_be_visible()
        assert chart_table.get_attribute("tabindex") == "0"
        assert page_problems(page) == []

        page.get_by_label(text("Kind of member")).select_option("legislature")
        page.get_by_role("button", name=text("Show")).click()
        expect(totals.locator("div", has_text=text("Consultations held", exact=False)))\
            .to_contain_text("1")  # fmt: skip
        expect(members.get_by_role("link", name="Villa Norte")).to_have_count(0)
        assert page_problems(page) == []

        # A month that is not one: the form says why and keeps what was typed.
        page.goto("/network/results/?start=2021-13&end=2022-01")
        expect(page.get_by_text(text("Write a month as year and month, for example 2026-03.")))\
            .to_be_visible()  # fmt: skip
        assert page_problems(page) == []

        page.goto("/network/results/?period=all")
        members.get_by_role("link", name="Villa Norte").click()
        expect(page.get_by_role("heading", level=1,
                                name=text("Results of %(member)s", member="Villa Norte")))\
            .to_be_visible()  # fmt: skip
        expect(page.get_by_role("link", name=text("CSV: one row per measure, member and month")))\
            .to_be_visible()  # fmt: skip
        assert page_problems(page) == []


def text_of(journey: Journey, msgid: str) -> str:
    """``msgid`` in the page's language (Spanish when translated)."""
    from flask_babel import force_locale, gettext

    with journey.live.app.test_request_context(), force_locale("es"):
        return gettext(msgid)
