"""Passages of an article: its plain text, its sentences, re-anchoring and <mark> highlights.

Offsets index the *plain text* of the rendered article (the text nodes of the sanitised HTML,
entities decoded), the same text a reader selects with the mouse, so the keyboard path (a list of
sentences) and the mouse path (a selection) store comparable ranges.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from participa.core.text import render_markdown

if TYPE_CHECKING:
    from participa.legislation.models import Passage

QUOTE_MAX = 1000
_ABBREVIATIONS = ("art.", "arts.", "inc.", "núm.", "nro.", "sr.", "sra.", "dr.", "dra.", "ej.")
_SENTENCE = re.compile(r"\S.*?(?:[.!?…;](?=\s|$)|(?=\n)|$)", re.S)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


class _Walker(HTMLParser):
    """Re-serialise sanitised HTML, wrapping plain-text ranges in <mark>."""

    def __init__(self, ranges: list[tuple[int, int, int]]) -> None:
        super().__init__(convert_charrefs=True)
        self.ranges = sorted(ranges)
        self.out: list[str] = []
        self.text: list[str] = []
        self.cursor = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")  # never None while a tag is handled

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        start, end = self.cursor, self.cursor + len(data)
        self.text.append(data)
        self.cursor = end
        cuts: list[tuple[int, int, int]] = []
        for r_start, r_end, passage_id in self.ranges:
            lo, hi = max(r_start, start), min(r_end, end)
            if lo < hi:
                cuts.append((lo - start, hi - start, passage_id))
        position = 0
        for lo, hi, passage_id in sorted(cuts):
            if lo < position:  # overlapping passages: the first one keeps the shared words
                lo = position
                if lo >= hi:
                    continue
            self.out.append(str(escape(data[position:lo])))
            self.out.append(
                f'<mark class="passage" data-passage="{passage_id}">{escape(data[lo:hi])}</mark>'
            )
            position = hi
        self.out.append(str(escape(data[position:])))


def _walk(html: str, ranges: list[tuple[int, int, int]]) -> _Walker:
    walker = _Walker(ranges)
    walker.feed(html)
    walker.close()
    return walker


def article_text(body: str) -> str:
    """The plain text a reader sees for an article's Markdown body."""
    return "".join(_walk(str(render_markdown(body)), []).text)


def sentences(body: str) -> list[Sentence]:
    """Split an article's plain text into sentences, with their offsets."""
    text = article_text(body)
    found: list[Sentence] = []
    for match in _SENTENCE.finditer(text):
        start, end = match.start(), match.end()
        chunk = text[start:end].rstrip()
        if not chunk:
            continue
        end = start + len(chunk)
        previous = found[-1] if found else None
        if previous and previous.text.lower().endswith(_ABBREVIATIONS):
            found[-1] = Sentence(previous.start, end, text[previous.start : end])
            continue
        found.append(Sentence(start, end, chunk))
    return found


def anchor(text: str, start: int, end: int, quote: str) -> tuple[int, int] | None:
    """Find a passage again: the quote at its offsets, the nearest copy of it, or the offsets."""
    if quote and text[start:end] == quote:
        return start, end
    if quote:
        positions = [m.start() for m in re.finditer(re.escape(quote), text)]
        if positions:
            best = min(positions, key=lambda p: abs(p - start))
            return best, best + len(quote)
        return None
    if 0 <= start < end <= len(text):
        return start, end
    return None


def highlight(body: str, passages: Iterable[Passage]) -> tuple[Markup, list[int]]:
    """Render ``body`` with each passage wrapped in <mark>; also return the passages not found."""
    html = str(render_markdown(body))
    text = article_text(body)
    ranges: list[tuple[int, int, int]] = []
    lost: list[int] = []
    for passage in passages:
        found = anchor(text, passage.start_offset, passage.end_offset, passage.quote)
        if found is None:
            lost.append(passage.id)
        else:
            ranges.append((found[0], found[1], passage.id))
    if not ranges:
        return Markup(html), lost  # noqa: S704 - sanitised by render_markdown
    return Markup("".join(_walk(html, ranges).out)), lost  # noqa: S704 - text nodes re-escaped
