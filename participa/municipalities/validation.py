"""A municipality's own value rules (accent colour, OCID prefix), shared by its forms (to show
field errors) and its services (to enforce them); the general ones are in ``core.values``."""

from __future__ import annotations

import re

COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}\Z")
OCID_PREFIX_RE = re.compile(r"^ocds-[a-z0-9]{6}\Z")
# Buttons draw white text on the accent colour: WCAG AA for normal text.
MIN_CONTRAST_WITH_WHITE = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def contrast_with_white(color: str) -> float:
    """The WCAG 2 contrast ratio between ``#rrggbb`` and white."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)
    return 1.05 / (luminance + 0.05)


def is_valid_accent(color: str | None) -> bool:
    if not color:
        return False
    return bool(COLOR_RE.match(color)) and (contrast_with_white(color) >= MIN_CONTRAST_WITH_WHITE)
