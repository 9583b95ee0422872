"""Server-rendered SVG charts. Every chart is shown beside a data table (macros/charts.html).

Charts carry no script and no inline style (the CSP forbids both): colours come from classes
styled in participa.css, and each SVG has a <title> and <desc> for screen readers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import count
from math import cos, pi, sin

from flask_babel import format_decimal
from markupsafe import Markup, escape

_ids = count(1)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]


def _fmt(value: float) -> str:
    return str(format_decimal(round(value, 2)))


def bar_chart(
    items: Sequence[tuple[str, float]],
    *,
    title: str,
    description: str = "",
    width: int = 640,
    bar_height: int = 26,
    value_format: Callable[[float], str] = _fmt,
) -> Markup:
    """Horizontal bars, one per (label, value); labels on the left, values at the bar's end."""
    uid = next(_ids)
    label_width = min(260, max([len(str(label)) for label, _ in items] + [4]) * 7 + 12)
    plot = width - label_width - 70
    peak = max([value for _, value in items] + [0]) or 1
    height = max(1, len(items)) * (bar_height + 8) + 8
    rows = []
    for index, (label, value) in enumerate(items):
        y = 8 + index * (bar_height + 8)
        length = max(0.0, value) / peak * plot
        rows.append(
            f'<g class="bar-row"><text class="chart-label" x="{label_width - 8}" '
            f'y="{y + bar_height * 0.68:.1f}" text-anchor="end">{escape(label)}</text>'
            f'<rect class="bar bar-{index % 6}" x="{label_width}" y="{y}" width="{length:.1f}" '
            f'height="{bar_height}" rx="3"/>'
            f'<text class="chart-value" x="{label_width + length + 6:.1f}" '
            f'y="{y + bar_height * 0.68:.1f}">{escape(value_format(value))}</text></g>'
        )
    return _svg(uid, width, height, title, description, "".join(rows))


def stacked_bar(
    parts: Sequence[tuple[str, float]], *, title: str, description: str = "", width: int = 640
) -> Markup:
    """One horizontal bar split into shares (for example in favour / against / abstain)."""
    uid = next(_ids)
    total = sum(max(0.0, v) for _, v in parts) or 1
    x = 0.0
    segments = []
    for index, (label, value) in enumerate(parts):
        share = max(0.0, value) / total
        segment = share * width
        segments.append(
            f'<rect class="bar bar-{index % 6}" x="{x:.1f}" y="0" width="{segment:.1f}" '
            f'height="28"><title>{escape(label)}: {escape(_fmt(value))} '
            f"({escape(format_decimal(round(share * 100, 1)))} %)</title></rect>"
        )
        x += segment
    return _svg(uid, width, 28, title, description, "".join(segments))


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str = "",
    width: int = 640,
    height: int = 240,
) -> Markup:
    """Lines over ordered labels (periods, days), with the axis labels at both ends."""
    uid = next(_ids)
    left, right, top, bottom = 48, 16, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v for s in series for v in s.values] + [0]) or 1
    step = plot_w / max(1, len(labels) - 1)
    parts = [
        f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" '
        f'y2="{top + plot_h}"/>',
        f'<text class="chart-value" x="{left - 6}" y="{top + 10}" text-anchor="end">'
        f"{escape(_fmt(peak))}</text>",
        f'<text class="chart-value" x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>',
    ]
    if labels:
        parts.append(
            f'<text class="chart-label" x="{left}" y="{height - 8}">{escape(labels[0])}</text>'
        )
        parts.append(
            f'<text class="chart-label" x="{left + plot_w}" y="{height - 8}" text-anchor="end">'
            f"{escape(labels[-1])}</text>"
        )
    for index, line in enumerate(series):
        points = " ".join(
            f"{left + i * step:.1f},{top + plot_h - (v / peak) * plot_h:.1f}"
            for i, v in enumerate(line.values)
        )
        parts.append(f'<polyline class="line line-{index % 6}" points="{points}"/>')
    return _svg(uid, width, height, title, description, "".join(parts))


def radar_chart(
    axes: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str = "",
    maximum: float = 1.0,
    size: int = 420,
) -> Markup:
    """A radar (spider) chart: one spoke per axis from the centre (0) to the rim (``maximum``),
    one closed shape per series, rings at each quarter, and a legend under it."""
    uid = next(_ids)
    legend_height = 22 * len(series)
    centre, radius = size / 2, size / 2 - 70
    top = maximum or 1

    def point(index: int, value: float) -> tuple[float, float]:
        # The first spoke points up; the others follow clockwise.
        angle = -pi / 2 + 2 * pi * index / max(1, len(axes))
        share = min(max(value, 0.0), top) / top
        return centre + cos(angle) * radius * share, centre + sin(angle) * radius * share

    parts = []
    for ring in (0.25, 0.5, 0.75, 1.0):
        corners = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                           (point(i, ring * top) for i in range(len(axes))))  # fmt: skip
        parts.append(f'<polygon class="radar-ring" points="{corners}"/>')
    for index, label in enumerate(axes):
        x, y = point(index, top)
        parts.append(
            f'<line class="axis" x1="{centre:.1f}" y1="{centre:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>'
        )
        lx, ly = point(index, top * 1.12)
        anchor = "middle" if abs(lx - centre) < 1 else ("start" if lx > centre else "end")
        parts.append(
            f'<text class="chart-label" x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}">'
            f"{escape(label)}</text>"
        )
    for index, line in enumerate(series):
        corners = " ".join(f"{x:.1f},{y:.1f}" for x, y in
                           (point(i, v) for i, v in enumerate(line.values)))  # fmt: skip
        parts.append(f'<polygon class="radar radar-{index % 6}" points="{corners}"/>')
        y = size + 22 * index + 6
        parts.append(
            f'<rect class="radar radar-{index % 6}" x="16" y="{y}" width="14" height="14"/>'
            f'<text class="chart-label" x="38" y="{y + 12}">{escape(line.label)}</text>'
        )
    return _svg(uid, size, size + legend_height + 8, title, description, "".join(parts))


def _svg(uid: int, width: int, height: int, title: str, description: str, body: str) -> Markup:
    return Markup(  # noqa: S704 - every interpolated user value is escaped above
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="chart-{uid}-title chart-{uid}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart-{uid}-title">{escape(title)}</title>'
        f'<desc id="chart-{uid}-desc">{escape(description)}</desc>{body}</svg>'
    )
