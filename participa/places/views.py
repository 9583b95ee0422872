"""District pages for staff, and the address search behind the map's search box."""

from __future__ import annotations

import json
from typing import Any

from flask import g, jsonify, render_template, request, url_for
from flask_babel import gettext as _

from participa.core.authz import require
from participa.core.errors import DomainError, field_of
from participa.core.submit import act, actor, page, submit
from participa.core.tenancy import get_or_404
from participa.extensions import limiter
from participa.places import bp, services
from participa.places.forms import DistrictForm, GeocodeForm
from participa.places.models import District


@bp.route("/districts", methods=["GET", "POST"], endpoint="districts")
def districts() -> Any:
    require("places.manage_districts", g.municipality)
    form = DistrictForm()
    return submit(
        form,
        lambda: services.create_district(
            g.municipality, actor=actor(), name=form.name.data, boundary=form.boundary.data
        ),
        render=page(
            "places/districts.html", form=form, districts=services.districts_of(g.municipality)
        ),
        then=url_for(".districts"),
        success=_("District added."),
        error_field=field_of,
    )


@bp.route("/districts/<int:district_id>/edit", methods=["GET", "POST"], endpoint="edit_district")
def edit_district(district_id: int) -> Any:
    district = get_or_404(District, district_id)
    require("places.manage_districts", district)
    form = DistrictForm(obj=district)
    return submit(
        form,
        lambda: services.edit_district(
            district, actor=actor(), name=form.name.data, boundary=form.boundary.data
        ),
        render=page("places/district_form.html", form=form, district=district),
        then=url_for(".districts"),
        success=_("District saved."),
        error_field=field_of,
    )


@bp.post("/districts/<int:district_id>/delete", endpoint="delete_district")
def delete_district(district_id: int) -> Any:
    district = get_or_404(District, district_id)
    require("places.manage_districts", district)
    return act(
        lambda: services.delete_district(district, actor=actor()),
        then=url_for(".districts"),
        success=_("District deleted."),
    )


@bp.get("/districts.geojson", endpoint="boundaries")
def boundaries() -> Any:
    """The districts with a boundary, as a GeoJSON FeatureCollection for the maps."""
    features = [
        {
            "type": "Feature",
            "id": district.id,
            "properties": {"name": district.name},
            "geometry": json.loads(district.boundary),
        }
        for district in services.districts_of(g.municipality)
        if district.boundary
    ]
    response = jsonify({"type": "FeatureCollection", "features": features})
    response.mimetype = "application/geo+json"
    return response


geocode_limit = limiter.limit("20 per minute;300 per day")


@bp.get("/geocode", endpoint="geocode")
@geocode_limit
def geocode() -> Any:
    """Addresses matching ``q``: JSON for the map's search box, a page without JavaScript."""
    require("places.geocode", g.municipality)
    wants_json = request.args.get("format") == "json"
    form = GeocodeForm(request.args)
    results: list[services.Found] = []
    error = None
    status = 200
    if "q" in request.args:
        if not form.validate():
            error, status = _("Type an address to search for."), 422
        else:
            try:
                results = services.geocode(form.q.data)
            except DomainError as exc:
                error, status = exc.message, exc.status
            if not results and error is None:
                error = _("No place was found for this address.")
    if wants_json:
        return jsonify(
            results=[{"label": r.label, "lat": r.latitude, "lon": r.longitude} for r in results],
            error=error,
        ), status
    return render_template(
        "places/geocode.html",
        form=form,
        results=results,
        error=error,
        enabled=services.geocoding_enabled(),
    ), status
