"""The search pages: a form that works without JavaScript, results grouped by kind, pages."""

from __future__ import annotations

from flask import abort, g, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _

from participa.core.params import int_arg
from participa.search import bp, network_bp, registry, services
from participa.search.text import MAX_QUERY_LENGTH


def _page(municipality_id: int | None, endpoint: str) -> tuple[str, int]:
    raw = request.args.get("q", "")
    kind = request.args.get("kind") or None
    if kind is not None and registry.get(kind) is None:
        kind = None  # a filter edited by hand: show every kind
    page = int_arg("page", 1, min=1)
    error = None
    results = None
    status = 200
    try:
        query = services.parse_query(raw, str(get_locale()))
    except services.QueryTooLong:
        error = _(
            "Your search is too long: use at most %(count)s characters.",
            count=MAX_QUERY_LENGTH,
        )
        status = 400
    else:
        if raw.strip() and query.is_empty:
            error = _("Type at least one word or number to search for.")
        elif not query.is_empty:
            results = services.search(query, municipality_id=municipality_id, kind=kind, page=page)
            if page > 1 and page > results.pages:
                abort(404)
    html = render_template(
        "search/results.html",
        q=raw[: MAX_QUERY_LENGTH * 2],
        kind=kind,
        kinds=registry.kinds(),
        results=results,
        error=error,
        endpoint=endpoint,
        max_length=MAX_QUERY_LENGTH,
    )
    return html, status


@bp.get("/", endpoint="search")
def municipality_search() -> tuple[str, int]:
    return _page(g.municipality.id, "search.search")


@network_bp.get("/", endpoint="search")
def network_search() -> tuple[str, int]:
    return _page(None, "search_network.search")
