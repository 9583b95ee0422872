"""Value rules shared by the forms (to show field errors) and the services (to enforce them)."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from babel import Locale

SLUG_RE = re.compile(r"^[a-z0-9-]{2,60}$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
OCID_PREFIX_RE = re.compile(r"^ocds-[a-z0-9]{6}$")
# Buttons draw white text on the accent colour: WCAG AA for normal text.
MIN_CONTRAST_WITH_WHITE = 4.5
# Babel's territories include codes that are not ISO 3166-1 countries (reserved or user-assigned).
NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, as known to Babel's CLDR data."""
    return frozenset(
        code
        for code in Locale("en").territories
        if isinstance(code, str) and len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    )


@cache
def timezones() -> frozenset[str]:
    return frozenset(available_timezones())


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


def is_web_url(value: str | None) -> bool:
    """Only http and https addresses with a host."""
    if not value:
        return False
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value.strip()
