"""The shared Markdown helper neutralises classic XSS payloads."""

import pytest

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
