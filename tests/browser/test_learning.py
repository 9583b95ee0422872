"""The learning space in a real browser (issue 17): a municipality's staff ask the network for
help, an association's staff join the exchange and write, and the municipality completes it with
its outcome, which everyone reads; at a desktop's and a phone's width, and once without
JavaScript. Every page visited has no sideways scroll and no serious accessibility violation.
"""

from __future__ import annotations

import pytest

from tests import factories
from tests.browser.conftest import at_each_width, spanish_speaker, villa_norte

pytestmark = pytest.mark.browser

STAFF_EMAIL = "lucia.staff@example.org"
ASSOCIATION_EMAIL = "rosa.staff@example.org"
TITLE = "Cómo abrir los datos del presupuesto"
MESSAGE = "Nuestros municipios usan CKAN: les compartimos la guía."
OUTCOME = "Publicamos 12 conjuntos de datos con la guía de la asociación."


@pytest.fixture
def setting(live_server):
    with live_server.app.app_context():
        municipality = villa_norte()
        association = factories.MunicipalityFactory(
            slug="asociacion", name="Asociación de Municipios", kind="association",
            default_locale="es",
        )  # fmt: skip
        spanish_speaker(STAFF_EMAIL, "Lucía Pérez", member_of=municipality, role="admin")
        spanish_speaker(ASSOCIATION_EMAIL, "Rosa Condori", member_of=association, role="admin")
    return live_server


NAMES = {STAFF_EMAIL: "Lucía Pérez", ASSOCIATION_EMAIL: "Rosa Condori"}


@at_each_width
def test_a_request_joined_discussed_and_completed(setting, device):
    from playwright.sync_api import expect

    problems = device.problems

    base = "/m/villa-norte/learning"
    # The municipality's staff ask the network for help.
    with device.journey() as journey:
        page, text = journey.page, journey.text
        journey.log_in_on_its_page(STAFF_EMAIL, welcomed=NAMES[STAFF_EMAIL])
        page.goto(f"{base}/")
        assert problems(page) == []
        page.get_by_role("link", name=text("Open an exchange")).click()
        page.get_by_label(text("Offer or request")).select_option("request")
        page.get_by_label(text("Topic")).select_option("open_data")
        page.get_by_label(text("Title")).fill(TITLE)
        page.get_by_label(text("Description")).fill("¿Qué herramientas usaron otros miembros?")
        assert problems(page) == []
        page.get_by_role("button", name=text("Open the exchange")).click()
        expect(
            page.get_by_text(text("Exchange opened. Other members of the network can now join it."))
        ).to_be_visible()
        expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
        assert problems(page) == []
        exchange_url = page.url

    # The association's staff find it in the network's learning space, join and write.
    with device.journey() as journey:
        page, text = journey.page, journey.text
        journey.log_in_on_its_page(ASSOCIATION_EMAIL, welcomed=NAMES[ASSOCIATION_EMAIL])
        page.goto("/learning/?topic=open_data")
        assert problems(page) == []
        page.get_by_role("link", name=TITLE).click()
        page.get_by_label(text("Join for")).select_option(label="Asociación de Municipios")
        page.get_by_role("button", name=text("Join the exchange")).click()
        expect(page.get_by_text(text("You joined the exchange."))).to_be_visible()
        page.get_by_label(text("Message")).fill(MESSAGE)
        page.get_by_role("button", name=text("Post message")).click()
        expect(page.get_by_text(text("Message posted."))).to_be_visible()
        expect(page.get_by_text(MESSAGE)).to_be_visible()
        assert problems(page) == []

    # The municipality reads the message and completes the exchange with its outcome.
    with device.journey() as journey:
        page, text = journey.page, journey.text
        journey.log_in_on_its_page(STAFF_EMAIL, welcomed=NAMES[STAFF_EMAIL])
        page.goto(exchange_url)
        expect(page.get_by_text(MESSAGE)).to_be_visible()
        page.get_by_role("link", name=text("Complete with its outcome")).click()
        expect(page.get_by_label(text("Outcome"))).to_be_visible()
        assert problems(page) == []
        page.get_by_label(text("Outcome")).fill(OUTCOME)
        page.get_by_role("button", name=text("Complete the exchange")).click()
        expect(page.get_by_text(text("Exchange completed. Its outcome is public."))).to_be_visible()
        assert problems(page) == []

    # Everyone reads the outcome; the messages stay with those who took part.
    with device.journey() as journey:
        page = journey.page
        page.goto(exchange_url)
        expect(page.get_by_text(OUTCOME)).to_be_visible()
        expect(page.get_by_text(MESSAGE)).to_have_count(0)
        assert problems(page) == []
