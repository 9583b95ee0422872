"""The shared Markdown helper neutralises classic XSS payloads."""

import pytest

from participa.core import text
from participa.core.text import plain_text, render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<svg onload="alert(1)"></svg>',
    '<iframe src="https://evil.example"></iframe>',
    "<div style=\"background:url('javascript:alert(1)')\">x</div>",
    '"><script>alert(1)</script>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="vbscript:msgbox(1)">x</a>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<form action="https://evil.example"><button>go</button></form>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_neutralised(payload):
    html = str(render_markdown(payload)).lower()
    for needle in (
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "<iframe",
        "<svg",
        "style=",
        "data:text",
        "vbscript:",
        "<form",
        "<img",
    ):
        assert needle not in html, (payload, html)


def test_markdown_features_survive():
    html = str(render_markdown("**bold** and [link](https://example.org)\n\n- one\n- two"))
    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.org" rel="nofollow ugc noopener">link</a>' in html
    assert "<li>one</li>" in html


def test_bare_urls_are_linked_with_rel():
    html = str(render_markdown("see https://example.org/page"))
    assert 'rel="nofollow ugc noopener"' in html


def test_empty_and_plain_text():
    assert render_markdown(None) == ""
    assert plain_text("<b>hi</b> <script>x</script>") == "hi x"


def test_tables_and_code_blocks_are_focusable_but_users_cannot_set_tabindex():
    html = str(
        render_markdown(
            "| a |\n|---|\n| 1 |\n\n    code\n\n"
            '<p tabindex="3">x</p><table tabindex="-1"><tr><td>y</td></tr></table>'
        )
    )
    assert html.count('<table tabindex="0">') == 2
    assert '<pre tabindex="0">' in html
    assert 'tabindex="3"' not in html and 'tabindex="-1"' not in html


def test_lists_nested_hundreds_deep_are_shown_as_typed():
    # 1,200 characters exhausted Python-Markdown's stack: a 500 on every page showing them.
    deep = "- " * 600 + "fin"
    shown = str(render_markdown(deep + "\n\n<script>x</script>"))
    assert shown.startswith("<p>- - - ") and "fin</p>" in shown
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert str(render_markdown("- uno\n    - dos")).count("<ul>") == 2  # shallow lists still


def test_a_flood_of_brackets_is_shown_as_typed_and_other_paragraphs_keep_their_links():
    # Each "[" made Python-Markdown look ahead to the end: 10,000 characters took 11 seconds.
    flood = "![" * 5000
    link = "[acta](https://example.org/acta)"
    shown = str(render_markdown(f"{flood}\n\n{link}"))
    assert f"<p>{flood}</p>" in shown
    # Shown as typed because its brackets are escaped before Markdown reads them.
    escaped = flood.replace("[", "\\[")
    assert text._defused(f"{flood}\n\n{link}") == f"{escaped}\n\n{link}"
    assert '<a href="https://example.org/acta"' in shown
    many = " ".join([link] * 100)  # at the limit, a paragraph keeps its links
    assert str(render_markdown(many)).count("<a href=") == 100
