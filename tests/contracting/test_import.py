"""Imports: a release package round trip, the CSV template, and bad files that import nothing."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import select

from participa.contracting.models import ProcessParty, ProcurementProcess, Release
from participa.extensions import db
from tests.contracting.conftest import assert_valid, upload, upload_accepted
from tests.rows import count_rows

BASE = "/m/villa-norte/contracting"
OCID = "ocds-213czf-2024-LP-07"

PACKAGE = {
    "uri": "https://datos.example.org/ocds/2024-03.json", "version": "1.1",
    "publishedDate": "2024-03-30T12:00:00Z", "publisher": {"name": "Municipio de Ejemplo"},
    "releases": [
        {"ocid": OCID, "id": "2024-LP-07-tender-1", "date": "2024-03-01T09:00:00-03:00",
         "tag": ["tender"], "initiationType": "tender",
         "parties": [{"id": "MUNI-1", "name": "Municipalidad", "roles": ["buyer"]}],
         "buyer": {"id": "MUNI-1", "name": "Municipalidad"},
         "tender": {"id": "LP-07/2024", "title": "Bacheo", "status": "active",
                    "value": {"amount": 10000000, "currency": "ARS"},
                    "procurementMethod": "open", "mainProcurementCategory": "works",
                    "tenderPeriod": {"startDate": "2024-03-01T09:00:00-03:00",
                                     "endDate": "2024-03-18T12:00:00-03:00"}}},
        {"ocid": OCID, "id": "2024-LP-07-award-1", "date": "2024-03-25T15:00:00-03:00",
         "tag": ["tenderUpdate", "award", "contract"], "initiationType": "tender",
         "parties": [{"id": "MUNI-1", "name": "Municipalidad", "roles": ["buyer"]},
                     {"id": "AR-CUIT-30711111119", "name": "Constructora Sur S.A.",
                      "roles": ["tenderer", "supplier"],
                      "identifier": {"scheme": "AR-CUIT", "id": "30711111119"}}],
         "tender": {"id": "LP-07/2024", "status": "complete", "numberOfTenderers": 1,
                    "tenderers": [{"id": "AR-CUIT-30711111119", "name": "Constructora Sur S.A."}]},
         "awards": [{"id": "A1", "status": "active", "date": "2024-03-25T15:00:00-03:00",
                     "value": {"amount": 9500000, "currency": "ARS"},
                     "suppliers": [{"id": "AR-CUIT-30711111119",
                                    "name": "Constructora Sur S.A."}]}],
         "contracts": [{"id": "C1", "awardID": "A1", "status": "active",
                        "value": {"amount": 9500000, "currency": "ARS"},
                        "dateSigned": "2024-03-28T10:00:00-03:00"}]},
    ],
}  # fmt: skip


def _nothing_stored():
    assert count_rows(Release) == 0
    assert count_rows(ProcurementProcess) == 0


def test_round_trip_import_publish_download(client, municipality, staff, login):
    login(staff)
    upload_accepted(client, json.dumps(PACKAGE), "package.json")
    downloaded = client.get(f"{BASE}/ocds/{OCID}/releases.json").json
    assert_valid(downloaded, "release-package-schema.json")
    assert downloaded["releases"] == PACKAGE["releases"]
    bulk = json.loads(client.get(f"{BASE}/ocds/releases.json").data)
    assert bulk["releases"] == PACKAGE["releases"]
    record = client.get(f"{BASE}/ocds/{OCID}/record.json").json
    assert_valid(record, "record-package-schema.json")
    compiled = record["records"][0]["compiledRelease"]
    assert compiled["tender"]["status"] == "complete" and compiled["contracts"][0]["id"] == "C1"
    process = db.session.scalars(select(ProcurementProcess)).one()
    assert process.stage == "contract" and "single_bidder" in process.red_flags
    # Re-importing the same releases is refused: ids are unique within an ocid.
    again = upload(client, json.dumps(PACKAGE), "package.json")
    assert again.status_code == 422
    assert "already published" in again.get_data(as_text=True)


def test_long_texts_are_kept_whole_in_the_release_and_cut_in_the_summary(
    client, municipality, staff, login
):
    # OCDS sets no length: a 400-character title (on the release that is not the last) and a
    # publisher's own 40-character party role import; PostgreSQL refused them as a 500.
    package = copy.deepcopy(PACKAGE)
    package["releases"][0]["tender"]["title"] = "Obra " + "T" * 395
    package["releases"][1]["parties"][1]["roles"].append("subcontratistaDeObraPublicaMunicipal")
    package["releases"][1]["parties"][1]["roles"].append("subcontratistaDeObraPublicaMunicipalX")
    login(staff)
    upload_accepted(client, json.dumps(package), "package.json")
    process = db.session.scalars(select(ProcurementProcess)).one()
    assert process.title == ("Obra " + "T" * 395)[:300]
    roles = db.session.scalars(select(ProcessParty.role)).all()
    assert sorted(roles) == ["buyer", "subcontratistaDeObraPublicaMun", "supplier", "tenderer"]
    downloaded = client.get(f"{BASE}/ocds/{OCID}/releases.json").json
    assert downloaded["releases"] == package["releases"]


def test_imported_process_can_be_edited_afterwards(client, municipality, staff, login):
    login(staff)
    upload(client, json.dumps(PACKAGE), "package.json")
    process = db.session.scalars(select(ProcurementProcess)).one()
    from participa.contracting import stages

    stages.amend(process, actor=staff, target="contract:0", rationale="Más obra",
                 new_amount=13_000_000)  # fmt: skip
    db.session.commit()
    assert "amendment_increase" in process.red_flags


def _broken(mutate):
    package = copy.deepcopy(PACKAGE)
    mutate(package)
    return json.dumps(package)


BAD_FILES = {
    "broken json": ('{"releases": [', "package.json", "not valid JSON (line 1"),
    "not a package": ('{"hello": 1}', "package.json", "needs a list of releases"),
    "wrong prefix": (_broken(lambda p: p["releases"][0].update(ocid="ocds-zzzzzz-1")),
                     "package.json", "does not start with this municipality&#39;s prefix"),
    "duplicate id": (_broken(lambda p: p["releases"][1].update(id="2024-LP-07-tender-1")),
                     "package.json", "appears twice in the file"),
    "wrong type": (_broken(lambda p: p["releases"][0]["tender"]["value"].update(
        amount="10.000.000")), "package.json",
        "Release #1 · Tender / Value / Amount: must be a number"),
    "bad code": (_broken(lambda p: p["releases"][0]["tender"].update(procurementMethod="abierta")),
                 "package.json", "Procurement method: is not one of the allowed codes"),
    "csv missing columns": ("identifier,title\nX-1,Luminarias\n", "data.csv",
                            "These required columns are missing"),
    "csv wrong number": (
        "identifier,title,buyer_name,procurement_method,currency,tender_amount\n"
        "LED-1,Luminarias,Obras,open,ARS,9.500.000\n", "data.csv",
        "Row 2 · tender_amount: 9.500.000 is not a number"),
    "csv bad code": (
        "identifier,title,buyer_name,procurement_method,currency\n"
        "LED-1,Luminarias,Obras,abierta,ARS\n", "data.csv",
        "Row 2 · procurement_method: abierta is not one of the allowed codes"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_import_nothing_and_say_why(client, municipality, staff, login, case):
    content, name, message = BAD_FILES[case]
    login(staff)
    response = upload(client, content, name)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was imported" in page and message in page, page[-2000:]
    _nothing_stored()


def test_one_bad_release_rejects_the_whole_package(client, municipality, staff, login):
    package = copy.deepcopy(PACKAGE)
    package["releases"].append({**package["releases"][0], "id": "x", "ocid": "ocds-zzzzzz-9"})
    login(staff)
    assert upload(client, json.dumps(package), "package.json").status_code == 422
    _nothing_stored()


def test_csv_template_import(client, municipality, staff, login):
    csv_text = (
        "identifier;title;buyer_name;procurement_method;main_category;currency;tender_amount;"
        "tender_start;tender_end;number_of_tenderers;supplier_name;supplier_scheme;supplier_id;"
        "award_date;award_amount;contract_date_signed;contract_amount\n"
        "LED-1;Luminarias LED;Secretaría de Obras;open;goods;ARS;2500000;2024-05-01;2024-05-25;"
        "3;Luz del Sur S.A.;AR-CUIT;30733333339;2024-05-28;2400000;2024-05-30;2400000\n"
        "PAV-2;Pavimento;Secretaría de Obras;direct;works;ARS;800000;;;;;;;;;;\n"
    )
    login(staff)
    upload_accepted(client, csv_text, "template.csv")
    led = db.session.scalars(select(ProcurementProcess).where(
        ProcurementProcess.identifier == "LED-1")).one()  # fmt: skip
    assert led.ocid == "ocds-213czf-LED-1" and led.stage == "contract"
    assert led.compiled["awards"][0]["suppliers"][0]["id"] == "AR-CUIT-30733333339"
    assert_valid(client.get(f"{BASE}/ocds/releases.json").json, "release-package-schema.json")


def test_import_needs_the_manage_permission(client, municipality, resident, login):
    login(resident)
    assert upload(client, json.dumps(PACKAGE), "package.json").status_code == 403
    _nothing_stored()


def test_a_release_dated_at_the_end_of_the_calendar_imports_unchanged(
    client, municipality, staff, login
):
    # 23:00 on the last day of year 9999 at UTC-5 is in the year 10000 in UTC: it was a 500.
    login(staff)
    package = copy.deepcopy(PACKAGE)
    package["releases"][1]["date"] = "9999-12-31T23:00:00-05:00"
    upload_accepted(client, json.dumps(package), "package.json")
    downloaded = client.get(f"{BASE}/ocds/{OCID}/releases.json").json
    assert downloaded["releases"] == package["releases"]
