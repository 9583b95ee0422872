"""Corrections: what staff remove or empty disappears from the compiled record too.

OCDS merges arrays of objects by id and keeps whatever a later release leaves out, so every
correction must null what it removes. These tests merge the published releases with ocdsmerge
itself and compare the result with the working state staff see.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from participa.contracting import merging, ocds, services, stages
from participa.contracting.validation import release_errors
from participa.core.errors import DomainError
from participa.extensions import db
from tests.contracting.conftest import TENDER, award_and_contract, upload_accepted


def _releases(process) -> list[dict]:
    return [r.data for r in services.releases_of(process)]


def _assert_record_is_what_staff_see(process) -> None:
    releases = _releases(process)
    for release in releases:
        assert release_errors(release) == []
    raw = merging.merger().create_compiled_release(releases)
    compiled = merging.compile_releases(releases)
    # The compiled record is the working state, section by section...
    assert {k: compiled[k] for k in ocds.SECTIONS if k in compiled} == process.data
    assert process.compiled == compiled
    # ...and what ocdsmerge alone adds is only the id of each deleted entry.
    assert merging.prune(raw) == compiled
    # Every party named in the record is named somewhere in it, with the roles it plays there.
    named = ocds.party_roles(compiled)
    assert {p["id"]: p["roles"] for p in compiled.get("parties") or []} == named


def _suppliers(compiled: dict) -> list[str]:
    return [s["id"] for s in compiled["awards"][0]["suppliers"]]


def test_changing_the_awarded_supplier_replaces_it(process, staff, supplier, rival):
    award_and_contract(process, staff, supplier)
    award = process.data["awards"][0]
    stages.save_award(process, actor=staff, index=0, data={
        "status": "active", "date": date(2024, 3, 28), "value_amount": 9_500_000,
        "currency": "ARS", "suppliers": [rival.ocds_id]})  # fmt: skip
    db.session.commit()
    assert process.data["awards"][0]["id"] == award["id"]
    assert _suppliers(process.compiled) == [rival.ocds_id]
    _assert_record_is_what_staff_see(process)
    # The correction says the old supplier is gone, the standard's way: its fields are null.
    last = services.releases_of(process)[-1].data
    assert {"id": supplier.ocds_id, "name": None} in last["awards"][0]["suppliers"]
    raw = merging.merger().create_compiled_release(_releases(process))
    named = [s for s in raw["awards"][0]["suppliers"] if s.get("name")]
    assert named == [services.reference(rival)]
    # The old supplier still bid, so it stays a party, but no longer as a supplier.
    roles = {p["id"]: p["roles"] for p in process.compiled["parties"]}
    assert roles[supplier.ocds_id] == ["tenderer"] and roles[rival.ocds_id] == ["supplier"]
    # Its supplier page no longer lists the process.
    from participa.contracting import queries

    assert [p.ocds_id for p in queries.suppliers(process.municipality)] == [rival.ocds_id]


def test_removing_a_tenderer_removes_it_and_its_party(process, staff, supplier, rival):
    stages.save_tenderers(process, actor=staff, party_ids=[supplier.ocds_id, rival.ocds_id])
    db.session.commit()
    assert "single_bidder" not in process.red_flags
    stages.save_tenderers(process, actor=staff, party_ids=[supplier.ocds_id])
    db.session.commit()
    tender = process.compiled["tender"]
    assert [t["id"] for t in tender["tenderers"]] == [supplier.ocds_id]
    assert tender["numberOfTenderers"] == 1
    assert rival.ocds_id not in {p["id"] for p in process.compiled["parties"]}
    # The flag and the list the public sees now agree: one bid.
    assert "single_bidder" in process.red_flags
    _assert_record_is_what_staff_see(process)


def test_removed_items_and_documents_and_emptied_fields_disappear(process, staff, buyer):
    data = sections_form(process)
    data["items"].append({"description": "Señalización", "quantity": 10, "unit": "unidad"})
    data["documents"].append({"document_type": "technicalSpecifications", "title": "Anexo",
                              "url": "https://example.org/anexo.pdf"})  # fmt: skip
    data["enquiry_start"] = datetime(2024, 3, 2, 9, 0)
    data["enquiry_end"] = datetime(2024, 3, 10, 12, 0)
    stages.save_tender(process, actor=staff, data=data, procuring_entity=buyer)
    assert len(process.compiled["tender"]["items"]) == 2
    data = sections_form(process)
    data["items"] = data["items"][1:]  # the first item goes
    data["documents"] = data["documents"][:1]  # the annex goes
    data["description"] = ""
    data["enquiry_start"] = data["enquiry_end"] = None
    stages.save_tender(process, actor=staff, data=data, procuring_entity=buyer)
    db.session.commit()
    tender = process.compiled["tender"]
    assert [i["description"] for i in tender["items"]] == ["Señalización"]
    assert [d["title"] for d in tender["documents"]] == ["Pliego"]
    assert "description" not in tender and "enquiryPeriod" not in tender
    _assert_record_is_what_staff_see(process)


def sections_form(process) -> dict:
    from participa.contracting import sections

    return sections.tender_to_form(process.data["tender"], tz=process.municipality.timezone,
                                   currency="ARS", title=process.title)  # fmt: skip


def test_removed_milestones_and_payments_disappear(process, staff, supplier):
    award_and_contract(process, staff, supplier)
    stages.save_implementation(process, actor=staff, index=0, data={
        "milestones": [{"title": "Inicio", "status": "met", "due_date": date(2024, 4, 5)},
                       {"title": "Entrega", "status": "scheduled", "due_date": date(2024, 6, 1)}],
        "transactions": [
            {"date": date(2024, 5, 1), "amount": 4_000_000, "payee_id": supplier.ocds_id},
            {"date": date(2024, 6, 1), "amount": 1_000_000,
             "payee_id": supplier.ocds_id}]})  # fmt: skip
    implementation = process.data["contracts"][0]["implementation"]
    stages.save_implementation(process, actor=staff, index=0, data={
        "milestones": [{**implementation["milestones"][0], "title": "Inicio",
                        "status": "met", "due_date": date(2024, 4, 5)}],
        "transactions": [{"id": implementation["transactions"][0]["id"], "date": date(2024, 5, 1),
                          "amount": 4_000_000, "payee_id": supplier.ocds_id}]})  # fmt: skip
    db.session.commit()
    compiled = process.compiled["contracts"][0]["implementation"]
    assert [m["title"] for m in compiled["milestones"]] == ["Inicio"]
    assert [t["value"]["amount"] for t in compiled["transactions"]] == [4_000_000]
    assert float(process.paid_amount) == 4_000_000
    _assert_record_is_what_staff_see(process)


def test_a_cleared_party_detail_disappears(process, staff, buyer):
    services.update_party(buyer, actor=staff, data={"locality": ""})
    stages.save_tender(process, actor=staff, data={**TENDER, "value_amount": 11_000_000},
                       procuring_entity=buyer)  # fmt: skip
    db.session.commit()
    entry = next(p for p in process.compiled["parties"] if p["id"] == buyer.ocds_id)
    assert "address" not in entry
    _assert_record_is_what_staff_see(process)


def test_a_published_reference_can_change_but_not_vanish(process, staff, buyer, supplier):
    with pytest.raises(DomainError) as caught:
        services.edit_process(process, actor=staff, title=process.title, description=None,
                              buyer=None)  # fmt: skip
    assert caught.value.status == 422 and "Buyer" in caught.value.message
    db.session.rollback()
    services.edit_process(process, actor=staff, title=process.title, description=None,
                          buyer=supplier)  # fmt: skip
    db.session.commit()
    assert process.compiled["buyer"] == services.reference(supplier)
    assert buyer.ocds_id not in {p["id"] for p in process.compiled["parties"] if
                                 "buyer" in p["roles"]}  # fmt: skip
    _assert_record_is_what_staff_see(process)


def test_the_staff_form_answers_422_when_a_published_reference_is_removed(
    client, login, process, staff
):
    login(staff)
    response = client.post(
        f"/m/villa-norte/contracting/staff/processes/{process.id}/edit",
        data={"title": process.title, "buyer_id": 0},
    )
    assert response.status_code == 422
    assert "cannot be removed" in response.get_data(as_text=True)


def test_imported_details_the_forms_do_not_manage_survive_a_staff_edit(
    client, login, municipality, staff
):
    import json

    from tests.contracting.test_import import OCID, PACKAGE

    package = json.loads(json.dumps(PACKAGE))
    first = package["releases"][0]
    first["parties"].append({"id": "FUND-1", "name": "Banco de Desarrollo", "roles": ["funder"]})
    first["parties"][0]["details"] = {"level": "municipal"}
    first["tender"]["documents"] = [{"id": "d1", "title": "Pliego", "format": "application/pdf",
                                     "url": "https://example.org/p.pdf"}]  # fmt: skip
    # An integer id, and a field the form does not show.
    first["tender"]["items"] = [{"id": 1, "description": "Bacheo", "quantity": 400,
                                 "deliveryLocation": {"description": "Barrio centro"}}]  # fmt: skip
    login(staff)
    upload_accepted(client, json.dumps(package), "paquete.json")
    from sqlalchemy import select

    from participa.contracting.models import ProcurementProcess

    process = db.session.scalars(
        select(ProcurementProcess).where(ProcurementProcess.ocid == OCID)
    ).one()
    data = sections_form(process)
    data["value_amount"] = 10_500_000
    buyer = services.party_by_ocds_id(municipality, "MUNI-1")
    stages.save_tender(process, actor=staff, data=data, procuring_entity=buyer)
    db.session.commit()
    parties = {p["id"]: p for p in process.compiled["parties"]}
    assert parties["FUND-1"]["roles"] == ["funder"]
    assert parties["MUNI-1"]["details"] == {"level": "municipal"}
    assert process.compiled["tender"]["documents"][0]["format"] == "application/pdf"
    assert process.compiled["tender"]["items"] == [
        {"id": 1, "description": "Bacheo", "quantity": 400,
         "deliveryLocation": {"description": "Barrio centro"}}]  # fmt: skip
    assert process.compiled["tender"]["value"]["amount"] == 10_500_000


def test_the_record_of_a_corrected_process_is_valid(client, process, staff, supplier, rival):
    from tests.contracting.conftest import assert_valid

    award_and_contract(process, staff, supplier, rivals=[rival])
    stages.save_tenderers(process, actor=staff, party_ids=[supplier.ocds_id])
    stages.save_award(process, actor=staff, index=0, data={
        "status": "active", "date": date(2024, 3, 28), "value_amount": 9_400_000,
        "currency": "ARS", "suppliers": [supplier.ocds_id]})  # fmt: skip
    db.session.commit()
    record = client.get(f"/m/villa-norte/contracting/ocds/{process.ocid}/record.json").get_json()
    assert_valid(record, "record-package-schema.json")
    compiled = record["records"][0]["compiledRelease"]
    assert [t["id"] for t in compiled["tender"]["tenderers"]] == [supplier.ocds_id]
    versioned = record["records"][0]["versionedRelease"]
    tenderers = {t["id"]: t for t in versioned["tender"]["tenderers"]}
    # The history keeps the rival's bid and the release that withdrew it.
    assert [v["value"] for v in tenderers[rival.ocds_id]["name"]] == [rival.name, None]
    releases = client.get(f"/m/villa-norte/contracting/ocds/{process.ocid}/releases.json")
    assert_valid(releases.get_json(), "release-package-schema.json")


def test_repair_publishes_what_older_releases_lacked(app, process, staff, supplier, rival,
                                                      monkeypatch):  # fmt: skip
    # As published before corrections deleted anything and before statuses followed the stages.
    with monkeypatch.context() as old_code:
        old_code.setattr(services, "_delete_what_was_removed", lambda published, release: False)
        old_code.setattr(ocds, "align_statuses", lambda state: None)
        award_and_contract(process, staff, supplier, rivals=[rival])
        stages.save_tenderers(process, actor=staff, party_ids=[supplier.ocds_id])
        db.session.commit()
    assert len(process.compiled["tender"]["tenderers"]) == 2
    assert process.compiled["tender"]["status"] == "active"
    count = process.release_count

    def repair():
        result = app.test_cli_runner().invoke(
            args=["contracting", "repair", "--municipality", "villa-norte"]
        )
        assert result.exit_code == 0, result.output
        db.session.expire_all()
        return result.output

    assert "Published 1 correction releases" in repair()
    assert process.release_count == count + 1
    assert [t["id"] for t in process.compiled["tender"]["tenderers"]] == [supplier.ocds_id]
    assert process.compiled["tender"]["status"] == "complete"
    assert services.releases_of(process)[-1].tags == ["tenderUpdate"]
    _assert_record_is_what_staff_see(process)
    assert "Published 0 correction releases" in repair()  # nothing left to repair
    assert process.release_count == count + 1
