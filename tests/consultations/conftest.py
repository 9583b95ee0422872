"""Pages and messages in English here, whatever the municipality's language: the tests read
the source strings."""

from __future__ import annotations

from tests.english import _english  # noqa: F401 - an autouse fixture
