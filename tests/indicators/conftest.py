"""Indicator tests read English pages and start with the bundled framework loaded."""

from __future__ import annotations

import pytest

from participa.extensions import db
from participa.indicators.framework import load_framework, read_framework_file


@pytest.fixture(autouse=True)
def _english(app, monkeypatch):
    monkeypatch.setattr(app.extensions["babel"], "locale_selector", lambda: "en")


@pytest.fixture(autouse=True)
def _no_fetching(app):
    """Saving answers fetches evidence addresses; tests of the archive turn it back on."""
    app.config["INDICATOR_ARCHIVE_ON_SAVE"] = False


@pytest.fixture
def framework():
    version = load_framework(read_framework_file(), make_current=True)
    db.session.commit()
    return version
