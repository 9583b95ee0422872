"""Charts of the indicator pages: an SVG from core.charts plus the table with the same data,
ready for the chart_with_table macro."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from flask_babel import format_percent
from flask_babel import gettext as _
from markupsafe import Markup

from participa.core.charts import Series, bar_chart, line_chart
from participa.indicators.scoring import Score

if TYPE_CHECKING:
    from participa.indicators.dashboards import NetworkRow
    from participa.indicators.models import Dimension


class Chart(NamedTuple):
    svg: Markup
    caption: str
    headers: list[str]
    rows: list[list[Any]]


def percent(share: float | None) -> str:
    return "—" if share is None else format_percent(share)


def met_text(score: Score) -> str:
    return _("%(met)s of %(total)s", met=score.met, total=score.total)


def dimension_chart(dimensions: Sequence[Any], by_dimension: Mapping[str, Score]) -> Chart:
    """Indicators met per dimension in one assessment."""
    caption = _("Indicators met per dimension")
    # Codes on the bars (the names are too long for the chart); names in the table.
    items = [(d.code, by_dimension[d.code].met) for d in dimensions if d.code in by_dimension]
    rows = []
    for d in dimensions:
        if d.code in by_dimension:
            score = by_dimension[d.code]
            rows.append([f"{d.code} · {d.name}", met_text(score), percent(score.share_of_total)])
    svg = bar_chart(items, title=caption, description=_("One bar per dimension."))
    return Chart(svg, caption, [_("Dimension"), _("Met"), _("Share")], rows)


def path_chart(name: str, path: Sequence[Any]) -> Chart:
    """A municipality's indicators met over its validated periods (oldest first)."""
    caption = _("%(name)s: indicators met per period", name=name)
    labels = [item.assessment.period for item in path]
    svg = line_chart(
        labels,
        [Series(name, [item.overall.met for item in path])],
        title=caption,
        description=_("Indicators met in each validated period."),
        height=180,
    )
    rows = [
        [item.assessment.period, met_text(item.overall), percent(item.overall.share_of_total)]
        for item in path
    ]
    return Chart(svg, caption, [_("Period"), _("Met"), _("Share")], rows)


def ranking_chart(dimension: Dimension, rows: Sequence[NetworkRow]) -> Chart:
    """Municipalities ranked by indicators met in one dimension (latest validated period)."""
    caption = _("Ranking: %(dimension)s", dimension=dimension.name)
    scores = [(r, r.latest.by_dimension.get(dimension.code, Score(0, 0, 0))) for r in rows]
    svg = bar_chart(
        [(r.municipality.name, s.met) for r, s in scores],
        title=caption,
        description=_("Indicators met in the latest validated period."),
    )
    table = [
        [r.municipality.name, position, r.latest.assessment.period, met_text(s)]
        for position, (r, s) in enumerate(scores, start=1)
    ]
    return Chart(svg, caption, [_("Municipality"), _("Rank"), _("Period"), _("Met")], table)
