"""Pictures and documents in a real browser (issue 15): an author publishes a proposal with a
photo and its description, attaches a PDF, and finds both on the proposal's page and its card in
the list; at a desktop's and a phone's width, and once without JavaScript. Every page visited
has no sideways scroll and no serious accessibility violation.
"""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from participa.media.demo import pdf
from tests.browser.conftest import at_each_width, spanish_speaker, villa_norte
from tests.consultations.helpers import make_consultation

pytestmark = pytest.mark.browser

AUTHOR_EMAIL = "ana.quiroga@example.org"
TITLE = "Bebederos en la plaza Rivadavia"
ALT = "Plaza con juegos y sin bebederos, a pleno sol"
DOCUMENT = "Presupuesto estimado de los bebederos"


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1600, 900), (60, 140, 90)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def setting(live_server):
    with live_server.app.app_context():
        municipality = villa_norte()
        spanish_speaker(AUTHOR_EMAIL, "Ana Quiroga")
        consultation = make_consultation(municipality, phase="proposals",
                                         title="Presupuesto participativo 2027")  # fmt: skip
        live_server.consultation_id = consultation.id  # type: ignore[attr-defined]
    return live_server


@at_each_width
def test_a_proposal_with_a_photo_and_a_document(setting, device):
    from playwright.sync_api import expect

    base = "/m/villa-norte"
    problems = device.problems
    with device.journey() as journey:
        page, text = journey.page, journey.text
        journey.log_in_on_its_page(AUTHOR_EMAIL, welcomed="Ana Quiroga")

        # Publish a proposal with a photo: the description of the photo is asked for.
        page.goto(f"{base}/consultations/{setting.consultation_id}/proposals/new")
        page.get_by_label(text("Title")).fill(TITLE)
        page.get_by_label(text("Your proposal")).fill("Proponemos dos bebederos en la plaza.")
        page.get_by_label(text("Image")).set_input_files(
            {"name": "plaza.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
        )
        page.get_by_role("button", name=text("Publish")).click()
        expect(page.get_by_text(text("Describe the image for people who cannot see it.")).first
               ).to_be_visible()  # fmt: skip
        expect(page.get_by_label(text("Title"))).to_have_value(TITLE)  # what was typed stays
        page.get_by_label(text("Image")).set_input_files(
            {"name": "plaza.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
        )
        page.get_by_label(text("Description of the image")).fill(ALT)
        page.get_by_role("button", name=text("Publish")).click()
        expect(page.get_by_text(text("Your proposal has been published."))).to_be_visible()
        photo = page.get_by_role("img", name=ALT)
        expect(photo).to_be_visible()
        assert "1280w" in (photo.get_attribute("srcset") or "")
        assert problems(page) == []

        # Attach a document; the page lists it with its format, size and language.
        page.get_by_role("link", name=text("Attach a document")).click()
        page.get_by_label(text("Document")).set_input_files(
            {"name": "presupuesto.pdf", "mimeType": "application/pdf",
             "buffer": pdf("Presupuesto")}
        )  # fmt: skip
        page.get_by_label(text("Title")).fill(DOCUMENT)
        page.get_by_label(text("Language of the document")).select_option("es")
        assert problems(page) == []
        page.get_by_role("button", name=text("Attach")).click()
        expect(page.get_by_text(text("Document attached."))).to_be_visible()
        documents = page.get_by_role("region", name=text("Documents"))
        link = documents.get_by_role("link", name=DOCUMENT)
        expect(link).to_be_visible()
        expect(documents).to_contain_text("PDF")
        expect(documents).to_contain_text(re.compile(r"\d+(,\d)?\s*kB"))
        assert problems(page) == []

        # The card in the list shows the photo, lazily, within its column.
        page.goto(f"{base}/consultations/{setting.consultation_id}/proposals/")
        card_photo = page.get_by_role("img", name=ALT)
        expect(card_photo).to_have_attribute("loading", "lazy")
        card_photo.scroll_into_view_if_needed()
        image_box = card_photo.bounding_box()
        card_box = page.locator("li.card").filter(has=card_photo).bounding_box()
        assert image_box and card_box and image_box["width"] <= card_box["width"]
        assert problems(page) == []
