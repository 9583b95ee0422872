"""Open data over HTTP: the catalogue, downloads with validators, the data package (checked by
the frictionless library), the network catalogues, and the licence setting."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest
from sqlalchemy import select

from participa.core.models import AuditEntry
from participa.db import utcnow
from participa.extensions import db
from participa.opendata.registry import datasets
from tests import factories
from tests.consultations.helpers import make_consultation, make_proposal
from tests.voting.helpers import make_ballot, vote

M = "/m/villa-norte/datos"


@pytest.fixture
def content(municipality):
    consultation = make_consultation(municipality, phase="supports", title="Plazas")
    author = factories.UserFactory(display_name="Ana Quiroga")
    make_proposal(consultation, author=author, title="Bancos en la plaza")
    gone = factories.UserFactory(display_name="Borrada", deleted_at=utcnow())
    make_proposal(consultation, author=gone, title="Veredas")
    make_consultation(municipality, status="draft", title="Borrador secreto")
    ballot = make_ballot(municipality)
    vote(ballot, factories.UserFactory(), [1])
    from participa.voting import services

    services.close_ballot(ballot, actor=factories.member(municipality, "admin"))
    db.session.commit()
    return consultation


def _csv(client, name, **headers):
    response = client.get(f"{M}/{name}.csv", headers=headers)
    assert response.status_code == 200, response.status_code
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_catalogue_lists_every_dataset_with_its_dictionary(client, content):
    page = client.get(f"{M}/").get_data(as_text=True)
    for dataset in datasets():
        assert f'id="{dataset.name}"' in page
    assert "Data dictionary" in page and "<code>supports</code>" in page
    assert "Creative Commons Attribution 4.0" in page


def test_downloads_hold_public_rows_only_and_fixed_columns(client, content):
    proposals = _csv(client, "proposals")
    assert sorted(p["title"] for p in proposals) == ["Bancos en la plaza", "Veredas"]
    authors = {p["title"]: p["author"] for p in proposals}
    assert authors == {"Bancos en la plaza": "Ana Quiroga", "Veredas": ""}
    titles = [c["title"] for c in _csv(client, "consultations")]
    assert "Plazas" in titles and "Borrador secreto" not in titles
    # The columns are identifiers: the same whatever the reader's language.
    english = client.get(f"{M}/consultations.csv", headers={"Accept-Language": "en"})
    portuguese = client.get(f"{M}/consultations.csv", headers={"Accept-Language": "pt"})
    assert english.get_data()[:200] == portuguese.get_data()[:200]
    results = _csv(client, "ballot-results")
    assert [r["online_votes"] for r in results] == ["0", "1", "0"]
    data = client.get(f"{M}/proposals.json").get_json()
    assert {p["title"] for p in data} == {"Bancos en la plaza", "Veredas"}
    assert client.get(f"{M}/nothing.csv").status_code == 404


def test_conditional_requests_and_gzip(client, content, municipality):
    first = client.get(f"{M}/proposals.csv")
    tag = first.headers["ETag"]
    assert first.headers["Access-Control-Allow-Origin"] == "*"
    again = client.get(f"{M}/proposals.csv", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.get_data() == b""
    since = client.get(f"{M}/proposals.csv",
                       headers={"If-Modified-Since": first.headers["Last-Modified"]})  # fmt: skip
    assert since.status_code == 304
    # A new support changes no timestamp but changes the data: the validator changes.
    from participa.proposals.models import Proposal

    proposal = db.session.scalars(select(Proposal)).first()
    proposal.supports_count += 1
    db.session.commit()
    changed = client.get(f"{M}/proposals.csv", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag
    packed = client.get(f"{M}/proposals.json", query_string={"gzip": "1"})
    assert packed.mimetype == "application/gzip"
    assert len(json.loads(gzip.decompress(packed.get_data()))) == 2


def test_the_data_package_validates_with_frictionless(client, content, tmp_path):
    from frictionless import validate

    package = client.get(f"{M}/datapackage.json").get_json()
    assert {r["name"] for r in package["resources"]} == {d.name for d in datasets()}
    for resource in package["resources"]:
        body = client.get(resource["path"].replace("http://localhost", "")).get_data()
        (tmp_path / f"{resource['name']}.csv").write_bytes(body)
        resource["path"] = f"{resource['name']}.csv"
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])


def test_the_network_catalogues(client, content, other_municipality):
    dcat = client.get("/catalog.jsonld")
    assert dcat.mimetype == "application/ld+json"
    entries = dcat.get_json()["dcat:dataset"]
    assert len(entries) == 2 * len(datasets())
    first = entries[0]
    assert first["dcat:distribution"][0]["dcat:mediaType"] == "text/csv"
    pod = client.get("/data.json").get_json()
    assert pod["conformsTo"].endswith("/v1.1/schema")
    assert all(d["accessLevel"] == "public" and d["distribution"] for d in pod["dataset"])
    assert "Villa Norte" in client.get("/datos/").get_data(as_text=True)


def test_staff_choose_the_licence(client, login, municipality, staff, user):
    login(user)
    assert client.post(f"{M}/settings", data={"licence": "CC0-1.0"}).status_code == 403
    login(staff)
    bad = client.post(f"{M}/settings", data={"licence": "propietaria"})
    assert bad.status_code == 422
    assert client.post(f"{M}/settings", data={"licence": "CC0-1.0"}).status_code == 302
    package = client.get(f"{M}/datapackage.json").get_json()
    assert package["licenses"][0]["name"] == "CC0-1.0"
    assert db.session.scalar(select(AuditEntry.action)) == "opendata.settings_saved"


def test_the_catalogue_costs_a_query_per_dataset(client, content, count_queries):
    with count_queries() as counter:
        client.get(f"{M}/")
    assert len(counter.statements) <= len(datasets()) + 8


def test_signed_in_readers_share_the_catalogues_figures(
    app, client, login, content, resident, count_queries, monkeypatch
):
    """The aggregates over every dataset run once per kept period, not per signed-in reader."""
    monkeypatch.setitem(app.config, "PAGE_CACHE_SECONDS", 30)
    login(resident)
    assert client.get(f"{M}/").status_code == 200
    with count_queries() as counter:
        page = client.get(f"{M}/").get_data(as_text=True)
    aggregates = [s for s in counter.statements if s.startswith("SELECT count(*) AS count_1")]
    assert not aggregates, aggregates
    assert "proposals" in page


def test_the_dictionary_lists_the_values_a_coded_column_takes(client, municipality):
    page = client.get(f"{M}/").get_data(as_text=True)
    assert "(registered, verified)" in page
