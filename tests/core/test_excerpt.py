"""Plain-text excerpts of Markdown: rendered, stripped to words, entities decoded, cut at a word."""

from __future__ import annotations

from flask import render_template_string

from participa.core.text import excerpt, markdown_text, plain_text


def test_markdown_text_is_what_a_reader_sees():
    text = "## Title\n\n**Bold** & _em_ [link](https://example.org) `code`\n\n1. one\n2. two"
    assert markdown_text(text) == "Title Bold & em link code one two"
    assert markdown_text("<script>alert(1)</script> a < b") == "alert(1) a < b"
    assert markdown_text(None) == "" and markdown_text("") == ""


def test_plain_text_decodes_entities_once():
    assert plain_text("Fish & chips <b>now</b>") == "Fish & chips now"


def test_excerpt_cuts_at_a_word_with_an_ellipsis():
    text = "**Plant** trees along the avenue, and [more](https://example.org) shade everywhere"
    assert excerpt(text, 200) == "Plant trees along the avenue, and more shade everywhere"
    assert excerpt(text, 30) == "Plant trees along the avenue…"
    assert len(excerpt("x" * 500, 40)) == 40


def test_excerpt_filter_in_templates_escapes_the_plain_text(app):
    with app.test_request_context():
        html = render_template_string("{{ body|excerpt(60) }}", body="**a** <b>&</b> c")
    assert html == "a &amp; c"


def test_comment_excerpts_used_in_notifications_are_plain_text():
    from participa.comments.services import excerpt as comment_excerpt

    assert comment_excerpt("Tom & **Jerry** [here](https://x.org)") == "Tom & Jerry here"
