"""Value rules any feature's forms (to show field errors) and services (to enforce them) share:
addresses (slugs), country codes, time zones and web addresses."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from babel import Locale

# The address segment of a municipality (/m/<slug>/) or of any other public page.
SLUG_RE = re.compile(r"^[a-z0-9-]{2,60}\Z")
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
    """The IANA time zone names this system knows."""
    return frozenset(available_timezones())


def is_web_url(value: str | None) -> bool:
    """Only http and https addresses with a host."""
    if not value:
        return False
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value.strip()
