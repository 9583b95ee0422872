"""A proposal's journey, in a real browser, through the real forms (issue 3).

A citizen finds a consultation in the network's list of open consultations, previews and
publishes a proposal; staff move the consultation to its supports phase; a second citizen finds
it from the municipality's page and supports it; staff publish the official answer; the author
sees the unread count in the header and the notification, which leads to the answer.
Controls are found by their accessible names (labels, roles), so an unlabelled control fails.
"""

from __future__ import annotations

import re

import pytest

from participa.consultations.models import Category
from participa.extensions import db
from participa.proposals.services import state_label
from tests import factories
from tests.browser.conftest import assert_no_console_errors, spanish_speaker, villa_norte
from tests.consultations.helpers import make_consultation

pytestmark = pytest.mark.browser

STAFF_EMAIL = "staff@villanorte.example.org"
AUTHOR_EMAIL = "ana.quiroga@example.org"
AUTHOR_NAME = "Ana Quiroga"
SUPPORTER_EMAIL = "bruno.sosa@example.org"
CONSULTATION = "Presupuesto participativo 2027"
TITLE = "Bebederos en la plaza Rivadavia"
BODY = "En verano no hay agua en la plaza. Proponemos **dos bebederos** junto a los juegos."
PLACE = "Plaza Rivadavia, barrio Centro"
ANSWER = "La obra entra en el plan de verano: los bebederos se instalan en diciembre."


@pytest.fixture
def setting(live_server):
    """Villa Norte with staff, two residents and a consultation in its proposals phase; another
    municipality's consultation in its supports phase, so that finding means choosing."""
    with live_server.app.app_context():
        municipality = villa_norte()
        factories.member(municipality, "admin", email=STAFF_EMAIL, display_name="Staff Villa Norte")
        spanish_speaker(AUTHOR_EMAIL, AUTHOR_NAME)
        spanish_speaker(SUPPORTER_EMAIL, "Bruno Sosa")
        category = Category(municipality_id=municipality.id, name="Espacios verdes")
        db.session.add(category)
        db.session.commit()
        make_consultation(
            municipality,
            phase="proposals",
            title=CONSULTATION,
            summary="Decidí en qué plazas se invierte el presupuesto 2027.",
            category_id=category.id,
            supports_per_person=3,
            support_threshold=1,
        )
        elsewhere = factories.MunicipalityFactory(
            slug="rio-claro", name="Río Claro", default_locale="es"
        )
        make_consultation(elsewhere, phase="supports", title="Ciclovías de Río Claro")
    return live_server


def test_propose_support_answer_and_notify(page, setting, journey, console_errors):
    from playwright.sync_api import expect

    text, log_in, log_out = journey.text, journey.log_in, journey.log_out
    accepted = lambda: state_label("accepted")  # noqa: E731 -- translated in each language

    # The author finds the consultation among those open for proposals across the network.
    page.goto("/")
    log_in(AUTHOR_EMAIL)
    network = page.get_by_role("navigation", name=text("Across the network"))
    network.get_by_role("link", name=text("Open consultations")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text("Consultations open now"))
    page.get_by_label(text("Phase")).select_option("proposals")
    page.get_by_role("button", name=text("Filter")).click()
    expect(page.get_by_role("link", name="Ciclovías de Río Claro")).to_have_count(0)
    page.get_by_role("link", name=CONSULTATION).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CONSULTATION)

    # Submit a proposal, preview it, then publish it.
    page.get_by_role("link", name=text("Submit a proposal")).click()
    page.get_by_label(text("Title")).fill(TITLE)
    page.get_by_label(text("Your proposal")).fill(BODY)
    page.get_by_label(text("Topic")).select_option(label="Espacios verdes")
    page.get_by_label(text("Place")).fill(PLACE)
    page.get_by_role("button", name=text("Preview")).click()
    preview = page.get_by_role("region", name=text("Preview"))
    expect(preview.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(preview.locator("strong")).to_have_text("dos bebederos")  # the Markdown, rendered
    expect(page.get_by_label(text("Title"))).to_have_value(TITLE)
    page.get_by_role("button", name=text("Publish")).click()
    expect(page.get_by_text(text("Your proposal has been published."))).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    following = page.get_by_role("button", name=text("Following", exact=False), pressed=True)
    expect(following).to_be_visible()  # the author follows their own proposal
    log_out()

    # Staff open the supports phase.
    log_in(STAFF_EMAIL)
    page.goto("/m/villa-norte/")
    municipality_nav = page.get_by_role("navigation", name=text("Municipality"))
    municipality_nav.get_by_role("link", name=text("Consultations")).click()
    page.get_by_role("link", name=CONSULTATION).click()
    page.get_by_role("link", name=text("Edit")).click()
    page.get_by_label(text("Current phase")).select_option("supports")
    page.get_by_role("button", name=text("Save")).click()
    expect(page.get_by_text(text("Consultation saved."))).to_be_visible()
    expect(page.get_by_text(text("The current phase has been set by staff."))).to_be_visible()
    log_out()

    # A second citizen comes through the municipality's page and supports the proposal.
    log_in(SUPPORTER_EMAIL)
    page.goto("/")
    page.get_by_role("link", name="Villa Norte").first.click()
    municipality_nav.get_by_role("link", name=text("Consultations")).click()
    page.get_by_role("link", name=CONSULTATION).click()
    page.get_by_role("link", name=text("Support the proposals you like")).click()
    left = ("You can support %(num)s more proposal.", "You can support %(num)s more proposals.")
    expect(page.get_by_text(text(*left, num=3))).to_be_visible()
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=TITLE))
    expect(card).to_contain_text(text("%(num)s support", "%(num)s supports", exact=False, num=0))
    card.get_by_role(
        "button", name=journey.name(journey.either("Support"), re.escape(TITLE))
    ).click()
    expect(page.get_by_text(text("Thank you: you support this proposal."))).to_be_visible()
    expect(card.get_by_text(text("You support this"))).to_be_visible()
    expect(card.get_by_text(text("Qualifies"))).to_be_visible()
    expect(card).to_contain_text(text("%(num)s support", "%(num)s supports", exact=False, num=1))
    expect(page.get_by_text(text(*left, num=2))).to_be_visible()
    log_out()

    # Staff give the official answer.
    log_in(STAFF_EMAIL)
    page.goto("/m/villa-norte/")
    municipality_nav.get_by_role("link", name=text("Consultations")).click()
    page.get_by_role("link", name=CONSULTATION).click()
    page.get_by_role("link", name=text("Read the proposals")).click()
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name=text("Answer")).click()
    page.get_by_label(text("State")).select_option("accepted")
    page.get_by_label(text("Official answer")).fill(ANSWER)
    page.get_by_role("button", name=text("Publish the answer")).click()
    expect(
        page.get_by_text(text("The answer has been published and followers notified."))
    ).to_be_visible()
    log_out()

    # The author sees one unread notification in the header and follows it to the answer.
    log_in(AUTHOR_EMAIL)
    journey.notifications_link(unread=1).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text("Notifications"))
    summary = text("Official answer to “%(title)s”: %(state)s", exact=False, title=TITLE,
                   state=accepted)  # fmt: skip
    page.get_by_role("link", name=summary).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    heading = journey.name(
        journey.either("Official answer") + ":", journey.either("%(state)s", state=accepted)
    )
    answer = page.get_by_role("region", name=heading)
    expect(answer).to_contain_text(ANSWER)
    expect(journey.notifications_link(unread=0)).to_be_visible()

    assert_no_console_errors(console_errors)
