"""Pages and messages in English, whatever the municipality's language, for tests that read the
source strings: a conftest or a test module imports ``_english`` to turn it on for its tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english(app, monkeypatch):
    monkeypatch.setattr(app.extensions["babel"], "locale_selector", lambda: "en")
