"""Searching processes ignores case and accents, in titles and in organisation names."""

from __future__ import annotations

import pytest

from participa.contracting import services
from participa.extensions import db
from tests.contracting.conftest import award_and_contract, make_process

BASE = "/m/villa-norte/contracting"


@pytest.fixture
def processes(municipality, staff, buyer, supplier):
    lights = make_process(municipality, staff, buyer, title="Semáforos inteligentes en la avenida")
    award_and_contract(lights, staff, supplier)
    make_process(municipality, staff, buyer, title="Bacheo de la calle Perú")
    other = services.create_party(municipality, actor=staff, data={
        "name": "Dirección de Tránsito", "is_public_body": True})  # fmt: skip
    make_process(municipality, staff, other, title="Señalización vial")
    db.session.commit()


def _found(client, query: str) -> str:
    response = client.get(f"{BASE}/", query_string={"q": query})
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["semaforos", "SEMÁFOROS", "Semaforos Avenida", "semáf"])
def test_titles_ignore_case_and_accents(client, processes, query):
    page = _found(client, query)
    assert "Semáforos inteligentes" in page and "1 process" in page


def test_supplier_and_buyer_names_ignore_case_and_accents(client, processes):
    # Constructora Sur S.A. won the traffic lights; the buyer of the signs is "Dirección...".
    page = _found(client, "constructora sur")
    assert "Semáforos inteligentes" in page and "1 process" in page
    page = _found(client, "direccion transito")
    assert "Señalización vial" in page and "1 process" in page
    assert "0 processes" in _found(client, "constructora senalizacion")


def test_words_are_literal_and_another_municipality_is_not_searched(
    client, processes, other_municipality, other_staff
):
    assert "0 processes" in _found(client, "%")
    assert "0 processes" in _found(client, "Bache_")
    unit = services.create_party(other_municipality, actor=other_staff, data={
        "name": "Constructora Sur S.A.", "is_public_body": True})  # fmt: skip
    other = make_process(other_municipality, other_staff, unit, title="Semáforos")
    assert other.is_published
    assert "1 process" in _found(client, "semaforos")
    assert "1 process" in _found(client, "constructora")
