"""Searching from the header: at a phone's and a desktop's width, and without JavaScript.

A visitor types in the header's search box, gets the municipality's results with the words
highlighted, narrows them to one kind, pages on, and follows a result; then searches the whole
network. Every page visited has no sideways scroll and no serious accessibility violation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from participa.extensions import db
from tests import factories
from tests.browser.checks import opened, page_problems
from tests.browser.conftest import LiveServer, browser_app, serving
from tests.search.helpers import comment_on, make_consultation, make_proposal

pytestmark = pytest.mark.browser

LONG_WORD = "Electromovilidadsustentableintermunicipalparatodoslosbarrios"


@pytest.fixture
def live(tmp_path) -> Iterator[LiveServer]:
    app = browser_app(tmp_path / "search.sqlite")
    with app.app_context():
        here = factories.MunicipalityFactory(slug="villa-norte", name="Villa Norte")
        there = factories.MunicipalityFactory(slug="otra-ciudad", name="Otra Ciudad")
        consultation = make_consultation(here, title="Plazas y parques", body="Espacios verdes")
        for i in range(23):
            make_proposal(consultation, title=f"Árboles en la plaza {i}", body="Sombra y bancos")
        proposal = make_proposal(
            consultation, title=f"Plaza {LONG_WORD}", body=f"<b>Más</b> plaza {LONG_WORD} " * 5
        )
        comment_on(proposal, factories.UserFactory(), "Una plaza con juegos, por favor")
        make_consultation(there, title="Plaza del puerto", body="Renovación")
        db.session.commit()
    with serving(app, "search-live") as server:
        yield server


def _journey(page, check: bool = True) -> list[str]:
    """Walk the journey; with ``check``, the problems of every page visited (else none)."""
    from playwright.sync_api import expect

    problems: list[str] = []

    def look() -> None:
        if check:
            problems.extend(page_problems(page))

    page.goto("/m/villa-norte/")
    box = page.locator("#header-search-q")
    if not box.is_visible():
        page.locator("summary.menu-toggle").click()  # the phone's menu holds the box
    box.fill("PLAZAS")
    page.locator(".header-search button[type=submit]").click()
    page.wait_for_url("**/m/villa-norte/search/?q=PLAZAS")
    assert page.locator(".search-result").count() == 20
    assert page.locator(".search-result mark").count() > 20
    assert page.locator(".search-result b").count() == 0  # user HTML never runs as HTML
    look()

    page.locator(".search-kinds a[href*='kind=comment']").click()
    page.wait_for_url("**kind=comment**")
    expect(page.locator(".search-result")).to_have_count(1)
    look()

    page.locator(".search-kinds a").first.click()
    expect(page.locator(".search-result")).to_have_count(20)
    page.locator(".pager a[rel=next]").click()
    page.wait_for_url("**page=2**")
    expect(page.locator(".search-result")).to_have_count(6)
    look()

    page.locator(".search-result h2 a").first.click()
    expect(page).not_to_have_url(re.compile("/search"))
    assert "/m/villa-norte/" in page.url

    page.goto("/search/?q=plaza+-arboles")
    titles = page.locator(".search-result h2").all_inner_texts()
    assert any("Plaza del puerto" in t for t in titles)
    assert not any("Árboles" in t for t in titles)
    look()

    page.goto("/search/?q=" + "x" * 300)
    assert page.locator("#search-error").is_visible()
    look()
    return problems


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_search_journey(chromium, live, width):
    with opened(chromium, live.url, width=width, axe=True) as page:
        assert _journey(page) == []


def test_search_journey_without_javascript(chromium, live):
    # The whole journey with scripts off: plain forms and links.
    with opened(chromium, live.url, width="phone", javascript=False) as page:
        _journey(page, check=False)
    # The same pages checked by axe-core, which needs scripts to run itself: the page's own
    # scripts are blocked instead, so the pages are as they are without JavaScript.
    with opened(chromium, live.url, width="phone", axe=True) as page:
        page.route(re.compile(r".*/static/js/.*"), lambda route: route.abort())
        assert _journey(page) == []
