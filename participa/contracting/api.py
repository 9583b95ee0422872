"""Paginated OCDS JSON API under /m/<municipality>/contracting/api/.

Responses are packages at the top level with ``links.next`` (OCDS pagination extension), keyset
pagination on (date, id), ``since``/``until`` date filters, JSON errors with real status codes,
and 429 with Retry-After from the application's rate limiter.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, g, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from werkzeug.exceptions import BadRequest, HTTPException, NotFound

from participa.contracting import bp, packages, queries
from participa.contracting import extensions as ocds_extensions
from participa.contracting.models import ProcurementProcess, Release
from participa.contracting.views import (
    package_meta,
    process_by_ocid,
    process_package_uri,
    process_record,
)
from participa.core.errors import TITLES
from participa.core.params import parse_int, parse_moment
from participa.core.ratelimits import configured
from participa.core.submit import Rendered
from participa.extensions import db, limiter

api = Blueprint("api", __name__, url_prefix="/api")
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Pinned to a fixed version: "master" could change the schema under what was published.
PAGINATION_EXTENSION = ocds_extensions.PAGINATION


rate_limit = limiter.limit(configured("RATELIMIT_OCDS_API", "120 per minute"))


@api.after_request
def _open(response: Response) -> Response:
    """Any site may read the API; answers are cacheable briefly and revalidated by ETag."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    if response.status_code == 200 and not response.is_streamed:
        response.add_etag()
        response.headers["Cache-Control"] = "public, max-age=60"
        response.vary.add("Accept-Encoding")
        return response.make_conditional(request)  # type: ignore[return-value]
    if response.status_code != 304:
        response.headers["Cache-Control"] = "no-store"
    return response


@api.errorhandler(HTTPException)
def _json_error(exc: HTTPException) -> Response:
    message = exc.description if exc.description != type(exc).description else ""
    title = TITLES.get(exc.code, exc.name) if exc.code is not None else exc.name
    response = jsonify(error=str(title), message=str(message or ""),
                       status=exc.code)  # fmt: skip
    response.status_code = exc.code or 500
    for key, value in exc.get_headers() if hasattr(exc, "get_headers") else []:
        if key.lower() == "retry-after":
            response.headers[key] = value
    return response


def _moment(name: str, *, end: bool = False) -> datetime | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    # A day, or a time without offset, is the municipality's, as everywhere in its data.
    moment = parse_moment(raw, ZoneInfo(g.municipality.timezone), end=end)
    if moment is None:
        raise BadRequest(_("%(name)s must be a date (YYYY-MM-DD) or an RFC 3339 date-time.",
                           name=name))  # fmt: skip
    return moment


def _limit() -> int:
    limit = parse_int(request.args.get("limit", str(DEFAULT_LIMIT)), min=1, max=MAX_LIMIT)
    if limit is None:
        raise BadRequest(_("limit must be a whole number from 1 to %(max)s.", max=MAX_LIMIT))
    return limit


def _encode_cursor(moment: datetime, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{moment.isoformat()}|{pk}".encode()).decode().rstrip("=")


def _cursor() -> tuple[datetime, int] | None:
    raw = request.args.get("cursor", "")
    if not raw:
        return None
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
        stamp, raw_pk = text.rsplit("|", 1)
        moment, pk = parse_moment(stamp), parse_int(raw_pk)
        if moment is None or pk is None:
            raise ValueError(raw)
        return moment, pk
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadRequest(_("cursor is not valid: use the links.next address as it is.")) from None


def _filters() -> tuple[datetime | None, datetime | None, int, tuple[datetime, int] | None]:
    since, until = _moment("since"), _moment("until", end=True)
    if since and until and until < since:
        raise BadRequest(_("until must not come before since."))
    return since, until, _limit(), _cursor()


def _next_link(endpoint: str, moment: datetime, pk: int) -> str:
    args = {k: v for k, v in request.args.items() if k != "cursor"}
    return url_for(endpoint, cursor=_encode_cursor(moment, pk), _external=True, **args)


@api.get("/")
@rate_limit
def index() -> Rendered:
    """What this API offers, for people and programs."""
    return jsonify(
        releases=url_for(".releases", _external=True),
        records=url_for(".records", _external=True),
        release=url_for(".release", ocid="{ocid}", release_id="{release_id}", _external=True),
        record=url_for(".record", ocid="{ocid}", _external=True),
        parameters={"since": "YYYY-MM-DD or RFC 3339: published on the platform from then on",
                    "until": "YYYY-MM-DD or RFC 3339: published on the platform until then",
                    "limit": f"1..{MAX_LIMIT} (default {DEFAULT_LIMIT})",
                    "cursor": "opaque, from links.next"},
        documentation=url_for("contracting.data", _external=True) + "#api",
    )  # fmt: skip


@api.get("/releases")
@rate_limit
def releases() -> Rendered:
    """A page of the municipality's releases in the order the platform published them.

    ``since``/``until`` and the cursor use the platform's publication moment, not the release
    ``date``: releases imported today carry old dates and must still reach harvesters.
    """
    since, until, limit, cursor = _filters()
    R = Release
    query = select(R.id, R.published_at, R.data).where(R.municipality_id == g.municipality.id)
    if since:
        query = query.where(R.published_at >= since)
    if until:
        query = query.where(R.published_at <= until)
    if cursor:
        moment, pk = cursor
        query = query.where(or_(R.published_at > moment,
                                and_(R.published_at == moment, R.id > pk)))  # fmt: skip
    rows = db.session.execute(query.order_by(R.published_at, R.id).limit(limit + 1)).all()
    page, more = rows[:limit], len(rows) > limit
    links = {"next": _next_link(".releases", page[-1].published_at, page[-1].id)} if more else None
    latest = max((r.published_at for r in page), default=None)
    declared = ocds_extensions.of_releases(R.id.in_([r.id for r in page])) if page else []
    meta = package_meta(request.url, latest, [*declared, PAGINATION_EXTENSION])
    if not page:
        return jsonify(meta | {"releases": []})
    body = packages.release_package(meta, [r.data for r in page], links)
    return current_app.response_class(packages.dumps(body), mimetype="application/json")


@api.get("/records")
@rate_limit
def records() -> Rendered:
    """A page of records (one per process), ordered by the platform's last publication."""
    since, until, limit, cursor = _filters()
    P = ProcurementProcess
    last = P.last_platform_publication_at
    query = select(P.id, P.ocid, last.label("last")).where(
        P.municipality_id == g.municipality.id, P.release_count > 0
    )
    if since:
        query = query.where(last >= since)
    if until:
        query = query.where(last <= until)
    if cursor:
        moment, pk = cursor
        query = query.where(or_(last > moment, and_(last == moment, P.id > pk)))
    rows = db.session.execute(query.order_by(last, P.id).limit(limit + 1)).all()
    page, more = rows[:limit], len(rows) > limit
    links = {"next": _next_link(".records", page[-1].last, page[-1].id)} if more else None
    declared = (
        ocds_extensions.of_releases(Release.process_id.in_([r.id for r in page])) if page else []
    )
    meta = package_meta(request.url, max((r.last for r in page), default=None),
                        [*declared, PAGINATION_EXTENSION])  # fmt: skip
    if not page:
        return jsonify(meta | {"records": []})
    from participa.contracting.services import releases_of

    processes = {
        p.id: p for p in db.session.scalars(select(P).where(P.id.in_([r.id for r in page])))
    }
    entries = [process_record(processes[r.id], releases_of(processes[r.id])) for r in page]
    body = packages.record_package(meta, entries, [process_package_uri(r.ocid) for r in page])
    if links:
        body["links"] = links
    return current_app.response_class(packages.dumps(body), mimetype="application/json")


@api.get("/releases/<ocid>/<release_id>")
@rate_limit
def release(ocid: str, release_id: str) -> Rendered:
    """One release, in a release package."""
    process = process_by_ocid(ocid)
    row = queries.release_of(process, release_id)
    if row is None:
        raise NotFound(_("There is no release %(id)s in %(ocid)s.", id=release_id, ocid=ocid))
    meta = package_meta(request.url, row.published_at,
                        ocds_extensions.of_releases(Release.id == row.id))  # fmt: skip
    body = packages.release_package(meta, [row.data])
    return current_app.response_class(packages.dumps(body), mimetype="application/json")


@api.get("/records/<ocid>")
@rate_limit
def record(ocid: str) -> Rendered:
    """The record of one process, in a record package."""
    from participa.contracting.services import releases_of

    process = process_by_ocid(ocid)
    history = releases_of(process)
    published = max(r.published_at for r in history)
    meta = package_meta(request.url, published, ocds_extensions.of_process(process.id))
    body = packages.record_package(meta,
                                   [process_record(process, history)],
                                   [process_package_uri(ocid)])  # fmt: skip
    return current_app.response_class(packages.dumps(body), mimetype="application/json")


bp.register_blueprint(api)
