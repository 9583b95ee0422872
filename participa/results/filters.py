"""The dashboard's filters, read from the query string: the period (last 12 months, this year,
all time, or from one month to another), the kind of member and one member.

Nothing here raises: every problem becomes a translated message on its field and a status, 400
for a value no form offers (a hand-edited address), 422 for a month typed wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from participa.core.params import parse_int
from participa.core.results import Period, add_months, month_start
from participa.municipalities.kinds import kind_choices
from participa.municipalities.models import MemberKind, Municipality

LAST_12 = "12m"
THIS_YEAR = "year"
ALL_TIME = "all"
BETWEEN = "custom"
PERIODS = (LAST_12, THIS_YEAR, ALL_TIME, BETWEEN)

_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def period_labels() -> dict[str, str]:
    return {
        LAST_12: _("The last 12 months"),
        THIS_YEAR: _("This year"),
        ALL_TIME: _("All time"),
        BETWEEN: _("From and to the months below"),
    }


def kind_labels() -> dict[str, str]:
    return dict(kind_choices())


# The earliest year a period may start in: what the network counts is recent, and a bounded
# period keeps the charts and tables (one row per month) a readable size.
FIRST_YEAR = 1990


def parse_month(text: str) -> date | None:
    """The first day of the month written ``YYYY-MM`` (years 1 to 9999), else None."""
    found = _MONTH.fullmatch(text.strip())
    if found is None:
        return None
    year, month = int(found.group(1)), int(found.group(2))
    if not (year >= 1 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


@dataclass
class Filters:
    """What the visitor asked for, as typed, with the problems found in it."""

    period: str = LAST_12
    start: str = ""
    end: str = ""
    kind: str = ""
    member: str = ""
    member_id: int | None = None
    first: date | None = None
    last: date | None = None
    today: date | None = None  # the day the period is counted back from
    errors: dict[str, str] = field(default_factory=dict)
    status: int = 200

    @property
    def valid(self) -> bool:
        return not self.errors

    def refuse(self, name: str, message: str, status: int) -> None:
        self.errors[name] = message
        # A hand-edited value (400) outranks a month typed wrong (422).
        self.status = 400 if 400 in (status, self.status) else status

    def covered(self) -> Period:
        return Period(self.first, self.last)

    def query(self) -> dict[str, str]:
        """The filters as query-string values, for links that keep them (downloads)."""
        values = {"period": self.period, "start": self.start, "end": self.end,
                  "kind": self.kind, "member": self.member}  # fmt: skip
        if self.period != BETWEEN:
            values["start"] = values["end"] = ""
        return {name: value for name, value in values.items() if value}


def read(
    args: Mapping[str, str], members: Sequence[Municipality], today: date, *, member: bool = True
) -> Filters:
    """The filters in ``args``; ``members`` are the live members the member filter offers
    (``member=False`` on a member's own page, which reads no kind or member)."""
    filters = Filters(
        period=(args.get("period") or "").strip()[:10],
        start=(args.get("start") or "").strip()[:10],
        end=(args.get("end") or "").strip()[:10],
        kind=(args.get("kind") or "").strip()[:20] if member else "",
        member=(args.get("member") or "").strip()[:12] if member else "",
        today=today,
    )
    # Typed months choose the period themselves: a form without JavaScript sends the menu too.
    if filters.start or filters.end:
        filters.period = BETWEEN
    elif not filters.period:
        filters.period = LAST_12
    this_month = month_start(today)
    if filters.period == LAST_12:
        filters.first, filters.last = add_months(this_month, -11), this_month
    elif filters.period == THIS_YEAR:
        filters.first, filters.last = date(today.year, 1, 1), this_month
    elif filters.period == BETWEEN:
        _read_months(filters, today)
    elif filters.period != ALL_TIME:
        filters.refuse("period", _("Choose one of the periods offered."), 400)
    if filters.kind and filters.kind not in set(MemberKind):
        filters.refuse("kind", _("Choose one of the kinds of member offered."), 400)
    if filters.member:
        number = parse_int(filters.member, min=1)
        if number is None or number not in {m.id for m in members}:
            filters.refuse("member", _("Choose one of the members offered."), 400)
        else:
            filters.member_id = number
    return filters


def _read_months(filters: Filters, today: date) -> None:
    message = _("Write a month as year and month, for example 2026-03.")
    earliest, latest = date(FIRST_YEAR, 1, 1), date(today.year + 1, 12, 1)
    out_of_range = _("Choose a month from %(first)s to %(last)s.",
                     first=earliest.strftime("%Y-%m"), last=latest.strftime("%Y-%m"))  # fmt: skip
    for name in ("start", "end"):
        typed = getattr(filters, name)
        if not typed:
            continue
        month = parse_month(typed)
        if month is None:
            filters.refuse(name, message, 422)
        elif not earliest <= month <= latest:
            filters.refuse(name, out_of_range, 422)
        else:
            setattr(filters, "first" if name == "start" else "last", month)
    if filters.first and filters.last and filters.first > filters.last:
        filters.refuse("end", _("The last month cannot come before the first."), 422)
