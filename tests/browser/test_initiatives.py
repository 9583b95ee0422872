"""A citizen initiative's journey in a real browser (issue 17): a person starts it, staff admit
it with a reason, two verified residents sign it and reach the threshold, staff publish the
answer; at a desktop's and a phone's width, and once without JavaScript. Every page visited has
no sideways scroll and no serious accessibility violation.
"""

from __future__ import annotations

import pytest

from tests import factories
from tests.browser.conftest import at_each_width, spanish_speaker, villa_norte

pytestmark = pytest.mark.browser

STAFF_EMAIL = "staff@villanorte.example.org"
AUTHOR_EMAIL = "ana.quiroga@example.org"
RESIDENTS = ("bruno.sosa@example.org", "carla.paz@example.org")
TITLE = "Semáforo sonoro en la avenida Alem"
BODY = "Pedimos un **semáforo con señal sonora** en la esquina de Alem y Sarmiento."
REASON = "Es competencia municipal y cumple el reglamento."
ANSWER = "La Dirección de Tránsito lo instalará en marzo."


@pytest.fixture
def setting(live_server):
    from tests.initiatives.support import make_rules

    with live_server.app.app_context():
        municipality = villa_norte()
        make_rules(municipality, signature_threshold=2, collection_days=30, answer_days=15)
        factories.member(municipality, "admin", email=STAFF_EMAIL, display_name="Staff")
        spanish_speaker(AUTHOR_EMAIL, "Ana Quiroga")
        for n, email in enumerate(RESIDENTS):
            spanish_speaker(email, f"Vecina {n}", member_of=municipality, role="resident")
    return live_server


@at_each_width
def test_start_admit_sign_reach_and_answer(setting, device):
    from playwright.sync_api import expect

    base = "/m/villa-norte/initiatives"
    with device.journey() as journey:
        page, text = journey.page, journey.text
        problems: list[str] = []

        def check() -> None:
            problems.extend(device.problems(page))

        def log_in(email: str) -> None:
            page.context.clear_cookies()
            page.goto("/account/login")
            page.get_by_label(text("E-mail address")).fill(email)
            page.get_by_label(text("Password")).fill(factories.PASSWORD)
            page.get_by_role("button", name=text("Log in")).click()
            expect(page.get_by_role("heading", level=1)).to_be_visible()

        # The published rules, then a person starts an initiative.
        page.goto(f"{base}/rules")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            text("Rules for citizen initiatives")
        )
        check()
        log_in(AUTHOR_EMAIL)
        page.goto(f"{base}/")
        check()
        page.get_by_role("link", name=text("Start an initiative")).click()
        page.get_by_label(text("Title")).fill(TITLE)
        page.get_by_role("button", name=text("Send the initiative")).click()
        expect(page.get_by_label(text("Title"))).to_have_value(TITLE)  # what was typed stays
        check()
        page.get_by_label(text("What do you ask for, and why?")).fill(BODY)
        page.get_by_role("button", name=text("Send the initiative")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(page.get_by_text(text("Awaiting review"))).to_be_visible()
        detail = page.url
        check()

        # Staff admit it, with the reason shown on its page.
        log_in(STAFF_EMAIL)
        page.goto(detail)
        page.get_by_role("link", name=text("Review"), exact=True).click()
        check()
        page.get_by_label(text("Admit: start collecting signatures")).check()
        page.get_by_label(text("Reason")).fill(REASON)
        page.get_by_role("button", name=text("Publish the decision")).click()
        expect(page.get_by_text(REASON)).to_be_visible()
        expect(page.get_by_text(text("Collecting signatures"))).to_be_visible()

        # Two verified residents sign: the threshold is reached.
        for email in RESIDENTS:
            log_in(email)
            page.goto(detail)
            page.get_by_role("button", name=text("Sign this initiative")).click()
            expect(page.get_by_text(text("You signed this initiative."))).to_be_visible()
        check()
        expect(page.get_by_text(text("Threshold reached, awaiting answer"))).to_be_visible()
        progress = page.get_by_label(
            text("%(count)s of %(total)s signature needed",
                 "%(count)s of %(total)s signatures needed", num=2, count="2", total="2")
        )  # fmt: skip
        expect(progress).to_have_attribute("value", "2")
        expect(page.get_by_text(text("Answer due by"))).to_be_visible()

        # Staff publish the answer.
        log_in(STAFF_EMAIL)
        page.goto(detail)
        page.get_by_role("link", name=text("Answer"), exact=True).click()
        page.get_by_role("button", name=text("Publish the answer")).click()  # empty: refused
        expect(page.get_by_role("heading", level=1)).to_have_text(text("Official answer"))
        check()
        page.get_by_label(text("Official answer")).fill(ANSWER)
        page.get_by_role("button", name=text("Publish the answer")).click()
        expect(page.get_by_text(ANSWER)).to_be_visible()
        expect(page.get_by_text(text("Answered"))).to_be_visible()
        check()
        assert problems == []
