"""The results dashboard of the network and of one member, and its CSV and JSON downloads.

Everything here is public and the same for every visitor: the pages go through the anonymous
page cache and HTTP caching (core.cache, core.httpcache), the downloads carry their own
``Cache-Control`` and ``ETag``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from flask import Response, current_app, g, render_template, request, url_for
from flask.typing import ResponseReturnValue

from participa.core.cache import anonymous_fragment
from participa.core.errors import DomainError
from participa.db import utcnow
from participa.municipalities.models import Municipality
from participa.results import bp, filters, member_bp, presenters, services


def _read(members: Sequence[Municipality], *, member: bool = True) -> filters.Filters:
    return filters.read(request.args, members, utcnow().date(), member=member)


def _render(
    found: filters.Filters, members: Sequence[Municipality], member: Municipality | None
) -> ResponseReturnValue:
    context = {
        "filters": found,
        "members": members,
        "member": member,
        "periods": filters.period_labels(),
        "kinds": filters.kind_labels(),
    }
    if not found.valid:
        # What was typed stays in the form, with its message; no figures for a wrong question.
        return render_template("results/dashboard.html", board=None, **context), found.status

    def render_main() -> str:
        board = services.dashboard(found, members)
        return render_template(
            "results/_main.html",
            board=board,
            charts=presenters.charts(board.results.measures),
            month_label=presenters.month_label,
            **context,
        )

    main = anonymous_fragment("results.dashboard", render_main)
    return render_template("results/dashboard.html", main=main, **context)


@bp.get("/", endpoint="dashboard")
def network_dashboard() -> ResponseReturnValue:
    members = services.live_members()
    return _render(_read(members), members, None)


@member_bp.get("/", endpoint="dashboard")
def member_dashboard() -> ResponseReturnValue:
    member: Municipality = g.municipality
    found = _read([member], member=False)
    found.member_id, found.member = member.id, str(member.id)
    return _render(found, [member], member)


def _valid_filters() -> tuple[filters.Filters, services.Dashboard]:
    members = services.live_members()
    found = _read(members)
    if not found.valid:
        raise DomainError(" ".join(found.errors.values()), status=found.status)
    return found, services.dashboard(found, members)


def _download(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename={filename}"
    # The same figures for everyone: proxies may keep them as long as the pages.
    seconds = current_app.config.get("HTTP_CACHE_SECONDS", 0)
    response.headers["Cache-Control"] = f"public, max-age={seconds}" if seconds > 0 else "no-cache"
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.add_etag()
    response.make_conditional(request)  # changes the response itself (304 on a matching ETag)
    return response


@bp.get("/results.csv", endpoint="csv")
def download_csv() -> Response:
    _found, board = _valid_filters()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=services.CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(services.export_rows(board))
    return _download(buffer.getvalue(), "text/csv", "network-results.csv")


@bp.get("/results.json", endpoint="json")
def download_json() -> Response:
    found, board = _valid_filters()
    document = services.export_document(board, found)
    document["documentation"] = url_for(".dashboard", _external=True) + "#fields"
    body = json.dumps(document, ensure_ascii=False, indent=1)
    return _download(body, "application/json", "network-results.json")
