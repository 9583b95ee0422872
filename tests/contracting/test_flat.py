"""The flattened download round-trips through Flatten Tool back to the same releases."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

from participa.contracting import flat
from tests.contracting.conftest import award_and_contract, make_process

flattentool = pytest.importorskip("flattentool")

BASE = "/m/villa-norte/contracting"
SCHEMA = "participa/contracting/schema/release-package-schema.json"


@pytest.fixture
def published(client, municipality, staff, buyer, supplier, rival):
    from datetime import date

    from participa.contracting import stages
    from participa.extensions import db

    process = award_and_contract(make_process(municipality, staff, buyer), staff, supplier,
                                 rivals=[rival])  # fmt: skip
    stages.save_implementation(process, actor=staff, index=0, data={
        "milestones": [{"title": "Entrega", "due_date": date(2024, 6, 30)}],
        "transactions": [{"date": date(2024, 5, 2), "amount": 1000}]})  # fmt: skip
    db.session.commit()
    make_process(municipality, staff, buyer, title="Dos")
    return client.get(f"{BASE}/ocds/releases.json").get_json()


def _release_schema(tmp_path):
    """The bundled release schema (its references are local), so Flatten Tool turns cells
    back into numbers and arrays."""
    from participa.contracting.validation import load_schema

    path = tmp_path / "release-schema.json"
    path.write_text(json.dumps(load_schema("release-schema.json")))
    return str(path)


def _unflatten(folder, tmp_path) -> list[dict]:
    out = tmp_path / "out.json"
    flattentool.unflatten(str(folder), output_name=str(out), input_format="csv",
                          root_list_path="releases", root_id="ocid", id_name="id",
                          schema=_release_schema(tmp_path), convert_flags={})  # fmt: skip
    return json.loads(out.read_text())["releases"]


def _normal(releases: list[dict]) -> dict:
    return {(r["ocid"], r["id"]): r for r in releases}


def test_download_is_a_zip_of_sheets_with_json_path_headers(client, published):
    response = client.get(f"{BASE}/data/flat.zip")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    assert {"releases.csv", "parties.csv", "awards.csv", "contracts.csv"} <= names
    assert "ten_items.csv" in names and "awa_suppliers.csv" in names
    header = archive.read("awa_suppliers.csv").decode().splitlines()[0].split(",")
    assert header[:3] == ["ocid", "id", "awards/0/id"]
    assert "awards/0/suppliers/0/id" in header
    assert (
        client.get(
            f"{BASE}/data/flat.zip", headers={"If-None-Match": response.headers["ETag"]}
        ).status_code
        == 304
    )


def test_our_flat_files_unflatten_to_the_same_releases(client, published, tmp_path):
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"{BASE}/data/flat.zip").data))
    folder = tmp_path / "flat"
    archive.extractall(folder)
    back = _unflatten(folder, tmp_path)
    assert _normal(back) == _normal(published["releases"])


def test_flattentool_round_trip_of_our_release_package(published, tmp_path):
    source = tmp_path / "package.json"
    source.write_text(json.dumps(published))
    folder = tmp_path / "ft"
    flattentool.flatten(str(source), output_name=str(folder), output_format="csv",
                        root_list_path="releases", main_sheet_name="releases",
                        root_id="ocid", id_name="id", schema=_release_schema(tmp_path))  # fmt: skip
    back = _unflatten(folder, tmp_path)
    assert _normal(back) == _normal(published["releases"])
    # The same sheets and columns as our own download, where Flatten Tool wrote anything (with
    # a schema it also writes every sheet and column the schema allows, empty).
    sheets = flat.flatten(published["releases"]).rows
    ours = {sheet: _filled(rows) for sheet, rows in sheets.items()}
    theirs = {}
    for path in folder.glob("*.csv"):
        rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
        if rows:
            theirs[path.stem] = _filled(rows)
    assert theirs == ours


def _filled(rows: list[dict]) -> set[str]:
    return {k for row in rows for k, v in row.items() if v not in (None, "")}
