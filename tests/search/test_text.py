"""Parsing queries, FTS5 expressions and snippets (no database)."""

from __future__ import annotations

import re

import pytest

from participa.search import text


def test_words_are_folded_and_split_on_underscores():
    assert text.words("Construção_da PRAÇA, São-Paulo") == [
        "construcao",
        "da",
        "praca",
        "sao",
        "paulo",
    ]


@pytest.mark.parametrize(
    "language, a, b",
    [
        ("es", "Bicicletas", "bicicleta"),
        ("es", "construcción", "CONSTRUCCIONES"),
        ("en", "Running", "runs"),
        ("en", "libraries", "library"),
        ("pt", "Construção", "construcao"),
        ("pt", "praças", "Praca"),
        ("pt", "Bibliotecas", "biblioteca"),
    ],
)
def test_stems_meet_across_accents_case_and_endings(language, a, b):
    assert text.stems(a, language) == text.stems(b, language)


def test_parse_understands_phrases_exclusions_and_or():
    query = text.parse('plaza "árboles nativos" -cemento bici OR bicicleta', "es")
    assert query.groups == [[("plaza",)], [("arboles", "nativos")], [("bici",), ("bicicleta",)]]
    assert query.excluded == [("cemento",)]
    assert query.languages[0] == "es"
    assert query.text() == 'plaza "arboles nativos" bici OR bicicleta -cemento'


@pytest.mark.parametrize(
    "raw",
    [
        '"',
        '""',
        '"unclosed phrase',
        "NEAR(a b)",
        "a AND b OR NOT c",
        "*",
        "col:value",
        "^start",
        "a + b",
        "{title body}: x",
        "-",
        "OR OR OR",
        "'; DROP TABLE search_documents; --",
        "\x00null\x01",
        "😀 emoji",
    ],
)
def test_fts5_expression_only_holds_quoted_strings_and_operators(raw):
    query = text.parse(raw, "en")
    if query.is_empty:
        return
    expression = text.fts5_expression(query)
    # Remove the quoted strings: what is left is brackets, spaces and operators only.
    rest = re.sub(r'"(?:[^"]|"")*"', "", expression)
    assert re.fullmatch(r"[()\s]*(?:(?:AND|OR|NOT)[()\s]*)*", rest), expression


def test_parse_keeps_at_most_max_terms_words():
    query = text.parse(" ".join(f"word{i}" for i in range(50)), "en")
    assert sum(len(a) for g in query.groups for a in g) == text.MAX_TERMS


def test_clean_removes_control_characters():
    assert text.clean(" a\x00b\x1f ") == "a b"


def test_snippet_escapes_user_html_and_marks_matches():
    query = text.parse("plaza", "es")
    html = str(text.snippet("<script>alert(1)</script> Una PLAZA nueva & <b>linda</b>", query))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>PLAZA</mark>" in html
    assert "&amp;" in html


def test_snippet_marks_stemmed_and_accented_forms_around_the_first_match():
    body = " ".join(["palabra"] * 100 + ["Praças"] + ["fim"] * 100)
    html = str(text.snippet(body, text.parse("praca", "pt")))
    assert "<mark>Praças</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html.split()) < 40
