"""Fixtures of the challenges tests: pages in English."""

from __future__ import annotations

from tests.english import _english  # noqa: F401 - an autouse fixture
