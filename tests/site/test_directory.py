"""The municipality directory: search ignoring case and accents, by name, region or country."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture
def directory():
    factories.MunicipalityFactory(slug="bahia-blanca", name="Bahía Blanca", region="Buenos Aires")
    factories.MunicipalityFactory(slug="valparaiso", name="Valparaíso", country="CL")
    factories.MunicipalityFactory(slug="temuco", name="Temuco", region="Araucanía", country="CL")
    factories.MunicipalityFactory(slug="sao-paulo", name="SÃO PAULO", country="BR")


def _names(client, query: str, lang: str = "en") -> set[str]:
    response = client.get("/", query_string={"q": query}, headers={"Accept-Language": lang})
    assert response.status_code == 200
    names = {"Bahía Blanca", "Valparaíso", "Temuco", "SÃO PAULO"}
    return {name for name in names if name in response.text}


@pytest.mark.usefixtures("directory")
def test_search_ignores_accents_and_case(client):
    assert _names(client, "bahia") == {"Bahía Blanca"}
    assert _names(client, "BAHÍA blanca") == {"Bahía Blanca"}
    assert _names(client, "blanca BAHIA") == {"Bahía Blanca"}
    assert _names(client, "valparaiso") == {"Valparaíso"}
    assert _names(client, "são") == {"SÃO PAULO"}
    assert _names(client, "sao paulo") == {"SÃO PAULO"}


@pytest.mark.usefixtures("directory")
def test_search_by_region_ignoring_accents(client):
    assert _names(client, "araucania") == {"Temuco"}


@pytest.mark.usefixtures("directory")
def test_search_by_country_name_in_the_readers_language(client):
    assert _names(client, "chile") == {"Valparaíso", "Temuco"}
    assert _names(client, "brazil") == {"SÃO PAULO"}
    # Spanish readers type the Spanish name, with or without its accent.
    assert _names(client, "brasil", lang="es") == {"SÃO PAULO"}
    assert _names(client, "peru") == set()


@pytest.mark.usefixtures("directory")
def test_search_treats_like_wildcards_literally(client):
    assert _names(client, "%") == set()
    assert _names(client, "_") == set()
    assert _names(client, "chile temuco") == {"Temuco"}
