"""Learning tests read English pages; some start with the indicator framework loaded."""

from __future__ import annotations

from tests.english import _english  # noqa: F401 - an autouse fixture
