from __future__ import annotations

import pytest
from flask import g


@pytest.fixture(autouse=True)
def _request_context(app, municipality):
    """Services build URLs and read ``g.municipality`` as they do inside a request."""
    with app.test_request_context("/"):
        g.municipality = municipality
        yield
