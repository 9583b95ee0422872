"""Splitting a draft into titles, chapters and articles; diffs; passages."""

from __future__ import annotations

from participa.legislation.diffing import compare_sections, word_diff
from participa.legislation.parsing import parse_draft, roman_to_int, to_markdown
from participa.legislation.passages import anchor, article_text, highlight, sentences
from tests.legislation.support import SOURCE


def _shape(result):
    return [(s.kind, s.key, s.number, s.heading, s.parent_key) for s in result.sections]


def test_markdown_headings_and_plain_article_lines():
    result = parse_draft(SOURCE)
    assert _shape(result) == [
        ("title", "tit-1", "I", "Disposiciones generales", None),
        ("chapter", "tit-1-cap-1", "I", "Objeto", "tit-1"),
        ("article", "art-1", "1", "Objeto", "tit-1-cap-1"),
        ("article", "art-2", "2", "Alcance", "tit-1-cap-1"),
        ("title", "tit-2", "II", "Instrumentos", None),
        ("article", "art-3", "3", "", "tit-2"),
    ]
    assert result.preamble == "Esta ordenanza regula la participación ciudadana."
    assert result.sections[-1].body.startswith("Las audiencias públicas")
    assert "preamble" in result.warnings


def test_plain_text_variants_and_bis_numbers():
    text = (
        "TÍTULO I\nCAPÍTULO ÚNICO\nArtículo 1°.- Primero.\nArtículo 3 de la ley no abre.\n"
        "Art. 1 bis: Intercalado.\nARTÍCULO 2.- Segundo.\nArtículo 2.- Repetido.\n"
    )
    result = parse_draft(text)
    keys = [s.key for s in result.sections]
    assert keys == ["tit-1", "tit-1-cap-unico", "art-1", "art-1-bis", "art-2", "art-2-2"]
    assert result.sections[2].body == "Primero.\nArtículo 3 de la ley no abre."


def test_text_without_articles_becomes_one_article_per_paragraph():
    result = parse_draft("Primer párrafo.\n\nSegundo párrafo.")
    assert [(s.key, s.body) for s in result.sections] == [
        ("art-1", "Primer párrafo."),
        ("art-2", "Segundo párrafo."),
    ]
    assert "no-articles" in result.warnings


def test_code_fences_are_not_split_and_markdown_round_trips():
    result = parse_draft("### Artículo 1\n```\n### Artículo 2\n```\n")
    assert [s.key for s in result.sections] == ["art-1"]
    original = parse_draft(SOURCE)
    again = parse_draft(to_markdown(original.preamble, original.sections))
    assert _shape(again) == _shape(original)
    assert [s.body for s in again.sections] == [s.body for s in original.sections]


def test_roman_numerals():
    assert roman_to_int("XIV") == 14 and roman_to_int("iv") == 4 and roman_to_int("A") is None


def test_word_diff_marks_and_escapes():
    diff = word_diff("Los vecinos podrán <b>opinar</b>.", "Las vecinas podrán opinar siempre.")
    assert diff.inline.startswith("<del>Los vecinos</del><ins>Las vecinas</ins> podrán ")
    assert "&lt;b&gt;" in diff.inline and "<b>" not in diff.inline
    assert "<ins> siempre</ins>" in diff.new and "<del>" not in diff.new
    assert diff.changed and not word_diff("a b", "a b").changed


def test_compare_sections_pairs_by_key():
    old = parse_draft("### Artículo 1\nUno.\n### Artículo 2\nDos.\n### Artículo 3\nTres.")
    new = parse_draft("### Artículo 1\nUno.\n### Artículo 3\nTres cambiado.\n### Artículo 4\nN.")
    for index, section in enumerate(old.sections + new.sections):
        section.position = index % 3
    changes = compare_sections(old.sections, new.sections)
    assert [(c.key, c.status) for c in changes] == [
        ("art-1", "same"),
        ("art-2", "removed"),
        ("art-3", "changed"),
        ("art-4", "added"),
    ]


def test_sentences_offsets_index_the_plain_text():
    body = "Primera **frase** del art. 5 de la ley. Segunda; tercera.\n\nOtro párrafo."
    text = article_text(body)
    found = sentences(body)
    assert [s.text for s in found] == [
        "Primera frase del art. 5 de la ley.",
        "Segunda;",
        "tercera.",
        "Otro párrafo.",
    ]
    assert all(text[s.start : s.end] == s.text for s in found)


class _P:
    def __init__(self, pid, start, end, quote):
        self.id, self.start_offset, self.end_offset, self.quote = pid, start, end, quote


def test_anchor_prefers_the_quote_then_the_offsets():
    text = "uno dos tres dos"
    assert anchor(text, 4, 7, "dos") == (4, 7)
    assert anchor(text, 12, 15, "dos") == (13, 16)  # moved: nearest copy of the quote
    assert anchor(text, 0, 3, "cuatro") is None
    assert anchor(text, 0, 3, "") == (0, 3)


def test_highlight_wraps_across_tags_and_keeps_html_safe():
    body = "La **ordenanza** regula <script>alert(1)</script> todo & más."
    text = article_text(body)
    start = text.index("ordenanza regula")
    html, lost = highlight(
        body, [_P(7, start, start + 16, "ordenanza regula"), _P(8, 0, 2, "ausente")]
    )
    assert lost == [8]
    assert '<strong><mark class="passage" data-passage="7">ordenanza</mark></strong>' in html
    assert '<mark class="passage" data-passage="7"> regula</mark>' in html
    assert "<script>" not in html and "&amp;" in html
