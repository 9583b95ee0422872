"""The publication policy: a page saying what, when, licence and contact, named by every package."""

from __future__ import annotations

import pytest

from participa.contracting import services
from participa.extensions import db
from tests.contracting.conftest import award_and_contract, make_process

BASE = "/m/villa-norte/contracting"
POLICY = f"http://localhost{BASE}/policy"


@pytest.fixture
def published(municipality, staff, buyer, supplier):
    return award_and_contract(
        make_process(municipality, staff, buyer, title="Uno"), staff, supplier
    )


def _packages(client, process):
    bulk = client.get(f"{BASE}/ocds/releases.json").get_json()
    release_id = bulk["releases"][0]["id"]
    year = bulk["releases"][0]["date"][:4]
    paths = [
        f"{BASE}/ocds/{process.ocid}/releases.json",
        f"{BASE}/ocds/{process.ocid}/releases/{release_id}.json",
        f"{BASE}/ocds/{process.ocid}/record.json",
        f"{BASE}/ocds/releases.json",
        f"{BASE}/ocds/records.json",
        f"{BASE}/ocds/years/{year}/releases.json",
        f"{BASE}/ocds/years/{year}/records.json",
        f"{BASE}/api/releases",
        f"{BASE}/api/records",
        f"{BASE}/api/releases?since=2999-01-01",
        f"{BASE}/api/records?since=2999-01-01",
        f"{BASE}/api/releases/{process.ocid}/{release_id}",
        f"{BASE}/api/records/{process.ocid}",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        yield path, response.get_json()


def test_every_package_names_the_policy_page(client, published):
    for path, package in _packages(client, published):
        assert package["publicationPolicy"] == POLICY, path


def test_a_policy_published_elsewhere_is_named_and_linked(client, municipality, published):
    settings = services.settings_for(municipality)
    settings.publication_policy_url = "https://villanorte.example.org/datos/politica"
    db.session.add(settings)
    db.session.commit()
    for path, package in _packages(client, published):
        assert package["publicationPolicy"] == settings.publication_policy_url, path
    page = client.get(f"{BASE}/policy").get_data(as_text=True)
    assert 'href="https://villanorte.example.org/datos/politica"' in page


def test_policy_page_says_what_when_licence_and_contact(client, municipality, published):
    municipality.contact_email = "datos@villanorte.example.org"
    db.session.commit()
    page = client.get(f"{BASE}/policy").get_data(as_text=True)
    for anchor in ('id="what"', 'id="when"', 'id="licence"', 'id="contact"'):
        assert anchor in page
    assert f'href="{BASE}/data"' in page and f'href="{BASE}/api/"' in page
    assert "https://creativecommons.org/" in page
    assert "mailto:datos@villanorte.example.org" in page
    assert "more than 10 days after it happened" in page


def test_data_page_links_the_policy_page(client, published):
    page = client.get(f"{BASE}/data").get_data(as_text=True)
    assert f'href="{BASE}/policy"' in page
