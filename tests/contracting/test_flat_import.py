"""Imports in the flattened layout: the template, one CSV or a zip of sheets, and bad files."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from sqlalchemy import select

from participa.contracting import flat
from participa.contracting.models import ImportBatch, ProcurementProcess
from participa.contracting.validation import load_schema
from participa.extensions import db
from tests.archives import zip_of
from tests.contracting.conftest import assert_valid, upload, upload_accepted
from tests.contracting.test_import import BASE, OCID, PACKAGE, _nothing_stored


def _zip(releases: list[dict]) -> bytes:
    return flat.zipped(flat.flatten(releases))


def _csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(flat.TEMPLATE))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


TEMPLATE_ROW = {
    "ocid": "ocds-213czf-LED-1", "id": "LED-1-award", "date": "2024-05-28T12:00:00-03:00",
    "tag": "tender;award", "initiationType": "tender",
    "buyer/id": "MUNI-1", "buyer/name": "Secretaría de Obras",
    "parties/0/id": "MUNI-1", "parties/0/name": "Secretaría de Obras", "parties/0/roles": "buyer",
    "parties/1/id": "AR-CUIT-30733333339", "parties/1/name": "Luz del Sur S.A.",
    "parties/1/roles": "tenderer;supplier", "parties/1/identifier/scheme": "AR-CUIT",
    "parties/1/identifier/id": "30733333339",
    "tender/id": "LED-1", "tender/title": "Luminarias LED", "tender/status": "complete",
    "tender/procurementMethod": "open", "tender/mainProcurementCategory": "goods",
    "tender/value/amount": "2500000.50", "tender/value/currency": "ARS",
    "tender/numberOfTenderers": "3",
    "awards/0/id": "LED-1-A1", "awards/0/status": "active",
    "awards/0/date": "2024-05-28T12:00:00-03:00", "awards/0/value/amount": "2400000",
    "awards/0/value/currency": "ARS", "awards/0/suppliers/0/id": "AR-CUIT-30733333339",
    "awards/0/suppliers/0/name": "Luz del Sur S.A.",
}  # fmt: skip


def test_the_template_is_the_main_sheet_of_the_flattened_layout(client, municipality):
    response = client.get(f"{BASE}/data/import-template.csv")
    assert response.status_code == 200
    header = next(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert header == list(flat.TEMPLATE)
    assert header[:2] == ["ocid", "id"] and "awards/0/suppliers/0/id" in header
    page = client.get(f"{BASE}/data").get_data(as_text=True)
    assert "<code>awards/0/value/amount</code>" in page and "Awards #1 / Value / Amount" in page


def test_a_filled_template_imports_typed_releases(client, municipality, staff, login):
    login(staff)
    response = upload_accepted(client, _csv([TEMPLATE_ROW]), "plantilla.csv")
    process = db.session.scalars(select(ProcurementProcess)).one()
    assert process.ocid == "ocds-213czf-LED-1" and process.stage == "award"
    released = client.get(f"{BASE}/ocds/ocds-213czf-LED-1/releases.json").json
    assert_valid(released, "release-package-schema.json")
    release = released["releases"][0]
    assert release["tag"] == ["tender", "award"]
    assert release["tender"]["value"]["amount"] == 2500000.5
    assert release["tender"]["numberOfTenderers"] == 3
    assert release["parties"][1]["roles"] == ["tenderer", "supplier"]
    assert db.session.scalars(select(ImportBatch)).one().kind == "flat"
    assert "releases in the flattened layout" in client.get(response.location).get_data(
        as_text=True
    )


def test_a_zip_of_sheets_imports_the_same_releases_as_the_package(client, municipality, staff,
                                                                  login):  # fmt: skip
    login(staff)
    upload_accepted(client, _zip(PACKAGE["releases"]), "compras-flat.zip")
    assert client.get(f"{BASE}/ocds/{OCID}/releases.json").json["releases"] == PACKAGE["releases"]
    # And what the flat download gives back imports into another municipality's prefix as is.
    download = zipfile.ZipFile(io.BytesIO(client.get(f"{BASE}/data/flat.zip").data))
    sheets = {n[:-4]: list(csv.DictReader(io.StringIO(download.read(n).decode())))
              for n in download.namelist()}  # fmt: skip
    back, problems = flat.unflatten(sheets, load_schema("release-schema.json"))
    assert problems == [] and back == PACKAGE["releases"]


def test_our_reading_agrees_with_flatten_tool(tmp_path):
    flattentool = pytest.importorskip("flattentool")
    folder = tmp_path / "sheets"
    zipfile.ZipFile(io.BytesIO(_zip(PACKAGE["releases"]))).extractall(folder)
    schema = tmp_path / "release-schema.json"
    schema.write_text(json.dumps(load_schema("release-schema.json")))
    out = tmp_path / "out.json"
    flattentool.unflatten(str(folder), output_name=str(out), input_format="csv",
                          root_list_path="releases", root_id="ocid", id_name="id",
                          schema=str(schema), convert_flags={})  # fmt: skip
    theirs = json.loads(out.read_text())["releases"]
    ours, problems = flat.unflatten(
        flat.read_sheets(_zip(PACKAGE["releases"]), max_bytes=10**6),
        load_schema("release-schema.json"),
    )
    assert problems == [] and ours == PACKAGE["releases"]
    # Flatten Tool gives the releases back in another order.
    assert sorted(theirs, key=lambda r: r["id"]) == sorted(ours, key=lambda r: r["id"])


BAD = {
    "not a number": ({**TEMPLATE_ROW, "tender/value/amount": "2.500.000,50"},
                     "Sheet releases, row 2 · tender/value/amount: 2.500.000,50 is not a number"),
    "not a whole number": ({**TEMPLATE_ROW, "tender/numberOfTenderers": "tres"},
                           "tender/numberOfTenderers: tres is not a whole number"),
    "no release id": ({**TEMPLATE_ROW, "id": ""}, "Sheet releases, row 2 · id: is required"),
    "bad code": ({**TEMPLATE_ROW, "tender/procurementMethod": "abierta"},
                 "Procurement method: is not one of the allowed codes"),
    "wrong prefix": ({**TEMPLATE_ROW, "ocid": "ocds-zzzzzz-LED-1"},
                     "does not start with this municipality&#39;s prefix"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD))
def test_bad_cells_import_nothing_and_say_where(client, municipality, staff, login, case):
    row, message = BAD[case]
    login(staff)
    response = upload(client, _csv([row]), "plantilla.csv")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was imported" in page and message in page, page[-2500:]
    assert "plantilla.csv" in page or 'name="file"' in page
    _nothing_stored()


BAD_FILES = {
    "not a zip": (b"PK\x03\x04 not really", "The file is not a zip archive that can be read"),
    "not csv inside": (zip_of({"releases.csv": "ocid,id\n", "evil.exe": "MZ"}),
                       "evil.exe is not a CSV file"),
    "no main sheet": (zip_of({"awards.csv": "ocid,id\n"}), "has no releases.csv sheet"),
    "too large unzipped": (zip_of({"releases.csv": "ocid,id\n" + "x,y\n" * 200_000},
                                  compression=zipfile.ZIP_DEFLATED),
                           "Once unzipped, the sheets are larger than"),
    "path ends with a number": (zip_of({"releases.csv": "ocid,id,tag/0\nocds-213czf-1,r,x\n"}),
                                "is not a path to a field"),
    "huge position": (zip_of({"releases.csv": "ocid,id,parties/99999999/id\nocds-213czf-1,r,x\n"}),
                      "has a position larger than any sheet can hold"),
    "mixed shapes": (zip_of({"releases.csv": "ocid,id,tender,tender/id\nocds-213czf-1,r,x,y\n"}),
                     "does not fit the other columns of this field"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_archives_import_nothing(client, municipality, staff, login, case):
    content, message = BAD_FILES[case]
    login(staff)
    response = upload(client, content, "datos.zip")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True), response.get_data(as_text=True)[-2000:]
    _nothing_stored()


def test_old_template_is_still_told_apart_from_the_flattened_one():
    from participa.contracting.importers import file_format

    assert file_format("a.csv", b"identifier,title\n") == "csv"
    assert file_format("a.csv", b"\xef\xbb\xbfocid,id,date\n") == "flat"
    assert file_format("a.zip", b"PK\x03\x04") == "flat"
    assert file_format("a.json", b"{}") == "package"
    assert file_format("upload", b' {"releases": []}') == "package"
