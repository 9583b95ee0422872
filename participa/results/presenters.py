"""The dashboard's charts and tables: one SVG line chart per measure over the months (from
core.charts) with the table of the same figures, and the table of the members."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, NamedTuple

from babel.dates import format_skeleton
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from participa.core.charts import Series, line_chart
from participa.core.results import Measure


class Chart(NamedTuple):
    svg: Markup
    caption: str
    headers: list[str]
    rows: list[list[Any]]


def month_label(month: date) -> str:
    """The month and year in the reader's language ("Mar 2026", "mar 2026")."""
    return str(format_skeleton("yMMM", month, locale=get_locale()))


def measure_chart(measure: Measure) -> Chart:
    """A measure over the months of the period, oldest first."""
    label = str(measure.label)
    caption = _("%(measure)s per month", measure=label)
    months = list(measure.by_month)
    svg = line_chart(
        [month_label(m) for m in months],
        [Series(label, [float(count) for count in measure.by_month.values()])],
        title=caption,
        description=_("One point per month, from the first month of the period to the last."),
        height=200,
    )
    rows = [[month_label(m), format_decimal(count)] for m, count in measure.by_month.items()]
    return Chart(svg, caption, [_("Month"), label], rows)


def charts(measures: Sequence[Measure]) -> list[Chart]:
    return [measure_chart(measure) for measure in measures]
