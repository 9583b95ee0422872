"""Split a Markdown or plain-text draft into titles, chapters and articles with stable keys.

Recognised, in Markdown or plain lines (Spanish legal style, any case):
``# TÍTULO I``/``Título I`` → title, ``## Capítulo II`` → chapter, ``### Artículo 5.- Objeto`` or a
line starting ``Artículo 5°.-``/``ARTÍCULO 5.-``/``Art. 5:`` → article. Other ``#`` levels follow
the same order (1 title, 2 chapter, 3+ article). A text without any article becomes one article
per paragraph. An article keeps its key (``art-5``, ``art-5-bis``) across versions while its
number stays the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

MAX_SOURCE = 500_000
KEY_MAX = 60  # the length of a section's key column (models.Section.key)

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*\Z")
_NUMBER = r"(\d+(?:\s*(?:bis|ter|quater|quinquies)\b)?|[IVXLCDM]+\b|[úu]nico\b)"
# In a heading the separator after the number is optional; on a plain line it is required, so
# that a sentence starting "Artículo 3 de la ley..." is not taken for a new article.
_DASHES = ".:\\-\u2013\u2014)"  # full stop, colon, hyphen, en and em dashes, parenthesis
_SEP = rf"\s*[°º]?\s*(?:[{_DASHES}]+\s*)*"
_PLAIN_SEP = rf"\s*(?:[°º]\s*[{_DASHES}]*|[{_DASHES}]+)\s*"
_WORDS = {
    "title": r"^\s*t[íi]tulo\s+",
    "chapter": r"^\s*cap[íi]tulo\s+",
    "article": r"^\s*(?:\*\*)?\s*(?:art[íi]culo|art\.)\s+",
}
_IN_HEADING = {k: re.compile(w + _NUMBER + _SEP + r"(.*)\Z", re.I) for k, w in _WORDS.items()}
_ON_LINE = {
    k: re.compile(w + _NUMBER + (_PLAIN_SEP if k == "article" else _SEP) + r"(.*)\Z", re.I)
    for k, w in _WORDS.items()
}
_SHORT_LINE = 120  # a plain "TÍTULO II - ..." line is a heading only when it is short
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_KIND_BY_LEVEL = {1: "title", 2: "chapter"}
_PREFIX = {"title": "tit", "chapter": "cap", "article": "art"}


@dataclass
class ParsedSection:
    kind: str
    key: str
    number: str
    heading: str
    body: str = ""
    parent_key: str | None = None
    lines: list[str] = field(default_factory=list, repr=False)


@dataclass
class ParseResult:
    preamble: str
    sections: list[ParsedSection]
    warnings: list[str]

    @property
    def articles(self) -> list[ParsedSection]:
        return [s for s in self.sections if s.kind == "article"]


def roman_to_int(text: str) -> int | None:
    """Read a Roman numeral (``XIV`` → 14); None when it is not one."""
    text = text.upper()
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    total = 0
    for index, ch in enumerate(text):
        value = _ROMAN[ch]
        following = _ROMAN[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def _clean_number(raw: str) -> str:
    return re.sub(r"\s+", " ", raw).strip()


def _slug(number: str) -> str:
    plain = unicodedata.normalize("NFKD", number).encode("ascii", "ignore").decode().lower()
    if (value := roman_to_int(plain.upper())) is not None and not plain.isdigit():
        return str(value)
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "x"


def _match_heading(text: str, level: int | None) -> tuple[str, str, str] | None:
    """(kind, number, rest) for a heading or a plain line that opens a section."""
    patterns = _IN_HEADING if level is not None else _ON_LINE
    for kind, pattern in patterns.items():
        if kind != "article" and level is None and len(text) > _SHORT_LINE:
            continue
        if match := pattern.match(text):
            return kind, _clean_number(match.group(1)), match.group(2).strip()
    if level is not None:
        return _KIND_BY_LEVEL.get(level, "article"), "", text.strip()
    return None


def parse_draft(source: str) -> ParseResult:
    """Split ``source`` into sections; warnings explain what staff should check."""
    text = (source or "").replace("\r\n", "\n").replace("\r", "\n")
    sections: list[ParsedSection] = []
    preamble: list[str] = []
    warnings: list[str] = []
    current: ParsedSection | None = None
    parents: dict[str, ParsedSection | None] = {"title": None, "chapter": None}
    counters = {"title": 0, "chapter": 0, "article": 0}
    in_fence = False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        found: tuple[str, str, str, bool] | None = None
        if not in_fence:
            heading = _HEADING.match(line)
            if heading:
                matched = _match_heading(heading.group(2), len(heading.group(1)))
                found = (*matched, True) if matched else None
            elif (plain := _match_heading(line, None)) is not None:
                # A plain "Artículo 5°.- Text" line starts the article's body, not its heading.
                found = (*plain, plain[0] != "article")
        if found is None:
            (current.lines if current else preamble).append(line)
            continue
        kind, number, rest, rest_is_heading = found
        counters[kind] += 1
        if kind == "title":
            parents = {"title": None, "chapter": None}
        current = ParsedSection(
            kind=kind,
            key="",
            number=number or str(counters[kind]),
            heading=rest if rest_is_heading else "",
            parent_key=_parent_key(kind, parents),
        )
        if not rest_is_heading and rest:
            current.lines.append(rest)
        if kind == "title":
            parents["title"] = current
        elif kind == "chapter":
            parents["chapter"] = current
        sections.append(current)
    for section in sections:
        section.body = _join(section.lines)
    if not any(s.kind == "article" for s in sections):
        sections, preamble_text = _paragraphs_as_articles(sections, _join(preamble))
        if sections:
            warnings.append("no-articles")
    else:
        preamble_text = _join(preamble)
    _assign_keys(sections)
    if preamble_text:
        warnings.append("preamble")
    if any(s.kind == "article" and not s.body for s in sections):
        warnings.append("empty-article")
    return ParseResult(preamble=preamble_text, sections=sections, warnings=warnings)


def _parent_key(kind: str, parents: dict[str, ParsedSection | None]) -> str | None:
    # Keys are assigned later; keep the object identity through a marker resolved there.
    if kind == "chapter" and parents["title"] is not None:
        return f"@{id(parents['title'])}"
    if kind == "article":
        parent = parents["chapter"] or parents["title"]
        return f"@{id(parent)}" if parent is not None else None
    return None


def _assign_keys(sections: list[ParsedSection]) -> None:
    by_marker: dict[str, str] = {}
    used: set[str] = set()
    for section in sections:
        base = f"{_PREFIX[section.kind]}-{_slug(section.number)}"
        if section.kind == "chapter" and section.parent_key:
            base = f"{by_marker[section.parent_key]}-{base}"
        # Numbers are as long as the text makes them: the key is cut to fit, its suffix kept.
        key, suffix = base[:KEY_MAX], 2
        while key in used:
            tail = f"-{suffix}"
            key, suffix = base[: KEY_MAX - len(tail)] + tail, suffix + 1
        used.add(key)
        by_marker[f"@{id(section)}"] = key
        section.key = key
    for section in sections:
        if section.parent_key:
            section.parent_key = by_marker[section.parent_key]


def _paragraphs_as_articles(
    sections: list[ParsedSection], preamble: str
) -> tuple[list[ParsedSection], str]:
    """A text without article headings: every paragraph becomes an article (as Decidim does)."""
    result: list[ParsedSection] = []
    number = 0
    containers: list[tuple[ParsedSection | None, str]] = [(None, preamble)]
    containers += [(s, s.body) for s in sections]
    for container, body in containers:
        if container is not None:
            container.body = ""
            result.append(container)
        for paragraph in re.split(r"\n\s*\n", body):
            if paragraph.strip():
                number += 1
                result.append(
                    ParsedSection(
                        kind="article",
                        key="",
                        number=str(number),
                        heading="",
                        body=paragraph.strip(),
                        parent_key=f"@{id(container)}" if container is not None else None,
                    )
                )
    return result, ""


def _join(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n").strip()


class SectionText(Protocol):
    """A section's text: a parsed or stored one, or a rewrite (what diffs compare)."""

    @property
    def number(self) -> str: ...
    @property
    def heading(self) -> str: ...
    @property
    def body(self) -> str: ...


class WrittenSection(SectionText, Protocol):
    """What :func:`to_markdown` reads of a section."""

    @property
    def kind(self) -> str: ...


def to_markdown(preamble: str, sections: Sequence[WrittenSection]) -> str:
    """Write sections back as Markdown that :func:`parse_draft` reads to the same keys."""
    parts = [preamble.strip()] if preamble and preamble.strip() else []
    for section in sections:
        heading = section.heading.strip()
        if section.kind == "title":
            line = f"# Título {section.number}" + (f" - {heading}" if heading else "")
        elif section.kind == "chapter":
            line = f"## Capítulo {section.number}" + (f" - {heading}" if heading else "")
        else:
            line = f"### Artículo {section.number}" + (f".- {heading}" if heading else "")
        parts.append(line)
        if section.body.strip():
            parts.append(section.body.strip())
    return "\n\n".join(parts) + "\n"
