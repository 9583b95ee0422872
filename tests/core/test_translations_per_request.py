"""Templates find the catalog once per request, and still follow force_locale() and refresh()."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale, refresh

PAGE = "{{ _('Log in') }}"


def test_the_catalog_follows_a_forced_locale_within_a_request(app, monkeypatch):
    monkeypatch.setattr(app.extensions["babel"], "locale_selector", lambda: "es")
    with app.test_request_context("/"):
        spanish = render_template_string(PAGE)
        with force_locale("en"):
            english = render_template_string(PAGE)
        assert render_template_string(PAGE) == spanish
        monkeypatch.setattr(app.extensions["babel"], "locale_selector", lambda: "en")
        refresh()
        assert render_template_string(PAGE) == english
    assert english == "Log in" and spanish != english
