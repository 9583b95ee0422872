"""The library in a real browser (issue 17, section 4): a member's staff write a practice,
attach its PDF and publish it; a visitor filters the network's library, opens the practice and
downloads its document. At a desktop's and a phone's width, and once without JavaScript; every
page visited has no sideways scroll and no serious accessibility violation.
"""

from __future__ import annotations

import pytest

from participa.media.demo import pdf
from tests.browser.checks import page_problems
from tests.browser.conftest import at_each_width, spanish_speaker, villa_norte

pytestmark = pytest.mark.browser

STAFF_EMAIL = "lucia.staff@example.org"
TITLE = "Mesa abierta de datos del barrio"
DOCUMENT = "Informe de la mesa de datos"


@pytest.fixture
def setting(live_server):
    with live_server.app.app_context():
        municipality = villa_norte()
        spanish_speaker(STAFF_EMAIL, "Lucía Paz", member_of=municipality, role="admin")
    return live_server


@at_each_width
def test_staff_publish_a_practice_and_a_visitor_finds_and_downloads_it(setting, device):
    from playwright.sync_api import expect

    with device.journey() as journey:
        page, text = journey.page, journey.text
        journey.log_in_on_its_page(STAFF_EMAIL, welcomed="Lucía Paz")

        # The member's library: staff add an entry.
        page.goto("/m/villa-norte/library/")
        assert page_problems(page) == []
        page.get_by_role("link", name=text("Add an entry")).click()
        page.get_by_label(text("Kind")).select_option("practice")
        page.get_by_label(text("Title")).fill(TITLE)
        page.get_by_label(text("Summary")).fill("Vecinos y equipo municipal revisan los datos.")
        page.get_by_label(text("Topic")).select_option("open_data")
        page.get_by_label(text("Language of the entry")).select_option("es")
        page.get_by_label(text("Licence")).select_option("cc-by-sa-4.0")
        page.get_by_label(text("Links")).fill("no es una dirección")
        assert page_problems(page) == []
        page.get_by_role("button", name=text("Save")).click()
        # A bad line is refused and what was typed stays.
        expect(page.get_by_label(text("Title"))).to_have_value(TITLE)
        page.get_by_label(text("Links")).fill("https://example.org/mesa Sitio de la mesa")
        page.get_by_role("button", name=text("Save")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        assert page_problems(page) == []

        # Its document, then publication.
        page.get_by_role("link", name=text("Attach a document")).click()
        page.get_by_label(text("Document")).set_input_files(
            {"name": "informe.pdf", "mimeType": "application/pdf", "buffer": pdf("Informe")}
        )
        page.get_by_label(text("Title")).fill(DOCUMENT)
        page.get_by_label(text("Language of the document")).select_option("es")
        page.get_by_role("button", name=text("Attach")).click()
        expect(page.get_by_text(text("Document attached."))).to_be_visible()
        page.get_by_role("button", name=text("Publish")).click()
        expect(page.get_by_text(text("Entry published."))).to_be_visible()
        assert page_problems(page) == []

    # A visitor filters the network's library and downloads the document.
    with device.journey() as journey:
        page, text = journey.page, journey.text
        page.goto("/library/")
        expect(page.get_by_role("link", name=TITLE)).to_be_visible()
        assert page_problems(page) == []
        filters = page.get_by_role("search")
        filters.get_by_label(text("Kind"), exact=True).select_option("guide")
        filters.get_by_role("button", name=text("Apply")).click()
        expect(page.get_by_text(text("No entry matches these filters."))).to_be_visible()
        filters = page.get_by_role("search")
        filters.get_by_label(text("Kind"), exact=True).select_option("practice")
        filters.get_by_label(text("Topic")).select_option("open_data")
        filters.get_by_label(text("Words")).fill("mesa")
        filters.get_by_role("button", name=text("Apply")).click()
        expect(page.get_by_text(text("%(num)s entry", "%(num)s entries", num=1))).to_be_visible()
        assert page_problems(page) == []
        page.get_by_role("link", name=TITLE).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        assert page_problems(page) == []
        with page.expect_download() as download:
            page.get_by_role("link", name=DOCUMENT).click()
        saved = download.value.path()
        assert saved is not None and saved.read_bytes().startswith(b"%PDF-")
