"""Languages: complete catalogs, locale selection order, localized formats."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask_babel import force_locale, format_currency, format_datetime, format_decimal

from participa.core.i18n_tools import placeholders
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "participa" / "translations"


@pytest.fixture(scope="module")
def source_ids(tmp_path_factory) -> set:
    """The msgids the code and templates use today, freshly extracted."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--ignore-dirs=.venv tests bench migrations",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        return {m.id for m in read_po(fh) if m.id}


def _catalog(locale: str):
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=locale)


@pytest.mark.parametrize("locale", ["es", "pt", "en"])
def test_catalog_is_complete(locale, source_ids):
    catalog = _catalog(locale)
    translated = {
        m.id
        for m in catalog
        if m.id
        and "fuzzy" not in m.flags
        and all((m.string,) if isinstance(m.string, str) else m.string)
    }
    missing = sorted(str(i) for i in source_ids - translated)
    assert not missing, f"{len(missing)} strings untranslated in {locale}: {missing[:10]}"


@pytest.mark.parametrize("locale", ["es", "pt"])
def test_placeholders_are_kept(locale):
    for message in _catalog(locale):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(placeholders(i) for i in ids))
        for string in strings:
            # A singular form may drop the count ("one proposal"); no other placeholder may vary.
            assert placeholders(string) <= expected, (message.id, string)
            assert expected - placeholders(string) <= {"%(num)s", "%(count)s", "%(n)s"}, (
                message.id,
                string,
            )


@pytest.mark.parametrize("locale", ["es", "pt", "en"])
def test_compiled_catalog_matches_po(locale):
    def key(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    po = {key(m.id): key(m.string) for m in _catalog(locale) if m.id}
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo").open("rb") as fh:
        mo = {key(m.id): key(m.string) for m in read_mo(fh) if m.id}
    assert mo == po, "run `make translations` to recompile the catalogs"


@pytest.fixture
def spanish_default(app, monkeypatch):
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "es")


@pytest.fixture
def spanish_municipality():
    return factories.MunicipalityFactory(default_locale="es")


def test_spanish_is_the_default(client, spanish_default):
    from participa.config import Config

    assert Config.BABEL_DEFAULT_LOCALE == "es"
    response = client.get("/")
    assert 'lang="es"' in response.text
    assert "Municipios" in response.text


def test_accept_language_is_used_without_other_choice(client, spanish_default):
    response = client.get("/", headers={"Accept-Language": "pt-BR,pt;q=0.9"})
    assert 'lang="pt"' in response.text and "Municípios" in response.text


def test_municipality_default_beats_accept_language(client, spanish_municipality):
    response = client.get(f"/m/{spanish_municipality.slug}/", headers={"Accept-Language": "en"})
    assert 'lang="es"' in response.text


def test_visitor_choice_beats_municipality_default(client, spanish_municipality):
    client.post("/language", data={"locale": "en"})
    response = client.get(f"/m/{spanish_municipality.slug}/")
    assert 'lang="en"' in response.text and "Log in" in response.text


def test_user_choice_is_saved_and_wins(client, login, municipality):
    person = factories.UserFactory(locale="pt")
    login(person)
    assert 'lang="pt"' in client.get(f"/m/{municipality.slug}/").text
    client.post("/language", data={"locale": "en"})
    from participa.accounts.models import User
    from participa.extensions import db

    db.session.expire_all()
    assert db.session.get(User, person.id).locale == "en"


def test_dates_numbers_and_money_are_localized(app):
    moment = datetime(2026, 3, 5, 15, 30, tzinfo=UTC)
    with app.test_request_context():
        with force_locale("es"):
            assert format_decimal(1234567.5) == "1.234.567,5"
            assert "mar" in format_datetime(moment, "medium")
            assert format_currency(1500, "ARS").replace(
                "\xa0", " "
            ) == "ARS 1.500,00" or "1.500,00" in format_currency(1500, "ARS")
        with force_locale("en"):
            assert format_decimal(1234567.5) == "1,234,567.5"
            assert "Mar" in format_datetime(moment, "medium")
        with force_locale("pt"):
            assert format_decimal(1234567.5) == "1.234.567,5"
