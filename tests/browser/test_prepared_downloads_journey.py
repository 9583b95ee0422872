"""A large open dataset being prepared, in a real browser: the visitor waits on a page that
shows the progress and a link to check again (no JavaScript needed); staff follow the build on the
prepared downloads page. Both at a phone's and a desktop's width, with and without JavaScript,
without sideways scroll or serious accessibility violations."""

from __future__ import annotations

import re

import pytest

from participa.core.models import PreparedFile
from participa.db import utcnow
from participa.extensions import db
from participa.opendata import prepared
from tests import factories
from tests.browser.checks import opened, page_problems
from tests.consultations.helpers import make_consultation, make_proposal

pytestmark = pytest.mark.browser

STAFF_EMAIL = "datos@villanorte.example.org"


@pytest.fixture
def building(live_server):
    """Villa Norte with a large proposals dataset whose CSV file a worker is building."""
    app = live_server.app
    app.config["OPENDATA_PREPARE_ROWS"] = 1
    app.config["EXPORTS_RETRY_AFTER"] = 300
    with app.app_context(), app.test_request_context("/"):
        municipality = factories.MunicipalityFactory(slug="villa-norte", name="Villa Norte",
                                                     default_locale="en")  # fmt: skip
        factories.member(municipality, "admin", email=STAFF_EMAIL)
        consultation = make_consultation(municipality, phase="supports", title="Plazas")
        for title in ("Bancos", "Veredas", "Árboles"):
            make_proposal(consultation, title=title)
        db.session.commit()
        found = prepared.services.facts(prepared.registry.get_or_404("proposals"), municipality.id)
        record = prepared.prepare("proposals", "csv", municipality, found)
        # A worker is building it: the request waits for that build, it starts none.
        record.status, record.started_at, record.done = "running", utcnow(), 2
        db.session.commit()
    return live_server


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("javascript", [False, True])
def test_a_visitor_waits_for_a_large_download(chromium, building, width, javascript):
    with opened(chromium, building.url, width=width, javascript=javascript, axe=True,
                locale="en") as page:  # fmt: skip
        response = page.goto("/m/villa-norte/datos/proposals.csv")
        assert response.status == 202
        assert response.headers["retry-after"] == "300"
        # No automatic reload (axe-core's meta-refresh rule, WCAG 2.2.1): a link instead.
        assert page.locator('meta[http-equiv="refresh"]').count() == 0
        assert page.get_by_role("status").is_visible()
        assert page.get_by_text("2 of 3 rows done").is_visible()
        assert page.get_by_role("link", name="Check again now").is_visible()
        # axe-core is a script: without JavaScript only the layout can be checked.
        assert page_problems(page, axe=javascript) == []


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_staff_follow_the_build(chromium, building, width):
    from playwright.sync_api import expect

    with opened(chromium, building.url, width=width, javascript=True, axe=True,
                locale="en") as page:  # fmt: skip
        page.goto("/account/login")
        page.get_by_label("E-mail address").fill(STAFF_EMAIL)
        page.get_by_label("Password").fill(factories.PASSWORD)
        page.get_by_role("button", name="Log in").click()
        # Web-first assertions wait for the page a click opens; is_visible() answers at once.
        expect(page).not_to_have_url(re.compile("/account/login"))
        page.goto("/m/villa-norte/datos/")
        page.get_by_role("link", name="Prepared downloads").click()
        expect(page.get_by_role("heading", name="Prepared downloads")).to_be_visible()
        expect(page.get_by_text(re.compile(r"Being prepared"))).to_be_visible()
        expect(page.get_by_text(re.compile(r"2 of 3 rows done"))).to_be_visible()
        assert page_problems(page) == []
    with building.app.app_context():
        assert db.session.query(PreparedFile).count() == 1
