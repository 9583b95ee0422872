"""The shared search helper: case- and accent-insensitive matching on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from participa.core.search import ACCENTED, PLAIN, fold, folded, matches, terms
from participa.extensions import db
from participa.municipalities.models import Municipality
from tests import factories


def test_fold_lowercases_and_strips_accents():
    assert fold("Bahía BLANCA") == "bahia blanca"
    assert fold("SÃO João") == "sao joao"
    assert fold("Ñuñoa") == "nunoa"
    assert fold(None) == ""


def test_translation_table_covers_both_cases():
    assert len(ACCENTED) == len(PLAIN)
    for char in "ÁáÃãÇçÑñÜüÔô":
        assert char in ACCENTED
    assert PLAIN[ACCENTED.index("Ñ")] == "n"


def test_terms_are_folded_distinct_and_capped():
    assert terms("  Bahía bahia  BLANCA ") == ["bahia", "blanca"]
    assert len(terms(" ".join(f"w{i}" for i in range(40)))) == 12
    assert terms("   ") == []


def test_folded_in_sql_matches_python():
    factories.MunicipalityFactory(name="ÑUÑOA Ángeles São")
    value = db.session.scalar(select(folded(Municipality.name)))
    assert value == "nunoa angeles sao"


def _names(query: str) -> list[str]:
    statement = select(Municipality.name).where(matches(query, Municipality.name))
    return sorted(db.session.scalars(statement))


def test_matches_every_word_ignoring_case_and_accents():
    factories.MunicipalityFactory(name="Bahía Blanca")
    factories.MunicipalityFactory(name="Río Cuarto")
    factories.MunicipalityFactory(name="100% Verde_Sur")
    assert _names("BAHIA") == ["Bahía Blanca"]
    assert _names("blanca bahía") == ["Bahía Blanca"]
    assert _names("rio blanca") == []
    assert _names("") == ["100% Verde_Sur", "Bahía Blanca", "Río Cuarto"]
    # LIKE wildcards typed by a person match literally.
    assert _names("%") == ["100% Verde_Sur"]
    assert _names("r_e") == []  # would match "rde" as a wildcard
    assert _names("de_s") == ["100% Verde_Sur"]
