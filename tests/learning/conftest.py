"""Learning tests read English pages; some start with the indicator framework loaded."""

from __future__ import annotations

import pytest

from participa.extensions import db
from participa.indicators.framework import load_framework, read_framework_file


@pytest.fixture(autouse=True)
def _english(app, monkeypatch):
    monkeypatch.setattr(app.extensions["babel"], "locale_selector", lambda: "en")


@pytest.fixture
def framework():
    version = load_framework(read_framework_file(), make_current=True)
    db.session.commit()
    return version
