"""Codelist codes are shown to people in their language; the codes themselves stay untouched."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from flask_babel import force_locale

from participa.contracting import codelist_labels
from participa.contracting.codelist_labels import LABELS, label
from participa.contracting.codelists import CODELISTS, choices, codelist, codes
from tests.contracting.conftest import award_and_contract

BASE = "/m/villa-norte/contracting"
PACKAGE = Path(codelist_labels.__file__).parent


def _shown_codelists() -> set[str]:
    """Every codelist the templates and the Python code of the feature show or offer."""
    found = set()
    for path in [*PACKAGE.glob("*.py"), *PACKAGE.glob("templates/**/*.html")]:
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r"""ocds_title\(\s*['"](\w+)['"]""", text))
        found |= set(re.findall(r"""\bchoices\(\s*['"](\w+)['"]""", text))
        found |= set(re.findall(r"""\b(?:code_title|code_label|label)\(\s*['"](\w+)['"]""", text))
    return {name for name in found if (CODELISTS / f"{name}.csv").exists()}


@pytest.fixture
def speak(app, monkeypatch):
    def _speak(locale: str) -> None:
        monkeypatch.setattr(app.extensions["babel"], "locale_selector", lambda: locale)

    return _speak


def test_every_shown_codelist_has_labels_for_every_code():
    shown = _shown_codelists()
    assert {"method", "tenderStatus", "documentType", "partyRole", "currency"} <= shown
    for name in shown - {"currency"}:
        assert name in LABELS, f"codelist {name} is shown but has no labels"
    for name, labels in LABELS.items():
        assert set(labels) == codes(name), name


def test_english_labels_are_the_csv_titles():
    with force_locale("en"):
        for name, labels in LABELS.items():
            for code, title in codelist(name):
                assert str(labels[code]) == title, (name, code)


@pytest.mark.parametrize("locale", ["es", "pt"])
def test_every_label_is_translated(locale):
    # Proper names such as "Works" → "Obras" may coincide across languages, never all at once.
    with force_locale(locale):
        for name, labels in LABELS.items():
            english = dict(codelist(name))
            translated = [c for c, lazy in labels.items() if str(lazy) != english[c]]
            assert translated, (locale, name)


@pytest.mark.parametrize(
    ("locale", "method", "category", "currency"),
    [("es", "Abierto", "Obras", "peso argentino"), ("pt", "Aberto", "Obras", "Peso argentino")],
)
def test_labels_and_currency_names_follow_the_locale(app, locale, method, category, currency):
    with app.test_request_context(), force_locale(locale):
        assert label("method", "open") == method
        assert label("procurementCategory", "works") == category
        assert label("method", "unknownCode") == "unknownCode"
        assert label("method", None) == ""
        assert dict(choices("currency"))["ARS"] == f"ARS · {currency}"
        assert dict(choices("method"))["open"] == method


def test_process_page_in_spanish(client, process, staff, supplier, speak):
    award_and_contract(process, staff, supplier)
    speak("es")
    page = client.get(f"{BASE}/processes/{process.id}").get_data(as_text=True)
    assert 'lang="es"' in page
    assert "Abierto" in page  # procurement method "open"
    assert "Obras" in page  # main category "works"
    assert "Documentos de la licitación" in page  # document type "biddingDocuments"
    listing = client.get(f"{BASE}/").get_data(as_text=True)
    assert ">Abierto<" in listing


def test_process_page_in_portuguese(client, process, speak):
    speak("pt")
    page = client.get(f"{BASE}/processes/{process.id}").get_data(as_text=True)
    assert "Aberto" in page and "Obras" in page


def test_staff_tender_form_offers_spanish_choices_but_keeps_codes(
    client, process, staff, login, speak
):
    login(staff)
    speak("es")
    page = client.get(f"{BASE}/staff/processes/{process.id}/tender").get_data(as_text=True)
    assert re.search(r'<option[^>]*value="open"[^>]*>Abierto</option>', page)
    assert re.search(r'<option[^>]*value="goods"[^>]*>Bienes y suministros</option>', page)
    assert re.search(r'<option[^>]*value="ARS"[^>]*>ARS · peso argentino</option>', page)
    assert process.data["tender"]["procurementMethod"] == "open"


def test_codelist_files_are_left_untouched():
    # The CSVs keep their English titles: they are the msgids of the labels.
    with (CODELISTS / "method.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["Code"]: row["Title"] for row in csv.DictReader(handle)}
    assert rows["open"] == "Open"
