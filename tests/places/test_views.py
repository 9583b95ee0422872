"""District pages (staff, audited, validated, scoped), the boundaries, the address search with
a fake geocoder, and the CSP's tile host."""

from __future__ import annotations

import json

import pytest
import requests
from sqlalchemy import select

from participa.core.models import AuditEntry
from participa.core.security import content_security_policy, tile_source
from participa.extensions import db
from participa.places import services
from participa.places.models import District
from tests.places.helpers import make_district
from tests.rows import count_rows

M = "/m/villa-norte"
SQUARE = [[-62.27, -38.72], [-62.26, -38.72], [-62.26, -38.71], [-62.27, -38.71], [-62.27, -38.72]]
POLYGON = json.dumps({"type": "Polygon", "coordinates": [SQUARE]})


def test_staff_add_a_district_with_a_boundary(client, login, municipality, staff):
    login(staff)
    assert client.get(f"{M}/places/districts").status_code == 200
    response = client.post(f"{M}/places/districts", data={"name": "Centro", "boundary": POLYGON})
    assert response.status_code == 302
    district = db.session.scalars(select(District)).one()
    assert district.municipality_id == municipality.id
    assert json.loads(district.boundary)["type"] == "Polygon"
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.action == "places.create_district" and entry.target_id == district.id
    assert "Centro" in client.get(f"{M}/places/districts").text


def test_bad_geojson_is_422_with_the_message_and_the_text_kept(client, login, staff):
    login(staff)
    bad = '{"type": "Point", "coordinates": [0, 0]}'
    page = client.post(f"{M}/places/districts", data={"name": "Centro", "boundary": bad})
    assert page.status_code == 422
    assert "must be a GeoJSON Polygon or MultiPolygon" in page.text
    assert "&#34;Point&#34;" in page.text or "&quot;Point&quot;" in page.text
    assert count_rows(District) == 0 and count_rows(AuditEntry) == 0


def test_oversized_boundary_is_refused(client, login, staff):
    login(staff)
    huge = "x" * (services.BOUNDARY_MAX_BYTES + 10)
    page = client.post(f"{M}/places/districts", data={"name": "Centro", "boundary": huge})
    assert page.status_code == 422 and count_rows(District) == 0


def test_duplicate_name_is_422(client, login, municipality, staff):
    make_district(municipality, "Centro")
    login(staff)
    page = client.post(f"{M}/places/districts", data={"name": "CENTRO"})
    assert page.status_code == 422 and "already a district" in page.text


def test_edit_and_delete(client, login, municipality, staff):
    district = make_district(municipality)
    login(staff)
    url = f"{M}/places/districts/{district.id}/edit"
    assert 'value="Centro"' in client.get(url).text
    assert client.post(url, data={"name": "Norte", "boundary": ""}).status_code == 302
    db.session.expire_all()
    assert db.session.get(District, district.id).name == "Norte"
    response = client.post(f"{M}/places/districts/{district.id}/delete")
    assert response.status_code == 302 and count_rows(District) == 0
    actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["places.edit_district", "places.delete_district"]


def test_people_without_the_role_are_refused(client, login, municipality, user, moderator):
    district = make_district(municipality)
    for person in (user, moderator):
        login(person)
        assert client.get(f"{M}/places/districts").status_code == 403
        assert client.post(f"{M}/places/districts", data={"name": "X"}).status_code == 403
        assert client.post(f"{M}/places/districts/{district.id}/delete").status_code == 403
    assert count_rows(District) == 1


def test_another_municipalitys_district_looks_missing(
    client, login, municipality, other_municipality, staff, other_staff
):
    foreign = make_district(other_municipality)
    login(staff)
    assert client.get(f"{M}/places/districts/{foreign.id}/edit").status_code == 404
    assert client.post(f"{M}/places/districts/{foreign.id}/delete").status_code == 404
    # Their staff cannot manage ours either.
    ours = make_district(municipality, "Sur")
    login(other_staff)
    assert client.post(f"{M}/places/districts/{ours.id}/delete").status_code == 403
    assert count_rows(District) == 2


def test_boundaries_are_public_geojson_of_this_municipality_only(
    client, municipality, other_municipality
):
    make_district(municipality, "Centro", services.parse_boundary(POLYGON))
    make_district(municipality, "Sin límite")
    make_district(other_municipality, "Ajeno", services.parse_boundary(POLYGON))
    response = client.get(f"{M}/places/districts.geojson")
    assert response.status_code == 200 and response.mimetype == "application/geo+json"
    names = [f["properties"]["name"] for f in response.json["features"]]
    assert names == ["Centro"]


# --- Address search -------------------------------------------------------------------------


class FakeResponse:
    def __init__(self, payload, status=200):
        self.payload, self.status_code = payload, status

    def raise_for_status(self):
        if self.status_code >= 400:
            raise requests.HTTPError(f"{self.status_code}")

    def json(self):
        return self.payload


@pytest.fixture
def geocoder(app, monkeypatch):
    """A fake Nominatim: records the calls, answers ``answer`` (a payload or an exception)."""
    monkeypatch.setitem(app.config, "GEOCODER_URL", "https://geocoder.test/search")
    calls = []

    class Fake:
        answer: object = [
            {"lat": "-38.7183", "lon": "-62.2663", "display_name": "Plaza Rivadavia, Bahía"},
            {"lat": "not a number", "lon": "0", "display_name": "Broken row"},
            {"lat": "95", "lon": "0", "display_name": "Out of range"},
        ]

        def get(self, url, **kwargs):
            calls.append((url, kwargs))
            if isinstance(self.answer, Exception):
                raise self.answer
            return FakeResponse(self.answer)

    fake = Fake()
    monkeypatch.setattr(services.requests, "get", fake.get)
    fake.calls = calls
    return fake


def test_geocoding_is_off_by_default(client, login, municipality, user, app):
    assert app.config["GEOCODER_URL"] is None
    login(user)
    response = client.get(f"{M}/places/geocode?format=json&q=Plaza")
    assert response.status_code == 409
    assert response.json["error"] == "Address search is not available on this site."


def test_geocoding_asks_the_server_with_timeout_and_user_agent(
    client, login, municipality, user, geocoder
):
    login(user)
    response = client.get(f"{M}/places/geocode?format=json&q=Plaza Rivadavia")
    assert response.status_code == 200
    assert response.json["results"] == [
        {"label": "Plaza Rivadavia, Bahía", "lat": -38.7183, "lon": -62.2663}
    ]
    url, kwargs = geocoder.calls[0]
    assert url == "https://geocoder.test/search"
    assert kwargs["params"]["q"] == "Plaza Rivadavia" and kwargs["timeout"] > 0
    assert kwargs["headers"]["User-Agent"]
    # Without JavaScript, the same search is a page listing the coordinates.
    page = client.get(f"{M}/places/geocode?q=Plaza Rivadavia")
    assert page.status_code == 200 and "-38.718300" in page.text


@pytest.mark.parametrize(
    "failure", [requests.Timeout("slow"), requests.ConnectionError("down"), ValueError("html")]
)
def test_geocoding_failures_give_a_clear_message(
    client, login, municipality, user, geocoder, failure
):
    geocoder.answer = failure
    login(user)
    response = client.get(f"{M}/places/geocode?format=json&q=Plaza")
    assert response.status_code == 409
    assert "did not answer" in response.json["error"] and response.json["results"] == []
    page = client.get(f"{M}/places/geocode?q=Plaza")
    assert page.status_code == 409 and "did not answer" in page.text


def test_geocoding_needs_a_query_and_a_person(client, login, municipality, user, geocoder):
    login(user)
    assert client.get(f"{M}/places/geocode?format=json&q=").status_code == 422
    assert client.get(f"{M}/places/geocode?format=json&q=" + "x" * 300).status_code == 422
    assert client.get(f"{M}/places/geocode").status_code == 200  # the empty search form
    anonymous = client.application.test_client()
    assert anonymous.get(f"{M}/places/geocode?q=Plaza").status_code in (302, 401)
    assert len(geocoder.calls) == 0


def test_no_result_says_so(client, login, municipality, user, geocoder):
    geocoder.answer = []
    login(user)
    response = client.get(f"{M}/places/geocode?format=json&q=Nowhere")
    assert response.status_code == 200 and "No place was found" in response.json["error"]


# --- Tiles and the CSP ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tiles.example.org:8443/{z}/{x}/{y}.png", "https://*.tiles.example.org:8443"),
        ("/static/tiles/{z}/{x}/{y}.png", None),
        ("javascript:alert(1)", None),
        ("https://evil.example; script-src *", None),
        ("", None),
    ],
)
def test_tile_source(url, source):
    assert tile_source(url) == source


def test_csp_allows_images_only_from_the_tile_host():
    policy = content_security_policy("https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in policy
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy


def test_pages_send_the_configured_csp(client, app):
    from tests.conftest import app_like

    other = app_like(app, MAP_TILE_URL="https://tiles.example.net/{z}/{x}/{y}.png")
    header = other.test_client().get("/").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://tiles.example.net;" in header
    assert "tiles.example.net" not in client.get("/").headers["Content-Security-Policy"]
