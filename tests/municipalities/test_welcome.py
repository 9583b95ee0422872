"""The first-visit page: how to take part here, using the municipality's real settings."""

from __future__ import annotations

from participa.extensions import db
from participa.municipalities.census import load_census
from tests.consultations.helpers import make_consultation
from tests.english import _english  # noqa: F401 - an autouse fixture
from tests.legislation.support import make_draft
from tests.municipalities.factories_extra import residency_request

URL = "/m/villa-norte/welcome"


def _section(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def test_open_processes_are_sorted_by_who_may_take_part(client, municipality, other_municipality):
    make_consultation(municipality, title="Open to all", participation="registered")
    make_draft(municipality, title="Residents draft", participation="verified")
    make_consultation(municipality, title="Unpublished", status="draft")
    make_consultation(other_municipality, title="Elsewhere")
    page = client.get(URL).text
    anyone, residents = _section(page, "step-open"), _section(page, "step-verify")
    assert "Open to all" in anyone and "Residents draft" not in anyone
    assert "Residents draft" in residents and "Open to all" not in residents
    assert "Unpublished" not in page and "Elsewhere" not in page
    assert "Open now to anyone with a confirmed account: 1 process." in anyone


def test_verification_explains_the_census_when_there_is_one(client, municipality, staff):
    page = client.get(URL).text
    assert "Send a request telling staff" in page and "loaded its census" not in page
    report = load_census(municipality, actor=staff, data=b"document\n12345678\n")
    db.session.commit()
    assert report.loaded == 1
    page = client.get(URL).text
    assert "Villa Norte has loaded its census" in page


def test_signed_out_visitors_are_invited_to_sign_up(client, municipality):
    page = client.get(URL).text
    assert 'href="/account/signup?next=/m/villa-norte/welcome"' in page


def test_a_person_sees_where_their_residency_stands(client, login, user, municipality):
    residency_request(municipality, user=user)
    login(user)
    page = client.get(URL).text
    assert "See your residency request" in page
    assert "signup" not in _section(page, "step-account")


def test_the_home_links_newcomers_to_the_first_visit_page(client, login, resident, municipality):
    assert 'href="/m/villa-norte/welcome"' in client.get("/m/villa-norte/").text
    login(resident)
    # A verified resident knows the way: the home does not push the page on them.
    assert "New here?" not in client.get("/m/villa-norte/").text


def test_unknown_municipality_answers_404(client):
    assert client.get("/m/nowhere/welcome").status_code == 404
