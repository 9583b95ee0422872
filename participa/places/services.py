"""Districts (validated GeoJSON boundaries), coordinates and address search.

Other features call :func:`check_location`, :func:`district_for` and :func:`districts_of` for
the place of their objects; the maps read :func:`map_settings`.

Meetings do not exist yet (another issue): when they do, give them the same columns as
proposals (location_text, latitude, longitude, district_id), check them here, show them with
``places/_map.html``'s ``place_of`` and ``location_fields``, and filter their list by district.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import requests
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, select

from participa.core import audit
from participa.core.errors import DomainError, FieldError
from participa.core.link_choices import Choice
from participa.core.search import fold
from participa.extensions import db
from participa.places.models import District

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)

NAME_MAX = 120
# A boundary is drawn on every map of the municipality: keep it a reasonable size.
BOUNDARY_MAX_BYTES = 200_000
BOUNDARY_MAX_POSITIONS = 20_000
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
GEOCODE_QUERY_MAX = 200
GEOCODE_RESULTS = 5


# --- coordinates --------------------------------------------------------------------------


def check_location(
    latitude: float | None, longitude: float | None
) -> tuple[float | None, float | None]:
    """Both coordinates or neither, finite and within range (WGS 84), else a 422."""
    if latitude is None and longitude is None:
        return None, None
    if latitude is None or longitude is None:
        raise FieldError(
            _("Give both latitude and longitude, or neither."),
            "longitude" if longitude is None else "latitude",
        )
    if not math.isfinite(latitude) or not -90 <= latitude <= 90:
        raise FieldError(_("The latitude must be between -90 and 90."), "latitude")
    if not math.isfinite(longitude) or not -180 <= longitude <= 180:
        raise FieldError(_("The longitude must be between -180 and 180."), "longitude")
    return float(latitude), float(longitude)


# --- districts ----------------------------------------------------------------------------


def _districts(municipality: Municipality, *columns: Any) -> Select[Any]:
    return (
        select(*columns)
        .where(District.municipality_id == municipality.id)
        .order_by(District.name, District.id)
    )


def districts_of(municipality: Municipality) -> list[District]:
    """The municipality's districts, by name."""
    return list(db.session.scalars(_districts(municipality, District)))


def district_choices(municipality: Municipality) -> list[Choice]:
    """The municipality's districts as ``(id, name)`` choices, by name: what a filter offers,
    without loading each district's boundary."""
    rows = db.session.execute(_districts(municipality, District.id, District.name))
    return [Choice(id_, name) for id_, name in rows]


def district_for(
    municipality: Municipality, district_id: int | None, field: str = "district_id"
) -> District | None:
    """The municipality's district ``district_id`` (None for none); another's is a 422."""
    if not district_id:
        return None
    district = db.session.scalar(
        select(District).where(
            District.id == district_id, District.municipality_id == municipality.id
        )
    )
    if district is None:
        raise FieldError(_("Choose one of the districts in the list."), field)
    return district


def parse_boundary(text: str | None) -> str | None:
    """A GeoJSON Polygon or MultiPolygon (or a Feature of one) as compact JSON; None when empty.

    Positions are [longitude, latitude] within range, rings are closed with at least four
    positions, and the whole is capped in size: anything else is a 422 naming the problem.
    """
    text = (text or "").strip()
    if not text:
        return None
    if len(text.encode("utf-8")) > BOUNDARY_MAX_BYTES:
        raise FieldError(
            _("The boundary is too large (at most %(size)s kB).", size=BOUNDARY_MAX_BYTES // 1000),
            "boundary",
        )
    try:
        data = json.loads(text)
    except ValueError:
        raise FieldError(_("The boundary is not valid JSON."), "boundary") from None
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") not in GEOMETRY_TYPES:
        raise FieldError(_("The boundary must be a GeoJSON Polygon or MultiPolygon."), "boundary")
    coordinates = data.get("coordinates")
    polygons = [coordinates] if data["type"] == "Polygon" else coordinates
    positions = 0
    if not isinstance(polygons, list) or not polygons:
        raise FieldError(_("The boundary has no coordinates."), "boundary")
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise FieldError(_("The boundary has no coordinates."), "boundary")
        for ring in polygon:
            positions += _check_ring(ring)
    if positions > BOUNDARY_MAX_POSITIONS:
        raise FieldError(
            _("The boundary has too many points (at most %(count)s).",
              count=BOUNDARY_MAX_POSITIONS),
            "boundary",
        )  # fmt: skip
    return json.dumps({"type": data["type"], "coordinates": coordinates}, separators=(",", ":"))


def _check_ring(ring: Any) -> int:
    if not isinstance(ring, list) or len(ring) < 4:
        raise FieldError(_("Each ring of the boundary needs at least four positions."), "boundary")
    for position in ring:
        if (
            not isinstance(position, list)
            or len(position) not in (2, 3)
            or not all(
                isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n)
                for n in position
            )
            or not (-180 <= position[0] <= 180 and -90 <= position[1] <= 90)
        ):
            raise FieldError(
                _("Each position must be [longitude, latitude] within range."), "boundary"
            )
    if ring[0][:2] != ring[-1][:2]:
        raise FieldError(_("Each ring of the boundary must end where it starts."), "boundary")
    return len(ring)


def _clean_name(municipality: Municipality, name: str | None, *, other_than: int | None) -> str:
    name = (name or "").strip()
    if not name:
        raise FieldError(_("The name cannot be empty."), "name")
    if len(name) > NAME_MAX:
        raise FieldError(_("The name is too long."), "name")
    for district in districts_of(municipality):
        if district.id != other_than and fold(district.name) == fold(name):
            raise FieldError(_("There is already a district with this name."), "name")
    return name


def create_district(
    municipality: Municipality, *, actor: User, name: str, boundary: str | None
) -> District:
    """Add a district to the municipality (names unique per municipality), audited."""
    district = District(
        municipality_id=municipality.id,
        name=_clean_name(municipality, name, other_than=None),
        boundary=parse_boundary(boundary),
    )
    db.session.add(district)
    db.session.flush()
    audit.record("places.create_district", actor=actor, municipality=municipality,
                 target=district, name=district.name)  # fmt: skip
    return district


def edit_district(district: District, *, actor: User, name: str, boundary: str | None) -> None:
    """Rename a district or change its boundary, audited."""
    district.name = _clean_name(district.municipality, name, other_than=district.id)
    district.boundary = parse_boundary(boundary)
    db.session.flush()
    audit.record_on(district, "places.edit_district", actor=actor, name=district.name)


def delete_district(district: District, *, actor: User) -> None:
    """Remove a district: what was filed under it keeps its place, without a district."""
    audit.record_on(district, "places.delete_district", actor=actor, name=district.name)
    db.session.delete(district)
    db.session.flush()


# --- maps and address search --------------------------------------------------------------


def map_settings() -> dict[str, str]:
    """The tile layer every map draws (configured per installation)."""
    return {
        "tiles": current_app.config["MAP_TILE_URL"],
        "attribution": current_app.config["MAP_TILE_ATTRIBUTION"],
    }


def geocoding_enabled() -> bool:
    """Whether address search is configured (off by default)."""
    return bool(current_app.config.get("GEOCODER_URL"))


@dataclass(frozen=True)
class Found:
    label: str
    latitude: float
    longitude: float


class GeocodingError(DomainError):
    """The address search is off or did not answer: a message for the person, not a crash."""

    status = 409


def geocode(query: str) -> list[Found]:
    """Places matching ``query`` from the configured Nominatim-compatible service."""
    url = current_app.config.get("GEOCODER_URL")
    if not url:
        raise GeocodingError(_("Address search is not available on this site."))
    query = (query or "").strip()[:GEOCODE_QUERY_MAX]
    if not query:
        raise GeocodingError(_("Type an address to search for."), status=422)
    try:
        response = requests.get(
            url,
            params={"q": query, "format": "jsonv2", "limit": str(GEOCODE_RESULTS)},
            headers={"User-Agent": current_app.config["GEOCODER_USER_AGENT"]},
            timeout=current_app.config["GEOCODER_TIMEOUT"],
        )
        response.raise_for_status()
        rows = response.json()
    except (requests.RequestException, ValueError) as exc:
        logger.warning("geocoding failed: %s", exc)
        raise GeocodingError(
            _("The address search did not answer. Try again later, or type the coordinates.")
        ) from None
    found = []
    for row in rows if isinstance(rows, list) else []:
        try:
            latitude, longitude = check_location(float(row["lat"]), float(row["lon"]))
        except (KeyError, TypeError, ValueError, DomainError):
            continue  # a malformed row is skipped, not shown
        assert latitude is not None and longitude is not None
        label = str(row.get("display_name") or query)[:300]
        found.append(Found(label, latitude, longitude))
    return found[:GEOCODE_RESULTS]
