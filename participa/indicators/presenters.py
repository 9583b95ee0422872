"""Charts of the indicator pages: an SVG from core.charts plus the table with the same data,
ready for the chart_with_table macro."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from flask_babel import format_percent
from flask_babel import gettext as _
from markupsafe import Markup

from participa.core.charts import Series, bar_chart, line_chart, radar_chart
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
    return str(_("%(met)s of %(total)s", met=score.met, total=score.total))


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


def radar(
    name: str, dimensions: Sequence[Any], by_dimension: Mapping[str, Score],
    medians: Mapping[str, float],
) -> Chart:  # fmt: skip
    """A municipality's share of indicators met per dimension against the network median."""
    caption = _("%(name)s and the network median, per dimension", name=name)
    shown = [d for d in dimensions if d.code in by_dimension]
    own = [by_dimension[d.code].share_of_total for d in shown]
    network = [medians.get(d.code, 0.0) for d in shown]
    svg = radar_chart(
        [d.code for d in shown],
        [Series(name, own), Series(_("Network median"), network)],
        title=caption,
        description=_("Share of the indicators met in each dimension, from the centre (none) "
                      "to the rim (all)."),
    )  # fmt: skip
    rows = [
        [f"{d.code} · {d.name}", percent(mine), percent(medians.get(d.code))]
        for d, mine in zip(shown, own, strict=True)
    ]
    return Chart(svg, caption, [_("Dimension"), name, _("Network median")], rows)


def trend_chart(name: str, scored: Sequence[Any]) -> Chart:
    """Indicators met over rounds (oldest first): the published score and the self-assessed."""
    caption = _("%(name)s: score over the rounds", name=name)
    labels = [item.assessment.period for item in scored]
    svg = line_chart(
        labels,
        [
            Series(_("Validated where present"), [item.overall.met for item in scored]),
            Series(_("Self-assessed"), [item.self_overall.met for item in scored]),
        ],
        title=caption,
        description=_("Indicators met in each round: the first line counts the reviewer's "
                      "answers where given, the second the municipality's own."),
        height=200,
    )  # fmt: skip
    rows = [
        [item.assessment.period, met_text(item.overall), met_text(item.self_overall),
         percent(item.overall.share_of_total)]
        for item in scored
    ]  # fmt: skip
    return Chart(
        svg, caption, [_("Period"), _("Met (validated where present)"), _("Met (self-assessed)"),
                       _("Share")], rows,
    )  # fmt: skip
