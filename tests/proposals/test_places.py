"""Proposals and places: district and coordinates on the form (typed, no JavaScript needed), the
map of a consultation's proposals, and the municipality-wide list with its filters and sorts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from participa.db import utcnow
from participa.extensions import db
from participa.proposals.models import Proposal
from tests import factories
from tests.consultations.helpers import add_supports, make_consultation, make_proposal
from tests.places.helpers import make_district
from tests.rows import count_rows

M = "/m/villa-norte"
DATA = {
    "title": "Bicisendas en el centro",
    "body": "Construcción de bicisendas seguras en las avenidas principales.",
    "category_id": "0",
    "district_id": "0",
    "location_text": "Av. Alem 1200",
    "latitude": "-38.7183",
    "longitude": "-62.2663",
    "publish": "1",
}


def test_typed_coordinates_and_district_are_saved(client, login, municipality, resident):
    consultation = make_consultation(municipality)
    district = make_district(municipality)
    login(resident)
    url = f"{M}/consultations/{consultation.id}/proposals/new"
    form = client.get(url).text
    assert "data-map-picker" in form and f'<option value="{district.id}">Centro' in form
    response = client.post(url, data={**DATA, "district_id": str(district.id)})
    assert response.status_code == 302
    proposal = db.session.scalars(select(Proposal)).one()
    assert (proposal.latitude, proposal.longitude) == (-38.7183, -62.2663)
    assert proposal.district_id == district.id and proposal.location_text == "Av. Alem 1200"
    page = client.get(response.headers["Location"]).text
    assert "District: Centro" in page and "-38.71830, -62.26630" in page and "data-map" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"latitude": "95"}, "Number must be between -90 and 90"),
        ({"longitude": "-200"}, "Number must be between -180 and 180"),
        ({"longitude": ""}, "Give both latitude and longitude, or neither."),
        ({"latitude": "north"}, "Not a valid float value."),
    ],
)
def test_bad_coordinates_are_422_and_keep_what_was_typed(
    client, login, municipality, resident, change, message
):
    consultation = make_consultation(municipality)
    login(resident)
    page = client.post(
        f"{M}/consultations/{consultation.id}/proposals/new", data={**DATA, **change}
    )
    assert page.status_code == 422 and message in page.text
    assert 'value="Av. Alem 1200"' in page.text and count_rows(Proposal) == 0


def test_another_municipalitys_district_is_refused(
    client, login, municipality, other_municipality, resident
):
    consultation = make_consultation(municipality)
    foreign = make_district(other_municipality)
    login(resident)
    page = client.post(
        f"{M}/consultations/{consultation.id}/proposals/new",
        data={**DATA, "district_id": str(foreign.id)},
    )
    assert page.status_code == 422 and count_rows(Proposal) == 0


def test_consultation_list_filters_by_district_and_links_its_map(client, municipality):
    consultation = make_consultation(municipality, phase="supports")
    centro, norte = make_district(municipality), make_district(municipality, "Norte")
    make_proposal(consultation, title="Plaza del centro", district_id=centro.id,
                  latitude=-38.71, longitude=-62.26)  # fmt: skip
    make_proposal(consultation, title="Club del norte", district_id=norte.id)
    make_proposal(consultation, title="Sin lugar")
    base = f"{M}/consultations/{consultation.id}/proposals/"
    page = client.get(f"{base}?district={centro.id}").text
    assert "Plaza del centro" in page and "Club del norte" not in page
    assert f"/proposals/map?district={centro.id}" in page
    # The map lists (and draws) only the located proposals matching the filters.
    mapped = client.get(f"{base}map?district={centro.id}")
    assert mapped.status_code == 200 and "Plaza del centro" in mapped.text
    assert "Sin lugar" not in mapped.text and "data-points" in mapped.text
    assert "Plaza del centro" not in client.get(f"{base}map?district={norte.id}").text
    assert client.get(f"{base}map?district=abc").status_code == 200


def test_map_of_a_draft_consultation_looks_missing(client, municipality):
    consultation = make_consultation(municipality, status="draft")
    assert client.get(f"{M}/consultations/{consultation.id}/proposals/map").status_code == 404


# --- The municipality-wide list ------------------------------------------------------------------


@pytest.fixture
def spread(municipality, other_municipality):
    """Proposals in two consultations, a draft one and another municipality."""
    first = make_consultation(municipality, phase="supports", title="Plazas")
    second = make_consultation(municipality, phase="supports", title="Movilidad")
    draft = make_consultation(municipality, status="draft", title="Borrador")
    foreign = make_consultation(other_municipality, phase="supports")
    centro = make_district(municipality)
    now = utcnow()
    a = make_proposal(first, title="Alfa plaza", district_id=centro.id,
                      created_at=now - timedelta(days=3))  # fmt: skip
    b = make_proposal(second, title="Beta bici", state="accepted",
                      created_at=now - timedelta(days=2))  # fmt: skip
    c = make_proposal(second, title="Gamma colectivo", created_at=now - timedelta(days=1))
    make_proposal(draft, title="Delta borrador")
    make_proposal(foreign, title="Épsilon ajena")
    hidden = make_proposal(first, title="Zeta oculta")
    hidden.hidden_at = now
    db.session.commit()
    add_supports(b, [factories.UserFactory() for _ in range(3)])
    add_supports(a, [factories.UserFactory()])
    return {"first": first, "second": second, "centro": centro, "a": a, "b": b, "c": c}


def _titles(text):
    return [t for t in ("Alfa plaza", "Beta bici", "Gamma colectivo", "Delta borrador",
                        "Épsilon ajena", "Zeta oculta") if t in text]  # fmt: skip


def test_municipality_list_shows_public_proposals_of_every_consultation(client, spread):
    page = client.get(f"{M}/proposals/")
    assert page.status_code == 200
    assert _titles(page.text) == ["Alfa plaza", "Beta bici", "Gamma colectivo"]
    assert "3 proposals" in page.text and "Plazas" in page.text and "Movilidad" in page.text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("state=accepted", ["Beta bici"]),
        ("district={centro}", ["Alfa plaza"]),
        ("consultation={second}", ["Beta bici", "Gamma colectivo"]),
        ("consultation={second}&state=published", ["Gamma colectivo"]),
        ("state=nonsense&district=x&consultation=", ["Alfa plaza", "Beta bici", "Gamma colectivo"]),
        ("q=bici", ["Beta bici"]),
    ],
)
def test_municipality_list_filters(client, spread, args, expected):
    args = args.format(centro=spread["centro"].id, second=spread["second"].id)
    page = client.get(f"{M}/proposals/?{args}")
    assert page.status_code == 200 and _titles(page.text) == expected


def test_municipality_list_category_filter(client, municipality, spread):
    from participa.consultations.models import Category

    topic = Category(municipality_id=municipality.id, name="Movilidad urbana")
    db.session.add(topic)
    db.session.flush()
    spread["c"].category_id = topic.id
    db.session.commit()
    assert _titles(client.get(f"{M}/proposals/?category={topic.id}").text) == ["Gamma colectivo"]


def _order(text):
    titles = ["Alfa plaza", "Beta bici", "Gamma colectivo"]
    return sorted(titles, key=text.index)


def test_municipality_list_sorts(client, spread):
    assert _order(client.get(f"{M}/proposals/").text) == [
        "Gamma colectivo",
        "Beta bici",
        "Alfa plaza",
    ]  # newest first by default
    assert _order(client.get(f"{M}/proposals/?sort=supports").text) == [
        "Beta bici",
        "Alfa plaza",
        "Gamma colectivo",
    ]
    # Random: one seed per visitor, the same order while paging or coming back.
    first = _order(client.get(f"{M}/proposals/?sort=random").text)
    assert _order(client.get(f"{M}/proposals/?sort=random").text) == first
    assert client.get(f"{M}/proposals/?sort=comments").status_code == 200  # falls back


def test_municipality_list_staff_see_hidden(client, login, staff, spread):
    login(staff)
    assert "Zeta oculta" in client.get(f"{M}/proposals/").text


def test_municipality_list_pages(client, municipality):
    consultation = make_consultation(municipality, phase="supports")
    for n in range(21):
        make_proposal(consultation, title=f"Propuesta número {n:02d}")
    assert "Propuesta número 00" not in client.get(f"{M}/proposals/").text
    assert "Propuesta número 00" in client.get(f"{M}/proposals/?page=2").text
    assert client.get(f"{M}/proposals/?page=9").status_code == 404
    assert client.get(f"{M}/proposals/?page=x").status_code == 400


@pytest.mark.parametrize("as_user", [False, True])
def test_municipality_list_query_count_is_constant(
    client, login, municipality, resident, count_queries, as_user
):
    if as_user:
        login(resident)
    centro = make_district(municipality)

    def grow(n):
        consultation = make_consultation(municipality, phase="supports")
        for _ in range(n):
            p = make_proposal(consultation, district_id=centro.id)
            add_supports(p, [factories.UserFactory()])

    grow(2)
    with count_queries() as small:
        assert client.get(f"{M}/proposals/").status_code == 200
    grow(12)
    grow(12)
    with count_queries() as big:
        assert client.get(f"{M}/proposals/").status_code == 200
    assert small.count == big.count, big.statements
    assert big.count <= 12


def test_anonymous_municipality_list_is_cached_briefly(app, client, municipality, monkeypatch):
    from participa.extensions import cache

    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 30)
    cache.clear()
    consultation = make_consultation(municipality, phase="supports")
    make_proposal(consultation, title="Primera propuesta")
    assert "Primera propuesta" in client.get(f"{M}/proposals/").text
    make_proposal(consultation, title="Segunda propuesta")
    assert "Segunda propuesta" not in client.get(f"{M}/proposals/").text
    # Another filter is another page.
    assert "Segunda propuesta" in client.get(f"{M}/proposals/?sort=supports").text


def test_signed_in_readers_who_see_the_same_proposals_share_one_listing(
    app, client, login, municipality, resident, staff, spread, monkeypatch
):
    from participa.extensions import cache

    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 30)
    cache.clear()
    login(resident)
    assert _titles(client.get(f"{M}/proposals/").text) == [
        "Alfa plaza",
        "Beta bici",
        "Gamma colectivo",
    ]
    make_proposal(spread["first"], title="Eta nueva")
    # Nothing on the list is personal: another resident reads the same rendering, for a while.
    login(factories.UserFactory())
    assert "Eta nueva" not in client.get(f"{M}/proposals/").text
    # Staff see hidden proposals: never the residents' rendering, nor theirs the staff's.
    login(staff)
    staff_page = client.get(f"{M}/proposals/").text
    assert "Zeta oculta" in staff_page and "Eta nueva" in staff_page
    login(resident)
    assert "Zeta oculta" not in client.get(f"{M}/proposals/").text
