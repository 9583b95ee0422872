"""Learning tests read English pages; some start with the indicator framework loaded."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english(app, monkeypatch):
    monkeypatch.setattr(app.extensions["babel"], "locale_selector", lambda: "en")
