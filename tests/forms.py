"""The installed features' forms, for tests that check every form of the platform."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType

from participa.config import Config


def forms_modules() -> Iterator[ModuleType]:
    """Each installed feature's ``forms`` module, for the features that have one."""
    for feature in Config.FEATURES:
        try:
            module = importlib.import_module(f"participa.{feature}.forms")
        except ModuleNotFoundError:
            continue
        yield module
