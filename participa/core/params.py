"""Whole numbers from the URL, the query string and hand-parsed form values, bounded once.

Python's ``int()`` takes numbers of any length, the database does not: SQLite refuses integers of
2**63 or more and PostgreSQL's INTEGER columns stop at 2**31 - 1, so an unbounded number typed
into an address used to become a server error for everyone. ``<int:...>`` routes use
``BoundedIntConverter`` (404 past the bounds) and views read integers with ``int_arg`` or
``parse_int``; form fields use ``core.fields``. Moments typed into a query string are read with
``parse_moment``, for a like reason: every moment is turned to UTC before it reaches the
database, and a day at an end of the calendar with an offset falls outside it.
"""

from __future__ import annotations

import re
from datetime import MAXYEAR, UTC, date, datetime, time, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import overload

from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter, Map, ValidationError

from participa.core.errors import DomainError

# Every id and count column is an SQL INTEGER: nothing larger can name a row.
MAX_INT = 2**31 - 1
MIN_INT = -(2**31)
# The largest NUMERIC(18, 2) value, the type of every money column.
MAX_DECIMAL = Decimal("9999999999999999.99")
CENTS = Decimal("0.01")

# ASCII digits only (str.isdigit() accepts "²", which int() refuses), and few enough of them
# that int() is cheap; the bounds are checked after.
_INTEGER = re.compile(r"[+-]?[0-9]{1,20}")


def parse_int(raw: str | None, *, min: int = 0, max: int = MAX_INT) -> int | None:
    """The whole number written in ``raw`` if it lies from ``min`` to ``max``, else None."""
    text = (raw or "").strip()
    if not _INTEGER.fullmatch(text):
        return None
    value = int(text)
    return value if min <= value <= max else None


def parse_decimal(raw: str | None, *, max: Decimal = MAX_DECIMAL) -> Decimal | None:
    """The finite decimal number written in ``raw`` (comma or dot) within ±``max``, rounded to
    cents as the money columns keep it, else None.

    Rounded, because ``1E-99999`` is within the bounds yet no NUMERIC(18, 2) can be compared
    with it on PostgreSQL (a 500); it is 0.00.
    """
    text = (raw or "").strip().replace(",", ".")
    if not text or len(text) > 40:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) > max:
        return None
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)


# Dates and times are stored in UTC: far from today, a zone's offset carries them past the ends
# of the calendar (9999-12-31 23:00 in Buenos Aires is in the year 10000 in UTC), where dates can
# be neither shown nor stored. Forms and imports keep to these years.
YEARS = (1900, 2999)


def within_years(moment: date | datetime) -> bool:
    return YEARS[0] <= moment.year <= YEARS[1]


def years_message() -> str:
    return str(_("Enter a date between the years %(min)s and %(max)s.", min=YEARS[0], max=YEARS[1]))


def in_zone(moment: datetime, zone: tzinfo) -> datetime:
    """``moment`` in ``zone``; at the ends of the calendar, its first or last instant there.

    Imported data keeps what its publisher wrote (9999-12-31T23:59:59Z for "no end" is
    common), and in a zone behind UTC such a moment is in the year 10000: Python cannot hold
    it, and a page showing it failed.
    """
    try:
        return moment.astimezone(zone)
    except OverflowError:
        edge = datetime.max if moment.year > MAXYEAR // 2 else datetime.min
        return edge.replace(tzinfo=zone)


def parse_moment(raw: str | None, zone: tzinfo = UTC, *, end: bool = False) -> datetime | None:
    """The moment written in ``raw`` (ISO 8601 / RFC 3339) in UTC, or None if it is not one.

    A day alone (``YYYY-MM-DD``) is its first instant in ``zone``, or its last with ``end``; a
    time without an offset is ``zone``'s. A moment that leaves the calendar once in UTC
    (``9999-12-31T23:00:00-05:00``) is its last (or first) instant: no row lies beyond it, and
    converting it would fail before the database is asked.
    """
    text = (raw or "").strip()
    if not text or len(text) > 64:
        return None
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), time.max if end else time.min)
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return in_zone(moment if moment.tzinfo else moment.replace(tzinfo=zone), UTC)


def unknown_filter() -> DomainError:
    """The 400 error for a filter in the address that the page does not offer."""
    message = _("A filter in the address is not one this page offers. Choose one on the page "
                "and try again.")  # fmt: skip
    return DomainError(message, status=400)


def invalid_number() -> DomainError:
    """The 400 error for a number in the address or the form that cannot be used."""
    return DomainError(
        _("A number in the address or in the form is not valid or is too large. "
          "Check the link and try again."),
        status=400,
    )  # fmt: skip


@overload
def int_arg(
    name: str, default: int, *, min: int = 0, max: int = MAX_INT, lenient: bool = False
) -> int: ...
@overload
def int_arg(
    name: str, default: None = None, *, min: int = 0, max: int = MAX_INT, lenient: bool = False
) -> int | None: ...
def int_arg(
    name: str,
    default: int | None = None,
    *,
    min: int = 0,
    max: int = MAX_INT,
    lenient: bool = False,
) -> int | None:
    """Read the integer query parameter ``name``.

    Absent or empty, it is ``default``. Anything else that is not a whole number from ``min`` to
    ``max`` answers 400 with a translated message, or gives ``default`` when ``lenient`` (filters
    that a visitor may edit by hand and that are simply ignored when they make no sense).
    """
    raw = request.args.get(name)
    if raw is None or not raw.strip():
        return default
    value = parse_int(raw, min=min, max=max)
    if value is None:
        if lenient:
            return default
        raise invalid_number()
    return value


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` matching only numbers an INTEGER column can hold, so larger ones are 404s.

    Bounds given in the rule (``<int(min=1, max=9999):year>``) are kept, within those limits.
    """

    regex = r"[0-9]+"  # werkzeug's \d+ also takes other scripts' digits: one address per id

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = None,
        signed: bool = False,
    ) -> None:
        super().__init__(
            map,
            fixed_digits=fixed_digits,
            min=_clamp(MIN_INT if min is None else min),
            max=_clamp(MAX_INT if max is None else max),
            signed=signed,
        )

    def to_python(self, value: str) -> int:
        # Refused before int(): no id is that long, and converting long strings is slow.
        if len(value.lstrip("+-0")) > len(str(MAX_INT)):
            raise ValidationError()
        return int(super().to_python(value))


def _clamp(value: int) -> int:
    return MIN_INT if value < MIN_INT else MAX_INT if value > MAX_INT else value


def init_app(app: Flask) -> None:
    """Make ``<int:...>`` in every route bounded; call before blueprints are registered."""
    app.url_map.converters["int"] = BoundedIntConverter
