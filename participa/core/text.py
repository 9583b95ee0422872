"""The one helper that turns user Markdown into safe HTML."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, MutableMapping
from functools import lru_cache, partial
from typing import Any

import bleach
import markdown as md
from bleach.html5lib_shim import Filter  # type: ignore[attr-defined]  # not in bleach's stubs
from bleach.linkifier import LinkifyFilter
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "blockquote",
        "br",
        "code",
        "em",
        "h2",
        "h3",
        "h4",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "ul",
        "del",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "abbr": ["title"],
    "th": ["align"],
    "td": ["align"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _set_rel(
    attrs: MutableMapping[tuple[str | None, str], str], new: bool = False
) -> MutableMapping[tuple[str | None, str], str]:
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = LINK_REL
    return attrs


class _FocusableScrollers(Filter):  # type: ignore[misc]
    """Make tables and code blocks keyboard-focusable: on narrow screens they scroll sideways
    inside their own box (see ``.prose`` in the stylesheet), and a box that scrolls must be
    reachable without a mouse (WCAG 2.1.1). Runs after the sanitiser, so users cannot set it."""

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for token in Filter.__iter__(self):
            if token["type"] == "StartTag" and token["name"] in {"table", "pre"}:
                token["data"] = {**token["data"], (None, "tabindex"): "0"}
            yield token


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    filters=[
        partial(LinkifyFilter, callbacks=[_set_rel], skip_tags={"pre", "code"}),
        _FocusableScrollers,
    ],
)


def render_markdown(text: str | None) -> Markup:
    """Render Markdown written by a user and sanitise it with the allow-list."""
    if not text:
        return Markup("")
    return Markup(_render(text))  # noqa: S704 - cleaned by bleach in _render


# Rendering and sanitising is pure and costs about a millisecond per paragraph; pages such as a
# 200-article draft show the same texts on every request, so keep the recent results.
@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    try:
        rendered = md.markdown(_defused(text), extensions=["extra", "sane_lists"],
                               output_format="html")  # fmt: skip
    except RecursionError:
        # Lists nested hundreds deep ("- - - - …", 1,200 characters) exhaust Python-Markdown's
        # stack: such a text is shown as typed, in plain paragraphs, rather than a 500 on
        # every page that shows it.
        rendered = "".join(
            f"<p>{html.escape(paragraph.strip())}</p>"
            for paragraph in text.split("\n\n")
            if paragraph.strip()
        )
    return _cleaner.clean(rendered)


# Python-Markdown reads a link by looking ahead from each "[" to its end: a paragraph of
# thousands of unclosed brackets ("![![![…" in 10,000 characters) took 11 seconds of a server.
# Past this many in a paragraph, its brackets are shown as typed (no links there).
_BRACKETS_MAX = 100
_BRACKET = re.compile(r"(?<!\\)([\[\]])")


def _defused(text: str) -> str:
    if text.count("[") <= _BRACKETS_MAX:
        return text
    return "\n\n".join(
        _BRACKET.sub(r"\\\1", paragraph) if paragraph.count("[") > _BRACKETS_MAX else paragraph
        for paragraph in text.split("\n\n")
    )


def plain_text(text: str | None) -> str:
    """Strip every tag and decode entities: for e-mail subjects and titles (not Markdown)."""
    return html.unescape(bleach.clean(text or "", tags=set(), strip=True))


def markdown_text(text: str | None) -> str:
    """The words a reader sees once Markdown ``text`` is rendered, on one line, without markup.

    Plain ``str`` (escape it when showing it): for excerpts, labels and notification summaries.
    """
    if not text:
        return ""
    return " ".join(plain_text(_render(text)).split())


def excerpt(text: str | None, size: int = 160) -> str:
    """A plain-text excerpt of Markdown ``text`` of at most ``size`` characters, cut at a word."""
    flat = markdown_text(text)
    if len(flat) <= size:
        return flat
    cut = flat[: size - 1]
    space = cut.rfind(" ")
    if flat[size - 1] != " " and space > size // 2:  # the cut falls inside a word
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"
