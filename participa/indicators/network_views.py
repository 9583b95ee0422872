"""Platform-wide indicator pages: the network dashboard, downloads, the
reviewers' queue and the framework administration."""

from __future__ import annotations

import csv
import io
import json
import logging
from typing import Any

from flask import Response, abort, render_template, request, url_for
from flask_babel import gettext as _

from participa.core.authz import require
from participa.core.params import unknown_filter
from participa.core.submit import Rendered, actor, perform, submit
from participa.extensions import db
from participa.indicators import dashboards, framework, network_bp, presenters, services
from participa.indicators.forms import PageForm, ReviewerForm
from participa.indicators.models import FrameworkVersion, PlatformReviewer

logger = logging.getLogger(__name__)


def size_labels() -> dict[str, str]:
    return {
        "small": _("Under 50,000 inhabitants"),
        "medium": _("50,000 to 250,000 inhabitants"),
        "large": _("250,000 to 1 million inhabitants"),
        "metropolis": _("Over 1 million inhabitants"),
    }


@network_bp.get("/", endpoint="network")
def network() -> Rendered:
    country = request.args.get("country") or None
    size = request.args.get("size") or None
    if size is not None and size not in dashboards.SIZE_BANDS:
        raise unknown_filter()
    if country is not None and (len(country) != 2 or not country.isalpha()):
        raise unknown_filter()
    data = dashboards.network(country=country, size=size)
    rankings = [presenters.ranking_chart(d, data.ranking[d.code]) for d in data.dimensions]
    paths = [presenters.path_chart(r.municipality.name, r.path) for r in data.rows]
    return render_template(
        "indicators/network.html",
        data=data,
        rankings=rankings if data.rows else [],
        paths=paths,
        country=country,
        size=size,
        size_labels=size_labels(),
        disagreements=sum(len(r.latest.disagreements) for r in data.rows),
    )


@network_bp.get("/framework")
def framework_page() -> Rendered:
    version = framework.current_version()
    return render_template(
        "indicators/framework.html",
        version=version,
        dimensions=dashboards.framework_dimensions(version) if version else [],
    )


def _export_rows() -> list[dict[str, Any]]:
    return dashboards.export_rows(
        document_url=lambda token: url_for("site.upload", token=token, _external=True),
        link_url=lambda path: request.host_url.rstrip("/") + path,
    )


@network_bp.get("/assessments.csv")
def export_csv() -> Rendered:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=dashboards.EXPORT_FIELDS)
    writer.writeheader()
    writer.writerows(_export_rows())
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=indicator-assessments.csv"},
    )


@network_bp.get("/assessments.json")
def export_json() -> Rendered:
    body = json.dumps(
        {"assessments": dashboards.export_assessments(_export_rows())},
        ensure_ascii=False,
        indent=1,
    )
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=indicator-assessments.json"},
    )


# Reviewers --------------------------------------------------------------------------------------


@network_bp.get("/review")
def review_queue() -> Rendered:
    require("indicators.review_queue")
    return render_template("indicators/review_queue.html", assessments=services.review_queue())


# Platform admins --------------------------------------------------------------------------------


@network_bp.get("/admin/frameworks")
def frameworks() -> Rendered:
    require("indicators.manage_framework")
    return render_template(
        "indicators/frameworks.html", versions=framework.all_versions(), form=PageForm()
    )


@network_bp.post("/admin/frameworks/<int:version_id>/publish")
def publish_framework(version_id: int) -> Rendered:
    require("indicators.manage_framework")
    version = db.get_or_404(FrameworkVersion, version_id)
    if not PageForm().validate_on_submit():
        abort(400)
    return perform(
        lambda: framework.publish_version(version, actor=actor()),
        then=url_for(".frameworks"),
        success=_("Framework %(code)s is now current.", code=version.code),
    )


@network_bp.route("/admin/reviewers", methods=["GET", "POST"])
def reviewers() -> Rendered:
    require("indicators.manage_reviewers")
    form = ReviewerForm()
    return submit(
        form,
        lambda: services.appoint_reviewer(actor=actor(), email=form.email.data),
        render=lambda status: (
            render_template(
                "indicators/reviewers.html",
                reviewers=services.reviewers(),
                form=form,
                remove_form=PageForm(),
            ),
            status,
        ),
        then=url_for(".reviewers"),
        success=_("Reviewer appointed."),
        error_field="email",
    )


@network_bp.post("/admin/reviewers/<int:reviewer_id>/remove")
def remove_reviewer(reviewer_id: int) -> Rendered:
    require("indicators.manage_reviewers")
    reviewer = db.get_or_404(PlatformReviewer, reviewer_id)
    if not PageForm().validate_on_submit():
        abort(400)
    return perform(
        lambda: services.remove_reviewer(reviewer, actor=actor()),
        then=url_for(".reviewers"),
        success=_("Reviewer removed."),
    )
