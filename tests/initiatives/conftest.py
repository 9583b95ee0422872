"""Pages and messages in English here: the tests read the source strings."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _english(app, monkeypatch):
    monkeypatch.setattr(app.extensions["babel"], "locale_selector", lambda: "en")
