"""The read-only open-data API, ``/api/v1``: every dataset of every municipality as JSON pages.

Keyset pagination on each dataset's key with ``links.next`` (an opaque cursor), harvesting by
``changed_since``, equality filters on any column, ascending or descending order, ETag and 304,
CORS open for GET, a per-IP rate limit answering 429 with Retry-After, and errors as JSON
objects with the HTTP status. The OpenAPI 3.1 document is generated from the same dataset
declarations (:mod:`participa.opendata.openapi`), so it cannot drift from what answers.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, jsonify, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest, HTTPException, NotFound

from participa.core.datasets import Column, Dataset
from participa.core.errors import TITLES
from participa.core.params import MAX_INT, MIN_INT, parse_int, parse_moment
from participa.core.ratelimits import configured
from participa.extensions import limiter
from participa.opendata import catalogues, registry, services

if TYPE_CHECKING:
    from participa.municipalities.models import Municipality

api_v1 = Blueprint("api_v1", __name__, url_prefix="/api/v1")
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
RESERVED = {"limit", "cursor", "changed_since", "sort"}


rate_limit = limiter.limit(configured("RATELIMIT_OPEN_DATA_API", "300 per minute"))


@api_v1.errorhandler(HTTPException)
def _json_error(exc: HTTPException) -> Response:
    """Errors as ``{"errors": [{"status", "title", "detail"}]}`` with the real status."""
    status = exc.code or 500
    detail = exc.description if exc.description != type(exc).description else ""
    response = jsonify(errors=[{"status": str(status), "title": str(TITLES.get(status, exc.name)),
                                "detail": str(detail or "")}])  # fmt: skip
    response.status_code = status
    for key, value in exc.get_headers():
        if key.lower() == "retry-after":
            response.headers[key] = value
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@api_v1.after_request
def _open(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers.setdefault("Cache-Control", "public, max-age=60")
    return response


def _answer(document: Any) -> Response:
    response = Response(json.dumps(document, ensure_ascii=False), mimetype="application/json")
    response.add_etag()
    return response.make_conditional(request)  # type: ignore[return-value]


def _municipality(slug: str) -> Any:
    for municipality in catalogues.live_municipalities():
        if municipality.slug == slug:
            return municipality
    raise NotFound(_("There is no municipality %(slug)s.", slug=slug))


def _dataset(name: str, member: Municipality | None) -> Dataset:
    # Only the datasets of the features serving the member's kind, as its open-data page.
    for dataset in registry.datasets_for(member):
        if dataset.name == name:
            return dataset
    raise NotFound(_("There is no dataset %(name)s.", name=name))


# Reading the query string -----------------------------------------------------------------------


def _limit() -> int:
    limit = parse_int(request.args.get("limit", str(DEFAULT_LIMIT)), min=1, max=MAX_LIMIT)
    if limit is None:
        raise BadRequest(_("limit must be a whole number from 1 to %(max)s.", max=MAX_LIMIT))
    return limit


def _encode(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def _cursor(dataset: Dataset) -> Any:
    raw = request.args.get("cursor")
    if not raw:
        return None
    try:
        value = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadRequest(_("cursor is not one this API gave.")) from None
    # A value of the key column's type that the database can compare: the cursor is only
    # base64, so anything may be in it (and the NUL check of the query string cannot see it).
    key = next(c for c in dataset.columns if c.name == dataset.key)
    if key.type == "integer":
        usable = type(value) is int and MIN_INT <= value <= MAX_INT
    else:
        usable = type(value) is str and "\x00" not in value
    if not usable:
        raise BadRequest(_("cursor is not one this API gave."))
    return value


def _changed_since(dataset: Dataset) -> datetime | None:
    raw = request.args.get("changed_since", "").strip()
    if not raw:
        return None
    if not dataset.changed:
        raise BadRequest(_("This dataset cannot be harvested by date."))
    moment = parse_moment(raw)
    if moment is None:
        raise BadRequest(_("changed_since must be an RFC 3339 date-time."))
    return moment


def _value(column: Column, raw: str) -> Any:
    if column.type == "integer":
        number = parse_int(raw, min=-(2**31))
        if number is None:
            raise BadRequest(_("%(name)s must be a whole number.", name=column.name))
        return number
    if column.type == "boolean":
        if raw not in ("true", "false"):
            raise BadRequest(_("%(name)s must be true or false.", name=column.name))
        return raw == "true"
    return raw


def _filters(dataset: Dataset) -> dict[str, Any]:
    columns = {c.name: c for c in dataset.columns}
    found = {}
    for name, raw in request.args.items():
        if name in RESERVED:
            continue
        column = columns.get(name)
        if column is None or column.type not in ("integer", "string", "boolean"):
            raise BadRequest(_("%(name)s is not a filter of this dataset.", name=name))
        found[name] = _value(column, raw)
    return found


def _descending(dataset: Dataset) -> bool:
    sort = request.args.get("sort", dataset.key)
    if sort not in (dataset.key, f"-{dataset.key}"):
        raise BadRequest(_("sort is %(key)s or -%(key)s.", key=dataset.key))
    return sort.startswith("-")


# Endpoints ---------------------------------------------------------------------------------------


@api_v1.get("/")
@rate_limit
def index() -> Response:
    """What the API offers."""
    return _answer({
        "municipalities": url_for(".municipalities", _external=True),
        "openapi": url_for(".openapi", _external=True),
        "documentation": url_for(".docs", _external=True),
    })  # fmt: skip


@api_v1.get("/municipalities")
@rate_limit
def municipalities() -> Response:
    """Every municipality that publishes, with the address of its datasets."""
    return _answer({"data": [
        {"slug": m.slug, "name": m.name, "country": m.country,
         "datasets": url_for(".datasets", slug=m.slug, _external=True)}
        for m in catalogues.live_municipalities()
    ]})  # fmt: skip


@api_v1.get("/municipalities/<slug>/datasets")
@rate_limit
def datasets(slug: str) -> Response:
    """The datasets of one municipality, with their size and last change."""
    municipality = _municipality(slug)
    data = []
    for dataset in registry.datasets_for(municipality):
        facts = services.facts(dataset, municipality.id)
        data.append({
            "name": dataset.name, "title": str(dataset.title),
            "description": str(dataset.description), "rows": facts.rows,
            "last_modified": services.plain(facts.last_modified),
            "rows_url": url_for(".rows", slug=slug, name=dataset.name, _external=True),
        })  # fmt: skip
    return _answer({"data": data})


@api_v1.get("/municipalities/<slug>/datasets/<name>")
@rate_limit
def rows(slug: str, name: str) -> Response:
    """One page of a dataset's rows, in key order, with the link to the next page."""
    municipality = _municipality(slug)
    dataset = _dataset(name, municipality)
    limit, after = _limit(), _cursor(dataset)
    found = services.page(
        dataset, municipality.id, after=after, changed_since=_changed_since(dataset),
        limit=limit + 1, filters=_filters(dataset), descending=_descending(dataset),
    )  # fmt: skip
    links: dict[str, str | None] = {"self": request.url, "next": None}
    if len(found) > limit:
        found = found[:limit]
        args = {k: v for k, v in request.args.items() if k != "cursor"}
        links["next"] = url_for(".rows", slug=slug, name=name, _external=True,
                                cursor=_encode(found[-1][dataset.key]), **args)  # fmt: skip
    return _answer({"data": found, "links": links})


@api_v1.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 document of this API."""
    from participa.opendata.openapi import document

    return _answer(document())


@api_v1.get("/docs")
def docs() -> str:
    """The API described for people."""
    from flask import render_template

    from participa.opendata.openapi import document

    return render_template("opendata/api_docs.html", spec=document())
