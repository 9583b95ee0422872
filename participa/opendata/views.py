"""Open-data pages: the catalogue, downloads and schemas of a municipality; the network's
catalogues for people and for national portals."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participa.core import exports, jobs
from participa.core.authz import can, require
from participa.core.cache import shared
from participa.core.datasets import Dataset
from participa.core.downloads import (
    csv_response,
    json_file,
    json_response,
    wants_gzip,
    with_session,
)
from participa.core.models import JobStatus, PreparedFile
from participa.core.submit import Rendered, actor, run, submit
from participa.core.tenancy import get_or_404
from participa.core.uploads import format_size
from participa.extensions import db
from participa.opendata import bp, catalogues, network_bp, prepared, registry, services
from participa.opendata.forms import RetryForm, SettingsForm


def _conditional(tag: str, found: services.Facts) -> Response | None:
    """A 304 when the client's copy is current (ETag first, then Last-Modified)."""
    if request.if_none_match and request.if_none_match.contains(tag):
        return _not_modified(tag, found)
    since = request.if_modified_since
    last = found.last_modified
    if not request.if_none_match and since and last and last.replace(microsecond=0) <= since:
        return _not_modified(tag, found)
    return None


def _not_modified(tag: str, found: services.Facts) -> Response:
    response = Response(status=304)
    _validators(response, tag, found)
    return response


def _validators(response: Response, tag: str, found: services.Facts) -> Response:
    response.set_etag(tag)
    if found.last_modified is not None:
        response.last_modified = found.last_modified
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


# A municipality --------------------------------------------------------------------------------


@bp.get("/")
def catalogue() -> Rendered:
    municipality = g.municipality
    datasets = registry.datasets_for(municipality)
    # One aggregate over each whole dataset: shared by every reader, signed in or not, for the
    # seconds anonymous pages are kept (downloads and their validators read them live).
    found = shared(
        "opendata.catalogue",
        lambda: [services.facts(d, municipality.id) for d in datasets],
        municipality.id,
        *(d.name for d in datasets),
    )
    entries = list(zip(datasets, found, strict=True))
    settings = services.settings_of(municipality)
    return render_template(
        "opendata/catalogue.html",
        entries=entries,
        licence=services.licence_of(settings),
        type_labels=services.type_labels(),
        staff=can(current_user, "opendata.configure", municipality),
    )


def _download(
    name: str, fmt: str, respond: Callable[[Dataset, int, services.Facts], Response]
) -> Response:
    """A dataset's download in ``fmt``: 304 when the client's copy is current, the stored file
    for a large dataset, else what ``respond(dataset, municipality_id, found)`` streams."""
    dataset = registry.get_or_404(name, g.municipality)
    municipality_id = g.municipality.id
    found = services.facts(dataset, municipality_id)
    tag = services.etag(dataset, municipality_id, found, fmt)
    if (unchanged := _conditional(tag, found)) is not None:
        return unchanged
    if prepared.should_prepare(found):
        return _prepared(name, fmt, found, tag)
    return _validators(respond(dataset, municipality_id, found), tag, found)


@bp.get("/<name>.csv")
def download_csv(name: str) -> Rendered:
    def respond(dataset: Dataset, municipality_id: int, found: services.Facts) -> Response:
        rows = with_session(
            lambda session: services.csv_cells(services.stream(session, dataset, municipality_id))
        )
        header = [c.name for c in dataset.columns]
        return csv_response(header, rows, filename=f"{g.municipality.slug}-{name}.csv")

    return _download(name, "csv", respond)


@bp.get("/<name>.json")
def download_json(name: str) -> Rendered:
    def respond(dataset: Dataset, municipality_id: int, found: services.Facts) -> Response:
        chunks = with_session(
            lambda session: services.json_lines(session, dataset, municipality_id)
        )
        return json_response(chunks, filename=f"{g.municipality.slug}-{name}.json",
                             last_modified=found.last_modified)  # fmt: skip

    return _download(name, "json", respond)


def _prepared(name: str, fmt: str, found: services.Facts, tag: str) -> Response:
    """A large dataset: its stored file when built at this version, else 202 while it is built."""
    record = prepared.prepare(name, fmt, g.municipality, found)
    db.session.commit()
    if record.status == JobStatus.QUEUED and not jobs.is_queued():
        record = exports.run_now(record)  # no worker: build it now, as the download did
        fresh = exports.is_ready(record)  # whatever version the build found
    else:
        fresh = exports.is_ready(record, tag)
    data = exports.read(record) if fresh else None
    if data is None:
        if fresh:  # the stored bytes went missing: build again
            run(lambda: exports.lost(record))
        return exports.waiting(record, title=_("Preparing the download"),
                               back=url_for(".catalogue"))  # fmt: skip
    if fmt == "csv":
        response = Response(data, mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{record.filename}"'
        return _validators(response, record.version, found)
    # As json_response answers: gzipped when asked for (?gzip=1) or accepted by the client.
    as_file, encoded = wants_gzip()
    body = exports.gzip_bytes(data) if as_file or encoded else data
    response = json_file(body, filename=record.filename, as_file=as_file, encoded=encoded)
    return _validators(response, record.version, found)


@bp.get("/staff/exports")
def exports_page() -> Rendered:
    municipality = g.municipality
    require("opendata.exports", municipality)
    files = exports.in_progress(municipality.id, (prepared.BUILD,))
    return render_template(
        "opendata/exports.html", files=files, status_labels=exports.STATUS_LABELS,
        titles={d.name: d.title for d in registry.datasets()},
        format_labels=prepared.FORMAT_LABELS, form=RetryForm(), format_size=format_size,
    )  # fmt: skip


@bp.post("/staff/exports/<int:file_id>/retry")
def retry_export(file_id: int) -> Rendered:
    municipality = g.municipality
    require("opendata.exports", municipality)
    record = get_or_404(PreparedFile, file_id)
    if record.kind != prepared.BUILD:
        abort(404)
    form = RetryForm()
    if not form.validate_on_submit():
        abort(400)
    if record.status != JobStatus.FAILED:
        flash(_("This file has not failed: there is nothing to try again."), "info")
        return redirect(url_for(".exports_page"))
    run(lambda: prepared.retry(record, actor=actor(), municipality=municipality))
    if not jobs.is_queued():
        exports.run_now(record)
    flash(_("The file is being prepared again."), "success")
    return redirect(url_for(".exports_page"))


@bp.get("/datapackage.json")
def datapackage() -> Rendered:
    package = catalogues.data_package(g.municipality, registry.datasets_for(g.municipality))
    return _json(package)


@bp.route("/settings", methods=["GET", "POST"])
def settings() -> Rendered:
    municipality = g.municipality
    require("opendata.configure", municipality)
    current = services.settings_of(municipality)
    form = SettingsForm(obj=current if request.method == "GET" else None)
    return submit(
        form,
        lambda: services.save_settings(municipality, actor=actor(), licence=form.licence.data),
        render=lambda status: (render_template("opendata/settings.html", form=form), status),
        then=url_for(".catalogue"),
        success=_("Open-data licence saved."),
        error_field="licence",
    )


# The network -------------------------------------------------------------------------------------


@network_bp.get("/datos/")
def network() -> Rendered:
    municipalities = catalogues.live_municipalities()
    return render_template(
        "opendata/network.html", municipalities=municipalities, datasets=registry.datasets()
    )


@network_bp.get("/data.json")
def data_json() -> Rendered:
    return _json(catalogues.project_open_data(catalogues.live_municipalities()))


@network_bp.get("/catalog.jsonld")
def dcat() -> Rendered:
    response = _json(catalogues.dcat_ap(catalogues.live_municipalities()))
    response.mimetype = "application/ld+json"
    return response


def _json(document: dict[str, Any]) -> Response:
    response = Response(json.dumps(document, ensure_ascii=False, indent=1),
                        mimetype="application/json")  # fmt: skip
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=300"
    response.add_etag()
    return response.make_conditional(request)  # type: ignore[return-value]
