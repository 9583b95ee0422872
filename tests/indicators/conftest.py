"""Indicator tests read English pages and start with the bundled framework loaded."""

from __future__ import annotations

import pytest

from tests.english import _english  # noqa: F401 - an autouse fixture


@pytest.fixture(autouse=True)
def _no_fetching(app):
    """Saving answers fetches evidence addresses; tests of the archive turn it back on."""
    app.config["INDICATOR_ARCHIVE_ON_SAVE"] = False
