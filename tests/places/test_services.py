"""Coordinates and GeoJSON boundaries are checked in the service; districts are per municipality."""

from __future__ import annotations

import json

import pytest

from participa.core.errors import DomainError
from participa.core.models import AuditEntry
from participa.extensions import db
from participa.places import services
from participa.places.models import District
from tests.rows import count_rows

SQUARE = [[-62.27, -38.72], [-62.26, -38.72], [-62.26, -38.71], [-62.27, -38.71], [-62.27, -38.72]]
POLYGON = {"type": "Polygon", "coordinates": [SQUARE]}


@pytest.mark.parametrize(
    ("lat", "lon"), [(0.0, 0.0), (-90.0, -180.0), (90.0, 180.0), (-38.7183, -62.2663)]
)
def test_coordinates_within_range_pass(lat, lon):
    assert services.check_location(lat, lon) == (lat, lon)


@pytest.mark.parametrize(
    ("lat", "lon", "field", "message"),
    [
        (90.0001, 0.0, "latitude", "between -90 and 90"),
        (-91.0, 0.0, "latitude", "between -90 and 90"),
        (0.0, 180.5, "longitude", "between -180 and 180"),
        (0.0, -181.0, "longitude", "between -180 and 180"),
        (float("nan"), 0.0, "latitude", "between -90 and 90"),
        (0.0, float("inf"), "longitude", "between -180 and 180"),
        (10.0, None, "longitude", "both"),
        (None, 10.0, "latitude", "both"),
    ],
)
def test_coordinates_out_of_range_or_alone_are_422(lat, lon, field, message):
    with pytest.raises(services.FieldError) as exc:
        services.check_location(lat, lon)
    assert exc.value.status == 422 and exc.value.field == field
    assert message in exc.value.message


def test_no_coordinates_is_no_place():
    assert services.check_location(None, None) == (None, None)


@pytest.mark.parametrize(
    "geometry",
    [
        POLYGON,
        {"type": "MultiPolygon", "coordinates": [[SQUARE], [SQUARE]]},
        {"type": "Feature", "properties": {"name": "x"}, "geometry": POLYGON},
    ],
)
def test_polygons_are_kept_as_compact_geometry(geometry):
    kept = json.loads(services.parse_boundary(json.dumps(geometry)))
    assert kept["type"] in ("Polygon", "MultiPolygon") and "properties" not in kept


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        (json.dumps({"type": "Point", "coordinates": [0, 0]}), "Polygon or MultiPolygon"),
        (json.dumps({"type": "FeatureCollection", "features": []}), "Polygon or MultiPolygon"),
        (json.dumps([1, 2]), "Polygon or MultiPolygon"),
        (json.dumps({"type": "Polygon", "coordinates": []}), "no coordinates"),
        (json.dumps({"type": "Polygon", "coordinates": [SQUARE[:3]]}), "at least four"),
        (json.dumps({"type": "Polygon", "coordinates": [[*SQUARE[:4], [-62.0, -38.0]]]}),
         "end where it starts"),
        (json.dumps({"type": "Polygon", "coordinates": [[[200, 0], [1, 0], [1, 1], [200, 0]]]}),
         "within range"),
        (json.dumps({"type": "Polygon", "coordinates": [[["a", 0], [1, 0], [1, 1], ["a", 0]]]}),
         "within range"),
        (json.dumps({"type": "Polygon", "coordinates": [[[True, 0], [1, 0], [1, 1], [True, 0]]]}),
         "within range"),
    ],
)  # fmt: skip
def test_bad_boundaries_are_422(text, message):
    with pytest.raises(services.FieldError) as exc:
        services.parse_boundary(text)
    assert exc.value.status == 422 and exc.value.field == "boundary"
    assert message in exc.value.message


def test_boundaries_are_size_capped(monkeypatch):
    ring = [[-62.0 + i * 1e-6, -38.0] for i in range(services.BOUNDARY_MAX_POSITIONS + 1)]
    ring.append(ring[0])
    text = json.dumps({"type": "Polygon", "coordinates": [ring]}, separators=(",", ":"))
    with pytest.raises(services.FieldError, match=r"too large|too many"):
        services.parse_boundary(text)
    monkeypatch.setattr(services, "BOUNDARY_MAX_BYTES", 10_000_000)
    with pytest.raises(services.FieldError, match="too many points"):
        services.parse_boundary(text)


def test_empty_boundary_is_none():
    assert services.parse_boundary("  ") is None


def test_districts_are_audited_and_unique_per_municipality(
    municipality, other_municipality, staff, other_staff
):
    district = services.create_district(municipality, actor=staff, name="Centro", boundary=None)
    db.session.commit()
    with pytest.raises(DomainError, match="already a district"):
        services.create_district(municipality, actor=staff, name=" centro ", boundary=None)
    db.session.rollback()
    # Another municipality may have its own "Centro".
    services.create_district(other_municipality, actor=other_staff, name="Centro", boundary=None)
    services.edit_district(district, actor=staff, name="Centro histórico",
                           boundary=json.dumps(POLYGON))  # fmt: skip
    services.delete_district(district, actor=staff)
    db.session.commit()
    actions = [e.action for e in db.session.query(AuditEntry).order_by(AuditEntry.id)]
    assert actions == [
        "places.create_district",
        "places.create_district",
        "places.edit_district",
        "places.delete_district",
    ]
    assert count_rows(District) == 1


def test_district_for_refuses_another_municipalitys(municipality, other_municipality, other_staff):
    foreign = services.create_district(other_municipality, actor=other_staff, name="Norte",
                                       boundary=None)  # fmt: skip
    assert services.district_for(other_municipality, foreign.id) is foreign
    assert services.district_for(municipality, None) is None
    with pytest.raises(services.FieldError) as exc:
        services.district_for(municipality, foreign.id)
    assert exc.value.status == 422 and exc.value.field == "district_id"
