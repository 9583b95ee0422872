"""Pages and messages in English here, whatever the municipality's language."""

from __future__ import annotations

from tests.english import _english  # noqa: F401 - an autouse fixture
