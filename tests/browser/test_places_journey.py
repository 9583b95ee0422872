"""Places in a real browser (issue 15): a citizen chooses the place of a proposal by clicking
the map (with JavaScript) or by typing the coordinates (without); the proposal's page and the
consultation's map show it. Tiles come from the site itself (TestConfig.MAP_TILE_URL), so the
map draws offline and a tile is never a console error. Every page visited is checked at 1280
and 390 px for sideways scroll and serious accessibility problems."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from participa.extensions import db
from participa.places.models import District
from participa.proposals.models import Proposal
from tests.browser.checks import opened, page_problems
from tests.browser.conftest import Journey, localized, spanish_speaker, villa_norte
from tests.consultations.helpers import make_consultation, make_proposal

pytestmark = pytest.mark.browser

EMAIL = "marta.gil@example.org"
TITLE = "Bancos a la sombra en la plaza"
BODY = "Poner bancos y árboles para que las personas mayores puedan descansar en verano."


@pytest.fixture
def setting(live_server):
    with live_server.app.app_context():
        municipality = villa_norte()
        spanish_speaker(EMAIL, "Marta Gil")
        consultation = make_consultation(municipality, title="Plazas para todos")
        db.session.add(District(municipality_id=municipality.id, name="Centro"))
        make_proposal(
            consultation,
            title="Fuente en la plaza central",
            latitude=-38.7183,
            longitude=-62.2663,
            location_text="Plaza central",
        )
        db.session.commit()
        live_server.consultation_id = consultation.id
    return live_server


def _text(live, msgid, **params):
    return localized(live.app, msgid, **params)


def _saved(live) -> Proposal:
    with live.app.app_context():
        proposal = db.session.scalars(select(Proposal).where(Proposal.title == TITLE)).one()
        db.session.expunge(proposal)
        return proposal


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_click_the_map_to_place_a_proposal(chromium, setting, width):
    from playwright.sync_api import expect

    live = setting
    new = f"/m/villa-norte/consultations/{live.consultation_id}/proposals/new"
    errors: list[str] = []
    # Without bypassing the CSP: Leaflet and the map script run under the real policy.
    with opened(chromium, live.url, width=width) as page:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        Journey(page=page, live=live).log_in_on_its_page(EMAIL)
        page.goto(new)
        picker = page.locator("div[data-map-picker]")
        expect(picker).to_be_visible()
        expect(picker.locator(".leaflet-tile-loaded").first).to_be_attached()
        page.get_by_label(_text(live, "Title")).fill(TITLE)
        page.get_by_label(_text(live, "Your proposal")).fill(BODY)
        page.get_by_label(_text(live, "District")).select_option(label="Centro")
        picker.scroll_into_view_if_needed()
        picker.click(position={"x": 60, "y": 50})
        latitude = page.get_by_label(_text(live, "Latitude"))
        longitude = page.get_by_label(_text(live, "Longitude"))
        expect(latitude).to_have_value(re.compile(r"^-?\d+\.\d{6}$"))
        expect(longitude).to_have_value(re.compile(r"^-?\d+\.\d{6}$"))
        clicked = (float(latitude.input_value()), float(longitude.input_value()))
        assert page_problems(page, axe=False) == []
        page.get_by_role("button", name=_text(live, "Publish")).click()
        expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
        expect(page.locator("div[data-map] .leaflet-marker-icon")).to_have_count(1)
        assert page_problems(page, axe=False) == []
        page.goto(f"/m/villa-norte/consultations/{live.consultation_id}/proposals/map")
        expect(page.locator("div[data-map] .leaflet-marker-icon")).to_have_count(2)
        assert page_problems(page, axe=False) == []
    assert errors == [], errors
    proposal = _saved(live)
    assert (proposal.latitude, proposal.longitude) == clicked
    assert proposal.district_id is not None

    # Accessibility of the same pages (axe-core needs the CSP bypassed to be injected).
    with opened(chromium, live.url, width=width, axe=True) as page:
        Journey(page=page, live=live).log_in_on_its_page(EMAIL)
        for path in (
            new,
            f"/m/villa-norte/proposals/{proposal.id}",
            f"/m/villa-norte/consultations/{live.consultation_id}/proposals/map",
            "/m/villa-norte/proposals/",
        ):
            page.goto(path)
            page.wait_for_load_state("load")
            assert page_problems(page) == [], path


def test_without_javascript_typed_coordinates_are_saved(chromium, setting):
    from playwright.sync_api import expect

    live = setting
    new = f"/m/villa-norte/consultations/{live.consultation_id}/proposals/new"
    map_page = f"/m/villa-norte/consultations/{live.consultation_id}/proposals/map"
    with opened(chromium, live.url, width="phone", javascript=False) as page:
        Journey(page=page, live=live).log_in_on_its_page(EMAIL)
        page.goto(new)
        expect(page.locator("div[data-map-picker]")).to_be_hidden()
        page.get_by_label(_text(live, "Title")).fill(TITLE)
        page.get_by_label(_text(live, "Your proposal")).fill(BODY)
        page.get_by_label(_text(live, "Place"), exact=True).fill("Plaza Rivadavia")
        page.get_by_label(_text(live, "Latitude")).fill("-38.7190")
        page.get_by_label(_text(live, "Longitude")).fill("-62.2650")
        page.get_by_role("button", name=_text(live, "Publish")).click()
        expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
        expect(page.get_by_text("-38.71900, -62.26500")).to_be_visible()
        # The consultation's map is a list of links without JavaScript.
        page.goto(map_page)
        places = page.locator("ul.places-list")
        expect(places.get_by_role("link", name=TITLE)).to_be_visible()
        expect(places.get_by_role("link", name="Fuente en la plaza central")).to_be_visible()
    proposal = _saved(live)
    assert (proposal.latitude, proposal.longitude) == (-38.719, -62.265)
    assert proposal.location_text == "Plaza Rivadavia"

    # The same pages as they are without JavaScript, checked by axe-core (which needs scripts
    # to run itself): the page's own scripts are blocked, so the map stays a list.
    with opened(chromium, live.url, width="phone", axe=True) as page:
        page.route(re.compile(r".*/(leaflet|places-map)\.js.*"), lambda route: route.abort())
        Journey(page=page, live=live).log_in_on_its_page(EMAIL)
        for path in (new, f"/m/villa-norte/proposals/{proposal.id}", map_page):
            page.goto(path)
            expect(page.locator("div[data-map], div[data-map-picker]").first).to_be_hidden()
            assert page_problems(page) == [], path
