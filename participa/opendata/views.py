"""Open-data pages: the catalogue, downloads and schemas of a municipality; the network's
catalogues for people and for national portals."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from participa.core.authz import can, require
from participa.core.downloads import csv_response, json_response, with_session
from participa.core.submit import Rendered, actor, submit
from participa.opendata import bp, catalogues, network_bp, registry, services
from participa.opendata.forms import SettingsForm


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
    entries = [(d, services.facts(d, municipality.id)) for d in registry.datasets()]
    settings = services.settings_of(municipality)
    return render_template(
        "opendata/catalogue.html",
        entries=entries,
        licence=services.licence_of(settings),
        type_labels=services.type_labels(),
        staff=can(current_user, "opendata.configure", municipality),
    )


@bp.get("/<name>.csv")
def download_csv(name: str) -> Rendered:
    dataset = registry.get_or_404(name)
    municipality_id = g.municipality.id
    found = services.facts(dataset, municipality_id)
    tag = services.etag(dataset, municipality_id, found, "csv")
    if (unchanged := _conditional(tag, found)) is not None:
        return unchanged
    rows = with_session(
        lambda session: services.csv_cells(services.stream(session, dataset, municipality_id))
    )
    header = [c.name for c in dataset.columns]
    response = csv_response(header, rows, filename=f"{g.municipality.slug}-{name}.csv")
    return _validators(response, tag, found)


@bp.get("/<name>.json")
def download_json(name: str) -> Rendered:
    dataset = registry.get_or_404(name)
    municipality_id = g.municipality.id
    found = services.facts(dataset, municipality_id)
    tag = services.etag(dataset, municipality_id, found, "json")
    if (unchanged := _conditional(tag, found)) is not None:
        return unchanged
    chunks = with_session(lambda session: services.json_lines(session, dataset, municipality_id))
    response = json_response(chunks, filename=f"{g.municipality.slug}-{name}.json",
                             last_modified=found.last_modified)  # fmt: skip
    return _validators(response, tag, found)


@bp.get("/datapackage.json")
def datapackage() -> Rendered:
    package = catalogues.data_package(g.municipality, registry.datasets())
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
