"""A questionnaire's journey in a real browser (issue 15): staff build one on a consultation's
phase and publish it, a citizen answers (a required question left blank is explained and what
was typed stays), and the results show a chart beside its table. At a desktop's and a phone's
width, and once without JavaScript; every page visited passes page_problems."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests import factories
from tests.browser.checks import opened, page_problems
from tests.browser.conftest import Journey, villa_norte
from tests.consultations.helpers import make_consultation

pytestmark = pytest.mark.browser

STAFF_EMAIL = "staff@villanorte.example.org"
CITIZEN_EMAIL = "ana.quiroga@example.org"


@pytest.fixture
def consultation_id(live_server) -> int:
    with live_server.app.app_context():
        municipality = villa_norte()
        factories.member(municipality, "admin", email=STAFF_EMAIL)
        factories.UserFactory(email=CITIZEN_EMAIL, locale="es")
        return make_consultation(municipality, phase="proposals", title="Plazas del barrio").id


@pytest.mark.parametrize(
    ("width", "javascript"), [("desktop", True), ("phone", True), ("desktop", False)]
)
def test_build_publish_answer_and_read_results(chromium, live_server, consultation_id, width,
                                               javascript):  # fmt: skip
    from playwright.sync_api import expect

    problems: list[str] = []
    with opened(chromium, live_server.url, width=width, javascript=javascript, axe=True) as page:
        journey = Journey(page=page, live=live_server)
        text = journey.text

        def check() -> None:
            if javascript:
                problems.extend(page_problems(page))
                return
            # Nothing can be evaluated in a page without JavaScript (the checks would wait
            # forever): the same address, with the same session, is checked in a second page
            # that runs them. A refused answer is checked on the questionnaire's page.
            with opened(chromium, live_server.url, width=width, axe=True) as checker:
                checker.context.add_cookies(page.context.cookies())
                checker.goto(page.url.removesuffix("/respond"))
                problems.extend(page_problems(checker))

        def log_in(email: str, then: str) -> None:
            # Straight to the login page: on a phone the header's links sit in a closed menu.
            page.context.clear_cookies()
            page.goto(f"/account/login?next={then}")
            page.get_by_label(text("E-mail address")).fill(email)
            page.get_by_label(text("Password")).fill(factories.PASSWORD)
            page.locator("main").get_by_role("button", name=text("Log in")).click()
            expect(page).to_have_url(re.compile(re.escape(then) + "$"))

        log_in(STAFF_EMAIL, f"/m/villa-norte/consultations/{consultation_id}")
        page.get_by_role("link", name=text("Add a questionnaire")).click()
        check()
        page.get_by_label(text("Title")).fill("Encuesta de plazas")
        page.get_by_label(text("Phase in which people answer")).select_option("proposals")
        page.get_by_label(text("Show the results before the phase ends")).check()
        page.get_by_role("button", name=text("Save")).click()
        expect(page.get_by_role("heading", name="Encuesta de plazas", level=1)).to_be_visible()
        check()

        page.get_by_role("link", name=text("Add a question")).click()
        check()
        page.get_by_label(text("Question"), exact=True).fill("¿Usás la plaza?")
        page.get_by_label(text("How people answer")).select_option("single")
        page.get_by_label(text("An answer is required")).check()
        page.get_by_label(text("Answers"), exact=True).fill("Todos los días\nA veces\nNunca")
        page.get_by_role("button", name=text("Save")).click()
        page.get_by_role("link", name=text("Add a question")).click()
        page.get_by_label(text("Question"), exact=True).fill("¿Qué cambiarías?")
        page.get_by_label(text("How people answer")).select_option("long_text")
        page.get_by_role("button", name=text("Save")).click()
        page.get_by_role("button", name=text("Publish")).click()
        expect(page.get_by_role("button", name=text("Publish"))).to_have_count(0)
        check()
        path = urlsplit(page.url).path

        log_in(CITIZEN_EMAIL, path)
        page.get_by_label("¿Qué cambiarías?").fill("Más sombra")
        page.get_by_role("button", name=text("Send my answers")).click()
        expect(page.get_by_text(text("This question needs an answer."))).to_be_visible()
        expect(page.get_by_label("¿Qué cambiarías?")).to_have_value("Más sombra")
        check()
        page.get_by_label("A veces").check()
        page.get_by_role("button", name=text("Send my answers")).click()
        expect(page.get_by_role("button", name=text("Save my changes"))).to_be_visible()
        check()

        page.get_by_role("link", name=text("See the results")).click()
        figure = page.locator("figure.chart-figure")
        expect(figure.locator("svg")).to_have_count(1)
        expect(figure.get_by_role("row")).to_have_count(4)  # header and three answers
        expect(page.get_by_text("Más sombra")).to_be_visible()
        check()
    assert problems == []
