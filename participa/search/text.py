"""Words, stems, queries and highlighted snippets for site-wide search, on both engines.

Everything is folded first (lower case, accents removed by :func:`participa.core.search.fold`)
and then stemmed with Snowball (``snowballstemmer``), so "Construção", "construcao" and
"construções" meet. A document is stemmed in its own language; a query is stemmed in every
language the platform speaks (the reader's first), so a Spanish reader finds Portuguese content
too. PostgreSQL does the stemming itself (its Snowball dictionaries) on the same folded text.

The query syntax is the one of ``websearch_to_tsquery``: words (all required), ``"a phrase"``,
``-word`` (excluded) and ``OR`` between two words. :func:`parse` never fails: anything else is
punctuation and ignored, so FTS5 never sees a character it could read as syntax.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import snowballstemmer
from markupsafe import Markup, escape

from participa.core.search import fold

# Language code -> Snowball algorithm and PostgreSQL text search configuration.
LANGUAGES: dict[str, tuple[str, str]] = {
    "es": ("spanish", "spanish"),
    "en": ("english", "english"),
    "pt": ("portuguese", "portuguese"),
}
SIMPLE = "simple"  # no stemming: names of people, unknown languages
MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
SNIPPET_WORDS = 30

# Letters and digits; "_" separates words as it does for FTS5's unicode61 tokenizer.
_WORD = re.compile(r"[^\W_]+")
_TOKEN = re.compile(r'"([^"]*)"?|(-?)([^\s"]+)')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def language_of(locale: str | None) -> str:
    """The search language of a locale ("pt_BR" -> "pt"); :data:`SIMPLE` when unsupported."""
    code = (locale or "")[:2].lower()
    return code if code in LANGUAGES else SIMPLE


def pg_config(language: str) -> str:
    """The PostgreSQL text search configuration of a search language."""
    return LANGUAGES[language][1] if language in LANGUAGES else SIMPLE


@lru_cache(maxsize=8)
def _stemmer(language: str) -> Any:
    return snowballstemmer.stemmer(LANGUAGES[language][0])


@lru_cache(maxsize=200_000)
def stem_word(word: str, language: str) -> str:
    """The stem of one folded word (cached: vocabularies are small, pure-Python Snowball slow)."""
    return str(_stemmer(language).stemWord(word)) if language in LANGUAGES else word


def words(text: str | None) -> list[str]:
    """The folded words of ``text``."""
    return _WORD.findall(fold(text))


def stems(text: str | None, language: str) -> list[str]:
    """The folded words of ``text`` reduced to their stems in ``language`` (in order)."""
    found = words(text)
    if language not in LANGUAGES:
        return found
    return [stem_word(word, language) for word in found]


def stem_variants(word: str, languages: Iterable[str]) -> list[str]:
    """The distinct forms of one folded word: itself and its stem in each language."""
    forms = [word]
    forms.extend(stem_word(word, language) for language in languages if language in LANGUAGES)
    return list(dict.fromkeys(forms))


def clean(text: str | None) -> str:
    """The query as typed, without control characters (PostgreSQL refuses NUL) nor outer blanks."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


@dataclass
class Query:
    """A parsed query: groups of alternatives (all groups required) and excluded words.

    Each alternative is a tuple of folded words: one word, or the words of a phrase.
    """

    groups: list[list[tuple[str, ...]]] = field(default_factory=list)
    excluded: list[tuple[str, ...]] = field(default_factory=list)
    languages: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def highlight_forms(self) -> set[str]:
        """Every form (word or stem) of the wanted words, for highlighting."""
        forms: set[str] = set()
        for group in self.groups:
            for alternative in group:
                for word in alternative:
                    forms.update(stem_variants(word, self.languages))
        return forms

    def text(self) -> str:
        """The query rewritten from its parts, folded (``websearch_to_tsquery`` syntax)."""
        parts = [self.required_text()]
        parts.extend("-" + _spelled(alternative) for alternative in self.excluded)
        return " ".join(parts)

    def required_text(self) -> str:
        """The wanted words only, folded: what PostgreSQL parses in each language."""
        return " ".join(" OR ".join(_spelled(a) for a in group) for group in self.groups)

    def excluded_text(self) -> str:
        """The excluded words as alternatives ("a OR b"), folded."""
        return " OR ".join(_spelled(alternative) for alternative in self.excluded)


def _spelled(alternative: tuple[str, ...]) -> str:
    return alternative[0] if len(alternative) == 1 else '"' + " ".join(alternative) + '"'


def parse(text: str | None, reader_language: str | None = None) -> Query:
    """Parse a query typed by a person (never fails; at most :data:`MAX_TERMS` words)."""
    first = language_of(reader_language)
    languages = tuple(dict.fromkeys([first, *LANGUAGES]))
    query = Query(languages=tuple(lang for lang in languages if lang in LANGUAGES))
    pending_or = False
    count = 0
    for match in _TOKEN.finditer(clean(text)):
        phrase, minus, bare = match.groups()
        if bare == "OR" and not minus:
            pending_or = bool(query.groups)
            continue
        found = tuple(words(phrase if phrase is not None else bare))
        if not found or count >= MAX_TERMS:
            pending_or = False
            continue
        found = found[: MAX_TERMS - count]
        count += len(found)
        if minus:
            query.excluded.append(found)
        elif phrase is None and len(found) > 1:
            # "e-mail", "bici/coche": several words that must all be there.
            query.groups.extend([(word,)] for word in found)
        elif pending_or:
            query.groups[-1].append(found)
        else:
            query.groups.append([found])
        pending_or = False
    return query


def _fts_string(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _fts_alternative(alternative: tuple[str, ...], languages: tuple[str, ...]) -> str:
    if len(alternative) == 1:
        forms = stem_variants(alternative[0], languages)
        return "(" + " OR ".join(_fts_string(form) for form in forms) + ")"
    # A phrase: its words stemmed in each language, in order.
    phrases = dict.fromkeys(
        " ".join(stem_word(word, lang) for word in alternative) for lang in languages
    )
    phrases[" ".join(alternative)] = None
    return "(" + " OR ".join(_fts_string(p) for p in phrases) + ")"


def fts5_expression(query: Query) -> str:
    """An FTS5 MATCH expression for ``query``: only quoted strings, OR, AND, NOT and brackets."""
    required = [
        "(" + " OR ".join(_fts_alternative(a, query.languages) for a in group) + ")"
        for group in query.groups
    ]
    expression = " AND ".join(required)
    for alternative in query.excluded:
        expression = f"({expression}) NOT {_fts_alternative(alternative, query.languages)}"
    return expression


def document_stems(text: str | None, language: str) -> str:
    """What FTS5 indexes for ``text`` in ``language``: its stems, separated by spaces."""
    return " ".join(stems(text, language))


def snippet(text: str | None, query: Query, size: int = SNIPPET_WORDS) -> Markup:
    """About ``size`` words of ``text`` around the first match, escaped, matches in ``<mark>``."""
    pieces = re.split(r"(\s+)", (text or "").strip())
    tokens = pieces[::2]
    if not tokens or tokens == [""]:
        return Markup("")
    forms = query.highlight_forms()
    hits = [i for i, token in enumerate(tokens) if _matches(token, forms, query.languages)]
    start = max(0, (hits[0] if hits else 0) - size // 3)
    end = min(len(tokens), start + size)
    out: list[Markup] = [Markup("…")] if start else []
    for index in range(start, end):
        token = tokens[index]
        out.append(Markup("<mark>%s</mark>") % token if index in hits else escape(token))
    if end < len(tokens):
        out.append(Markup("…"))
    return Markup(" ").join(out)


def highlight(text: str | None, query: Query) -> Markup:
    """The whole of a short ``text`` (a title), escaped, with its matches in ``<mark>``."""
    return snippet(text, query, size=10_000)


def _matches(token: str, forms: set[str], languages: tuple[str, ...]) -> bool:
    for word in words(token):
        if word in forms or any(form in forms for form in stem_variants(word, languages)):
            return True
    return False
