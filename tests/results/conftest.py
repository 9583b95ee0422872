"""Results tests read English pages."""

from __future__ import annotations

from tests.english import _english  # noqa: F401 - an autouse fixture
