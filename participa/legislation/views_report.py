"""The report pages: full report, five-minute summary, CSV and JSON downloads."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, jsonify, render_template, request
from flask_babel import gettext as _

from participa.core.authz import require
from participa.core.charts import Series, bar_chart, line_chart, stacked_bar
from participa.core.submit import Rendered
from participa.legislation import bp, consensus, loading, report, report_export, report_versions
from participa.legislation.forms import kind_labels, vote_labels


def _report_for(draft_id: int) -> tuple[report.Report, list[report_versions.VersionChoice]]:
    draft = loading.draft_or_404(draft_id)
    require("legislation.view_report", draft)
    if draft.current_version_id is None:
        abort(404)
    choices = report_versions.version_choices(draft)
    version = report_versions.pick_version(draft, choices, request.args.get("version"))
    if version is None:
        abort(404)
    return report.build_report(draft, version), choices


def _charts(data: report.Report) -> dict[str, Any]:
    labels = vote_labels()
    bars = {
        row.section.id: stacked_bar(
            [
                (labels["in_favour"], row.in_favour),
                (labels["against"], row.against),
                (labels["abstain"], row.abstain),
            ],
            title=_("Votes on article %(n)s", n=row.section.number),
            description=_(
                "%(f)s in favour, %(a)s against, %(x)s abstain",
                f=row.in_favour,
                a=row.against,
                x=row.abstain,
            ),
        )
        for row in data.articles
        if row.total
    }
    timeline = None
    if data.timeline:
        timeline = line_chart(
            [d for d, _v, _c in data.timeline],
            [
                Series(_("Votes"), [v for _d, v, _c in data.timeline]),
                Series(_("Comments"), [c for _d, _v, c in data.timeline]),
            ],
            title=_("Participation over time"),
            description=_("Votes and comments per day"),
        )
    amendments = None
    ranked = [a for a in data.amendments if a.supports_count][:15]
    if ranked:
        amendments = bar_chart(
            [(_("Amendment %(n)s", n=a.id), a.supports_count) for a in ranked],
            title=_("Amendments by support"),
        )
    return {
        "bars": bars,
        "timeline": timeline,
        "amendment_chart": amendments,
        "amendment_rows": [(_("Amendment %(n)s", n=a.id), a.supports_count) for a in ranked],
    }


def _render_report(draft_id: int, template: str, *, full: bool) -> str:
    """The report page, or its summary (``full`` False: without the votes and charts)."""
    data, choices = _report_for(draft_id)
    extra = (
        {"vote_labels": vote_labels(), "method": consensus.method(), **_charts(data)}
        if full
        else {}
    )
    return render_template(
        template, draft=data.draft, report=data, version_choices=choices,
        kind_labels=kind_labels(), **extra,
    )  # fmt: skip


@bp.get("/<int:draft_id>/report", endpoint="report")
def report_page(draft_id: int) -> Rendered:
    return _render_report(draft_id, "legislation/report.html", full=True)


@bp.get("/<int:draft_id>/report/summary", endpoint="summary")
def summary(draft_id: int) -> Rendered:
    return _render_report(draft_id, "legislation/summary.html", full=False)


@bp.get("/<int:draft_id>/report.csv", endpoint="report_csv")
def report_csv(draft_id: int) -> Rendered:
    data, _choices = _report_for(draft_id)
    filename = f"draft-{data.draft.id}-v{data.version.number}.csv"
    return Response(
        report_export.to_csv(data),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/<int:draft_id>/report.json", endpoint="report_json")
def report_json(draft_id: int) -> Rendered:
    data, _choices = _report_for(draft_id)
    return jsonify(report_export.to_json(data))
