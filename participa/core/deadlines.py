"""How long until something closes, in words: "Closes in 3 days", "Closes in 5 hours".

Every page that shows a phase, a draft or a vote with an end asks :func:`closes_in` (templates:
the ``closes_in`` global and the ``closes_in_note`` macro in ``macros/participation.html``), so
the wording and its rounding are written once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _

from participa.db import utcnow

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def time_left(ends_at: datetime | None, now: datetime | None = None) -> timedelta | None:
    """How long until ``ends_at`` (UTC), or None when there is no end or it has passed."""
    if ends_at is None:
        return None
    now = now or utcnow()
    if ends_at.tzinfo is None and now.tzinfo is not None:
        now = now.replace(tzinfo=None)  # SQLite hands back naive UTC datetimes
    elif ends_at.tzinfo is not None and now.tzinfo is None:
        ends_at = ends_at.replace(tzinfo=None)
    left = ends_at - now
    return left if left > timedelta(0) else None


def closes_in(ends_at: datetime | None, now: datetime | None = None) -> str | None:
    """ "Closes in N days" (whole days left), "N hours" under a day, "within the hour" at the end;
    None when there is no end or it has passed."""
    left = time_left(ends_at, now)
    if left is None:
        return None
    if left >= DAY:
        days = left // DAY
        return str(
            ngettext(
                "Closes in %(count)s day",
                "Closes in %(count)s days",
                days,
                count=format_decimal(days),
            )
        )
    if left >= HOUR:
        hours = left // HOUR
        return str(
            ngettext(
                "Closes today, in %(count)s hour",
                "Closes today, in %(count)s hours",
                hours,
                count=format_decimal(hours),
            )
        )
    return str(_("Closes today, within the hour"))
