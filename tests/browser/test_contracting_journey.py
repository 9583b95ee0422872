"""Open contracting in a real browser, through the real staff forms (issue 6).

Staff create a procurement process, publish its tender, record the bids, award it and sign the
contract; a visitor, logged out, finds the process in the public list, reads its timeline and
downloads its OCDS record, which must be a valid record package for the process's ocid.
Controls are found by their accessible names (labels, roles), so an unlabelled control fails.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from participa.contracting import services
from participa.contracting.validation import errors_in
from participa.extensions import db
from tests import factories
from tests.browser._helpers_crowdlaw import ControlNames
from tests.browser.conftest import assert_no_console_errors, villa_norte

pytestmark = pytest.mark.browser

PREFIX = "ocds-213czf"
STAFF_EMAIL = "compras@villanorte.example.org"
BUYER = "Secretaría de Obras Públicas"
SUPPLIER = "Constructora Sur S.A."
RIVAL = "Pavimentos del Norte S.R.L."
TITLE = "Repavimentación de la avenida San Martín"
TENDER_DESCRIPTION = "Fresado y repavimentación de 1.200 m2 de calzada entre Mitre y Belgrano."
ITEM = "Carpeta asfáltica en caliente"
DOCUMENT = "Pliego de bases y condiciones"
AWARD_TITLE = "Adjudicación a Constructora Sur"
CONTRACT_TITLE = "Contrato de obra 14/2026"


@pytest.fixture
def setting(live_server):
    """Villa Norte with an ocid prefix, procurement staff, its public works unit and two firms."""
    app = live_server.app
    with app.app_context(), app.test_request_context("/"):
        municipality = villa_norte(ocid_prefix=PREFIX)
        staff = factories.member(
            municipality, "admin", email=STAFF_EMAIL, display_name="Compras Villa Norte"
        )
        parties = [
            (BUYER, "30999999991", True),
            (SUPPLIER, "30711111119", False),
            (RIVAL, "30722222229", False),
        ]
        for name, cuit, public in parties:
            services.create_party(
                municipality,
                actor=staff,
                data={
                    "name": name,
                    "scheme": "AR-CUIT",
                    "identifier": cuit,
                    "is_public_body": public,
                    "locality": "Villa Norte",
                },
            )
        db.session.commit()
    return live_server


def test_staff_publish_tender_award_contract_and_visitor_downloads_record(
    page, setting, journey, console_errors
):
    from playwright.sync_api import expect

    text, either, name = journey.text, journey.either, journey.name
    log_in, log_out = journey.log_in, journey.log_out
    names = ControlNames(page)
    today = date.today()
    published = text("Published as release %(id)s.", id="__ID__").pattern.replace("__ID__", r"\S+")
    published = re.compile(published)

    def row_field(label: str, row: int = 1):
        """A cell of a repeated row (items, documents), labelled "<label> (row <n>)"."""
        pattern = name(either(label), r"\(" + either("row %(n)s", n=row) + r"\)")
        return page.get_by_label(pattern)

    def save_and_publish():
        names.check()
        page.get_by_role("button", name=text("Review before publishing")).click()
        # The confirmation step: what becomes public, then the confirm button.
        expect(page.get_by_role("heading", level=1)).to_have_text(text("Confirm the publication"))
        page.get_by_role("button", name=text("Confirm and publish")).click()
        expect(page.get_by_text(published)).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)

    def stages():
        return page.get_by_role("main").get_by_role("list").first

    # Staff create the process from the public pages' staff link.
    page.goto("/m/villa-norte/")
    log_in(STAFF_EMAIL)
    page.get_by_role("navigation", name=text("Municipality")).get_by_role(
        "link", name=text("Open contracting")
    ).click()
    page.get_by_role("link", name=text("Staff: manage processes")).click()
    page.get_by_role("link", name=text("New process")).click()
    page.get_by_label(text("Title")).fill(TITLE)
    page.get_by_label(text("Description")).fill("Obra incluida en el plan vial 2026.")
    page.get_by_label(text("Buyer (municipal unit)")).select_option(label=BUYER)
    names.check()
    page.get_by_role("button", name=text("Save")).click()
    expect(
        page.get_by_text(text("Process created. Fill in its first stage to publish it."))
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    names.check()
    ocid = page.get_by_role("main").locator("code").first.inner_text().strip()
    assert ocid.startswith(PREFIX + "-"), ocid

    # The tender: method, category, value, period, an item and the bidding documents.
    stages().get_by_role("link", name=text("Tender")).click()
    expect(page.get_by_label(text("Tender title"))).to_have_value(TITLE)
    page.get_by_label(text("Description")).fill(TENDER_DESCRIPTION)
    page.get_by_label(text("Tender status")).select_option("active")
    page.get_by_label(text("Procurement method")).select_option("open")
    page.get_by_label(text("Method in local terms")).fill("Licitación pública")
    page.get_by_label(text("Main category")).select_option("works")
    page.get_by_label(text("Procuring entity")).select_option(label=BUYER)
    page.get_by_label(text("Estimated value")).fill("48000000")
    expect(page.get_by_label(text("Currency"))).to_have_value("ARS")
    start, end = today - timedelta(days=40), today - timedelta(days=15)
    page.get_by_label(text("Tender period: start")).fill(f"{start.isoformat()}T09:00")
    page.get_by_label(text("Tender period: end")).fill(f"{end.isoformat()}T12:00")
    page.get_by_label(text("Award criteria")).select_option("priceOnly")
    row_field("Description").fill(ITEM)
    row_field("Quantity").fill("1200")
    row_field("Unit").fill("m2")
    row_field("Document type").select_option("biddingDocuments")
    row_field("Title").fill(DOCUMENT)
    row_field("Web address").fill("https://villanorte.example.org/obras/pliego-14-2026.pdf")
    save_and_publish()

    # Two firms bid.
    stages().get_by_role("link", name=text("Tenderers")).click()
    bidders = page.get_by_role("group", name=text("Organisations that submitted a bid"))
    bidders.get_by_role("checkbox", name=re.compile("^" + re.escape(SUPPLIER))).check()
    bidders.get_by_role("checkbox", name=re.compile("^" + re.escape(RIVAL))).check()
    save_and_publish()

    # The award.
    stages().get_by_role("link", name=text("New award")).click()
    page.get_by_label(text("Award title")).fill(AWARD_TITLE)
    page.get_by_label(text("Award status")).select_option("active")
    page.get_by_label(text("Award date")).fill((today - timedelta(days=10)).isoformat())
    page.get_by_label(text("Awarded value")).fill("45500000")
    suppliers = page.get_by_role("group", name=text("Suppliers"))
    suppliers.get_by_role("checkbox", name=re.compile("^" + re.escape(SUPPLIER))).check()
    save_and_publish()
    expect(stages().get_by_role("link", name=AWARD_TITLE)).to_be_visible()

    # The signed contract.
    stages().get_by_role("link", name=text("New contract")).click()
    award_choice = page.get_by_label(text("Award"))
    expect(award_choice.locator("option")).to_have_count(1)
    page.get_by_label(text("Contract title")).fill(CONTRACT_TITLE)
    page.get_by_label(text("Contract status")).select_option("active")
    page.get_by_label(text("Contract value")).fill("45500000")
    page.get_by_label(text("Contract period: start")).fill(today.isoformat())
    page.get_by_label(text("Contract period: end")).fill((today + timedelta(days=120)).isoformat())
    page.get_by_label(text("Date signed")).fill((today - timedelta(days=2)).isoformat())
    save_and_publish()
    expect(stages().get_by_role("link", name=CONTRACT_TITLE)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(
        re.compile(either("%(num)s release", "%(num)s releases", num=4))
    )
    log_out()

    # A visitor finds the process in the public list, by searching and filtering.
    page.goto("/m/villa-norte/")
    page.get_by_role("navigation", name=text("Municipality")).get_by_role(
        "link", name=text("Open contracting")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text("Public procurement"))
    names.check()
    search = page.locator("main").get_by_role("search")
    search.get_by_label(text("Search")).fill("avenida San Martín")
    search.get_by_label(text("Stage")).select_option("contract")
    search.get_by_label(text("Supplier")).select_option(label=SUPPLIER)
    search.get_by_role("button", name=text("Apply")).click()
    expect(page.get_by_text(text("%(num)s process", "%(num)s processes", num=1))).to_be_visible()
    page.get_by_role("table", name=text("Procurement processes")).get_by_role(
        "link", name=TITLE
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("main")).to_contain_text(ocid)
    names.check()

    # The timeline shows the stages the process went through, each with its release.
    timeline = page.get_by_role("region", name=text("Timeline")).get_by_role("listitem")
    expect(timeline).to_have_count(5)
    for stage, reached in (
        ("Planning", False),
        ("Tender", True),
        ("Award", True),
        ("Contract", True),
        ("Implementation", False),
    ):
        step = timeline.filter(has=page.get_by_text(text(stage)))
        state = either("release published") if reached else either("not yet")
        expect(step).to_contain_text(re.compile(either(stage) + r"\s*:\s*" + state))
        if reached:
            expect(step.get_by_role("link", name=re.compile(re.escape(ocid)))).to_be_visible()
    contracts = page.get_by_role("region", name=text("Contracts"))
    expect(contracts.get_by_role("heading", name=CONTRACT_TITLE)).to_be_visible()
    parties = page.get_by_role("region", name=text("Parties"))
    expect(parties.get_by_role("link", name=SUPPLIER)).to_be_visible()

    # The record downloads as an OCDS record package for this ocid.
    link = page.get_by_role("link", name=text("Download the record (JSON)"))
    href = link.get_attribute("href")
    assert href and href.endswith(f"/ocds/{ocid}/record.json"), href
    response = page.request.get(href)
    assert response.ok, response.status
    assert response.headers["content-type"].startswith("application/json")
    package = response.json()
    assert package["version"] == "1.1"
    assert [record["ocid"] for record in package["records"]] == [ocid]
    compiled = package["records"][0]["compiledRelease"]
    assert compiled["ocid"] == ocid
    assert compiled["tender"]["title"] == TITLE
    assert [s["name"] for s in compiled["awards"][0]["suppliers"]] == [SUPPLIER]
    assert compiled["contracts"][0]["title"] == CONTRACT_TITLE
    assert len(package["records"][0]["releases"]) == 4
    problems = errors_in(package, "record-package-schema.json")
    assert not problems, [str(p) for p in problems]

    assert_no_console_errors(console_errors)
    names.assert_none()
