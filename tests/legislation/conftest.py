from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _request_context(municipality_request):
    """Services build URLs and read ``g.municipality`` as they do inside a request."""
