"""A self-assessment's journey, in a real browser, through the real forms (issue 7).

Staff open an assessment, answer the 40 indicators dimension by dimension (a yes without
evidence is refused; then evidence as a web address, a platform link and an uploaded document)
and submit it; a platform reviewer returns one answer with a comment and accepts the rest;
staff fix that answer and submit again; the reviewer accepts it, which validates the
assessment; the municipality's public dashboard then shows it to every visitor.
Controls are found by their accessible names (labels, roles), so an unlabelled control fails.
"""

from __future__ import annotations

import re

import pytest

from participa.extensions import db
from participa.indicators import services
from participa.indicators.framework import load_framework, read_framework_file
from tests import factories
from tests.browser.conftest import assert_no_console_errors, spanish_speaker, villa_norte
from tests.consultations.helpers import make_consultation

pytestmark = pytest.mark.browser

STAFF_EMAIL = "innovacion@villanorte.example.org"
REVIEWER_EMAIL = "revisora@red.example.org"
PERIOD = "2026-S2"
DECREE = "https://villanorte.example.org/normativa/decreto-120-2024"
FIXED_DECREE = "https://villanorte.example.org/boletin/2024/decreto-120.pdf"
OPEN_DATA = "https://datos.villanorte.example.org/"
RETURN_COMMENT = "El enlace no abre; adjunten el decreto publicado en el boletín."
CONSULTATION = "Presupuesto participativo 2027"
# The indicators answered yes (PAR-01 by a web address, PAR-02 by the platform link the form
# suggests, TRA-01 by a document, DIG-01 by a web address and a note); every other one is a no.
MET = {"PAR-01", "PAR-02", "TRA-01", "DIG-01"}
FRAMEWORK = read_framework_file()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def setting(live_server):
    """The bundled framework, loaded as the CLI does; Villa Norte with staff and an open
    consultation (evidence the platform can suggest); a reviewer appointed by a platform
    admin."""
    with live_server.app.app_context():
        load_framework(read_framework_file(), make_current=True)
        municipality = villa_norte()
        factories.member(municipality, "admin", email=STAFF_EMAIL, display_name="Innovación VN")
        make_consultation(municipality, phase="proposals", title=CONSULTATION)
        admin = factories.UserFactory(is_platform_admin=True)
        spanish_speaker(REVIEWER_EMAIL, "Revisora de la red")
        services.appoint_reviewer(actor=admin, email=REVIEWER_EMAIL)
        db.session.commit()
    return live_server


def test_assess_review_fix_validate_and_publish(page, setting, journey, console_errors):
    from playwright.sync_api import expect

    text, log_in, log_out = journey.text, journey.log_in, journey.log_out

    def indicator(code: str):
        """The fieldset of one indicator, named by its legend "CODE · name"."""
        return page.get_by_role("group", name=re.compile(rf"^\s*{re.escape(code)} ·"))

    def name_of(item: dict) -> str:
        """A framework item's name in English or Spanish, as a piece of a regular expression."""
        return "(?:" + "|".join(re.escape(item["name"][locale]) for locale in ("en", "es")) + ")"

    def answer(code: str, value: str) -> None:
        indicator(code).get_by_role("radio", name=text(value)).check()

    def open_assessment() -> None:
        page.goto("/m/villa-norte/")
        municipality_nav = page.get_by_role("navigation", name=text("Municipality"))
        municipality_nav.get_by_role("link", name=text("Indicators")).click()
        page.get_by_role("link", name=text("Self-assessments")).click()
        page.get_by_role("link", name=PERIOD).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            text("Assessment %(period)s", period=PERIOD)
        )

    def review() -> None:
        network = page.get_by_role("navigation", name=text("Across the network"))
        network.get_by_role("link", name=text("Assessments to review")).click()
        page.get_by_role("link", name=f"Villa Norte, {PERIOD}").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            text("Review: %(name)s, %(period)s", name="Villa Norte", period=PERIOD)
        )

    # Staff open an assessment for the period from the municipality's indicator pages.
    page.goto("/")
    log_in(STAFF_EMAIL)
    page.goto("/m/villa-norte/")
    page.get_by_role("navigation", name=text("Municipality")).get_by_role(
        "link", name=text("Indicators")
    ).click()
    expect(
        page.get_by_text(text("This municipality has no validated assessment yet."))
    ).to_be_visible()
    page.get_by_role("link", name=text("Self-assessments")).click()
    page.get_by_label(text("Period")).fill(PERIOD)
    page.get_by_role("button", name=text("Open assessment")).click()
    expect(
        page.get_by_text(text("Assessment opened. Answers are saved as you go."))
    ).to_be_visible()
    page.get_by_role("link", name=text("Answer the indicators")).click()

    # A yes without evidence is refused, and nothing on the page is lost.
    answer("PAR-01", "Yes")
    page.get_by_role("button", name=text("Save")).click()
    expect(page.get_by_role("alert")).to_contain_text(
        text(
            "A yes needs evidence: a web address, a document or a link to a page on this platform.",
            exact=False,
        )
    )
    expect(indicator("PAR-01").get_by_role("radio", name=text("Yes"))).to_be_checked()
    # The refusal answers 422, which Chromium logs as a failed load: expected, and only that.
    assert len(console_errors) == 1 and "422" in console_errors[0], console_errors
    console_errors.clear()

    # Answer the four dimensions, one page each; the yeses come with evidence.
    for step, dimension in enumerate(FRAMEWORK["dimensions"]):
        dimensions = page.get_by_role("navigation", name=text("Dimensions"))
        current = dimensions.get_by_role("link", name=journey.name(name_of(dimension)))
        expect(current).to_have_attribute("aria-current", "step")
        for item in dimension["indicators"]:
            answer(item["code"], "Yes" if item["code"] in MET else "No")
        if step == 0:
            indicator("PAR-01").get_by_label(text("Evidence web address")).fill(DECREE)
            # The platform's own consultation is proposed as evidence, and kept.
            suggested = indicator("PAR-02")
            expect(suggested.get_by_role("link", name=CONSULTATION)).to_be_visible()
            expect(suggested.get_by_label(text("Link to a page on this platform"))).to_have_value(
                re.compile(r"^/m/villa-norte/consultations/\d+$")
            )
        elif step == 1:
            indicator("TRA-01").get_by_label(text("Evidence document")).set_input_files(
                {"name": "procedimiento.pdf", "mimeType": "application/pdf", "buffer": PDF}
            )
        elif step == 2:
            dig = indicator("DIG-01")
            dig.get_by_label(text("Evidence web address")).fill(OPEN_DATA)
            dig.get_by_label(text("Note")).fill("Plan aprobado por el decreto 88/2025.")
        last = step == len(FRAMEWORK["dimensions"]) - 1
        page.get_by_role(
            "button",
            name=text("Save and finish" if last else "Save and go to the next dimension"),
        ).click()
        expect(page.get_by_text(text("Answers saved."))).to_be_visible()

    # Back on the assessment: all answered, four met; submit it.
    expect(page.get_by_text(text("%(met)s of %(total)s", met=4, total=40))).to_be_visible()
    page.get_by_role("button", name=text("Submit for review")).click()
    expect(
        page.get_by_text(text("Assessment submitted. A platform reviewer will check every answer."))
    ).to_be_visible()
    log_out()

    # The reviewer returns one answer with a comment and accepts every other one.
    log_in(REVIEWER_EMAIL)
    review()
    decree = indicator("PAR-01")
    expect(decree.get_by_role("link", name=DECREE)).to_be_visible()
    decree.get_by_role("group", name=text("Decision on %(code)s", code="PAR-01")).get_by_role(
        "radio", name=text("Return with a comment")
    ).check()
    decree.get_by_label(text("Comment for the municipality")).fill(RETURN_COMMENT)
    page.get_by_role(
        "button", name=text("Save, accepting every answer left without a decision")
    ).click()
    expect(
        page.get_by_text(text("The assessment went back to the municipality with your comments."))
    ).to_be_visible()
    log_out()

    # Staff read the comment, fix the evidence and submit again.
    log_in(STAFF_EMAIL)
    open_assessment()
    expect(page.get_by_text(text("Returned for changes"))).to_be_visible()
    returned = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name=re.compile(r"^PAR-01 ·"))
    )
    expect(returned).to_contain_text(RETURN_COMMENT)
    page.get_by_role("link", name=text("Answer the indicators")).click()
    expect(indicator("PAR-01")).to_contain_text(RETURN_COMMENT)
    indicator("PAR-01").get_by_label(text("Evidence web address")).fill(FIXED_DECREE)
    page.get_by_role("button", name=text("Save")).click()
    expect(page.get_by_text(text("Answers saved."))).to_be_visible()
    page.get_by_role("link", name=text("Back to the assessment %(period)s", period=PERIOD)).click()
    page.get_by_role("button", name=text("Submit for review")).click()
    expect(page.get_by_text(text("Submitted for review"))).to_be_visible()
    log_out()

    # The reviewer now sees only that answer pending, accepts it, and the assessment is valid.
    log_in(REVIEWER_EMAIL)
    review()
    expect(page.get_by_role("radio", name=text("Accept"))).to_have_count(1)
    fixed = indicator("PAR-01")
    expect(fixed.get_by_role("link", name=FIXED_DECREE)).to_be_visible()
    fixed.get_by_role("radio", name=text("Accept")).check()
    page.get_by_role("button", name=text("Save decisions")).click()
    expect(
        page.get_by_text(
            text("Every answer is accepted: the assessment is validated and published.")
        )
    ).to_be_visible()
    log_out()

    # Any visitor sees it on the municipality's public dashboard, with its evidence.
    page.goto("/m/villa-norte/")
    page.get_by_role("navigation", name=text("Municipality")).get_by_role(
        "link", name=text("Indicators")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text("Public-innovation indicators"))
    expect(
        page.get_by_role("heading", name=text("Validated assessment %(period)s", period=PERIOD))
    ).to_be_visible()
    expect(page.locator(".score-big")).to_contain_text(
        text("%(met)s of %(total)s", exact=False, met=4, total=40)
    )
    two_of_ten = journey.either("%(met)s of %(total)s", met=2, total=10)
    caption = journey.name(name_of(FRAMEWORK["dimensions"][0]), "—", two_of_ten)
    table = page.get_by_role("table", name=caption)
    row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="PAR-01"))
    expect(row).to_contain_text(text("Met", exact=False, context="indicator"))
    expect(row.get_by_role("link", name=FIXED_DECREE)).to_be_visible()
    document_row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="TRA-01"))
    expect(document_row.get_by_role("link", name=text("Evidence document"))).to_be_visible()

    assert_no_console_errors(console_errors)
