"""Moments typed into a query string (``core.params.parse_moment``): in UTC, never a 500.

Every moment is turned to UTC before it reaches the database; a day at an end of the calendar
with an offset falls outside it, and converting it failed as a server error.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from participa.core.params import parse_moment

LAST = datetime.max.replace(tzinfo=UTC)
FIRST = datetime.min.replace(tzinfo=UTC)
BUENOS_AIRES = ZoneInfo("America/Argentina/Buenos_Aires")


@pytest.mark.parametrize(
    "raw,expected",
    [("2026-03-01T10:00:00Z", datetime(2026, 3, 1, 10, tzinfo=UTC)),
     ("2026-03-01T10:00:00+02:00", datetime(2026, 3, 1, 8, tzinfo=UTC)),
     ("2026-03-01T10:00:00", datetime(2026, 3, 1, 10, tzinfo=UTC)),
     ("2026-03-01", datetime(2026, 3, 1, tzinfo=UTC)),
     ("9999-12-31T23:00:00-05:00", LAST), ("0001-01-01T00:00:00+05:00", FIRST),
     ("yesterday", None), ("2026-13-45", None), ("", None), (None, None), ("1" * 100, None)],
)  # fmt: skip
def test_parse_moment(raw, expected):
    assert parse_moment(raw) == expected


def test_a_day_is_the_zones_and_ends_at_its_last_instant():
    start = parse_moment("2026-03-01", BUENOS_AIRES)
    end = parse_moment("2026-03-01", BUENOS_AIRES, end=True)
    assert start == datetime(2026, 3, 1, 3, tzinfo=UTC)
    assert end is not None and end - datetime(2026, 3, 2, 3, tzinfo=UTC) < timedelta(0)
    assert parse_moment("9999-12-31", BUENOS_AIRES, end=True) == LAST
    assert parse_moment("0001-01-01", timezone(timedelta(hours=5))) == FIRST
