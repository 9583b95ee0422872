"""Indicator tests read English pages and start with the bundled framework loaded."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english(app, monkeypatch):
    monkeypatch.setattr(app.extensions["babel"], "locale_selector", lambda: "en")


@pytest.fixture(autouse=True)
def _no_fetching(app):
    """Saving answers fetches evidence addresses; tests of the archive turn it back on."""
    app.config["INDICATOR_ARCHIVE_ON_SAVE"] = False
