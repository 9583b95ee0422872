"""The organisation register stays authoritative: imports record differences for staff."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import select

from participa.contracting import conflicts
from participa.contracting.models import ImportBatch, Party, PartyConflict
from participa.core.errors import DomainError
from participa.core.models import AuditEntry
from participa.extensions import db
from tests.contracting.conftest import upload_accepted
from tests.contracting.test_import import BASE, PACKAGE

SUPPLIER_ID = "AR-CUIT-30711111119"
OTHER = "/m/otra-ciudad/contracting"


def _renamed_package() -> dict:
    """PACKAGE, with the supplier under another name and with an address."""
    package = copy.deepcopy(PACKAGE)
    entry = package["releases"][1]["parties"][1]
    entry["name"] = "CONSTRUCTORA SUR SOCIEDAD ANONIMA"
    entry["address"] = {"streetAddress": "Av. Colón 1234", "locality": "Bahía Blanca"}
    return package


@pytest.fixture
def registered(supplier):
    """The supplier as staff registered it: a name and a locality, no street address."""
    supplier.locality = "Villa Norte"
    db.session.commit()
    return supplier


@pytest.fixture
def imported(client, municipality, staff, login, registered):
    login(staff)
    return upload_accepted(client, json.dumps(_renamed_package()), "package.json")


def _party() -> Party:
    db.session.expire_all()
    return db.session.scalars(select(Party).where(Party.ocds_id == SUPPLIER_ID)).one()


def _conflict() -> PartyConflict:
    db.session.expire_all()
    return db.session.scalars(select(PartyConflict)).one()


def test_import_keeps_the_registered_details_and_records_the_difference(imported):
    party = _party()
    assert party.name == "Constructora Sur S.A." and party.locality == "Villa Norte"
    assert party.street_address == "Av. Colón 1234"  # blank in the register: filled in
    conflict = _conflict()
    assert conflict.status == "pending" and conflict.party_id == party.id
    assert conflict.differences == {
        "name": {"registered": "Constructora Sur S.A.",
                 "imported": "CONSTRUCTORA SUR SOCIEDAD ANONIMA"},
        "locality": {"registered": "Villa Norte", "imported": "Bahía Blanca"},
    }  # fmt: skip
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "contracting.import")
    ).one()
    assert entry.details["completed_parties"] == {SUPPLIER_ID: ["street_address"]}
    assert entry.details["conflicts"] == 1


def test_import_result_page_reports_the_conflict(client, imported):
    assert "/staff/imports/" in imported.headers["Location"]
    page = client.get(imported.headers["Location"]).get_data(as_text=True)
    assert "Organisations with other details than the register" in page
    assert "CONSTRUCTORA SUR SOCIEDAD ANONIMA" in page and "Constructora Sur S.A." in page
    assert "Use the imported details" in page and "Keep the registered details" in page
    assert "Municipio de Ejemplo" in page  # the package's publisher


def test_staff_list_of_conflicts(client, imported):
    page = client.get(f"{BASE}/staff/parties/conflicts").get_data(as_text=True)
    assert "CONSTRUCTORA SUR SOCIEDAD ANONIMA" in page and "Bahía Blanca" in page
    decided = client.get(f"{BASE}/staff/parties/conflicts?status=decided").get_data(as_text=True)
    assert "No difference decided yet" in decided
    assert "Imported details to review" in client.get(f"{BASE}/staff/parties/").get_data(
        as_text=True
    )


def test_staff_keep_the_registered_details(client, imported):
    conflict = _conflict()
    response = client.post(f"{BASE}/staff/parties/conflicts/{conflict.id}",
                           data={"decision": "keep", "back": "list"})  # fmt: skip
    assert response.status_code == 302
    assert _party().name == "Constructora Sur S.A."
    assert _conflict().status == "kept"
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "contracting.resolve_party_conflict")).one()  # fmt: skip
    assert entry.details["decision"] == "kept"
    assert entry.details["after"]["name"] == "Constructora Sur S.A."


def test_staff_accept_the_imported_details(client, imported):
    conflict = _conflict()
    response = client.post(f"{BASE}/staff/parties/conflicts/{conflict.id}",
                           data={"decision": "accept", "back": "import"})  # fmt: skip
    assert response.status_code == 302
    assert f"/staff/imports/{conflict.import_id}" in response.headers["Location"]
    party = _party()
    assert (party.name, party.locality) == ("CONSTRUCTORA SUR SOCIEDAD ANONIMA", "Bahía Blanca")
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "contracting.resolve_party_conflict")).one()  # fmt: skip
    assert entry.details["decision"] == "accepted"
    assert entry.details["before"]["name"] == "Constructora Sur S.A."
    # Decided once: a second decision is refused.
    again = client.post(f"{BASE}/staff/parties/conflicts/{conflict.id}",
                        data={"decision": "keep"})  # fmt: skip
    assert again.status_code == 409


@pytest.mark.parametrize("data", [{}, {"decision": "maybe"}])
def test_bad_decision_answers_422(client, imported, data):
    conflict = _conflict()
    response = client.post(f"{BASE}/staff/parties/conflicts/{conflict.id}", data=data)
    assert response.status_code == 422
    assert _conflict().status == "pending"


def test_same_difference_is_not_asked_twice(client, imported):
    package = _renamed_package()
    for release in package["releases"]:
        release["id"] += "-bis"
    upload_accepted(client, json.dumps(package), "package.json")
    assert len(db.session.scalars(select(PartyConflict)).all()) == 1
    # Once kept, the very same difference stays quiet; a new one is asked again.
    conflicts.resolve(_conflict(), actor=None, accept=False)
    db.session.commit()
    package["releases"][1]["parties"][1]["name"] = "Constructora del Sur"
    for release in package["releases"]:
        release["id"] += "-ter"
    upload_accepted(client, json.dumps(package), "package.json")
    pending = db.session.scalars(select(PartyConflict).where(PartyConflict.status == "pending"))
    assert [c.differences["name"]["imported"] for c in pending] == ["Constructora del Sur"]


def test_csv_name_differing_from_the_register_is_recorded(
    client, municipality, staff, login, registered
):
    csv_text = (
        "identifier,title,buyer_name,procurement_method,currency,supplier_name,supplier_scheme,"
        "supplier_id,award_amount\n"
        "LED-1,Luminarias,Obras,open,ARS,Constructora Sur,AR-CUIT,30711111119,100\n"
    )
    login(staff)
    upload_accepted(client, csv_text, "data.csv")
    assert _party().name == "Constructora Sur S.A."
    conflict = _conflict()
    assert conflict.differences == {"name": {"registered": "Constructora Sur S.A.",
                                             "imported": "Constructora Sur"}}  # fmt: skip
    assert db.session.get(ImportBatch, conflict.import_id).kind == "csv"


def test_deciding_twice_in_the_service_is_refused(imported):
    conflict = _conflict()
    conflicts.resolve(conflict, actor=None, accept=True)
    with pytest.raises(DomainError) as exc:
        conflicts.resolve(conflict, actor=None, accept=False)
    assert exc.value.status == 409


# Permissions and tenancy -----------------------------------------------------------------------


def test_conflict_pages_need_staff(client, imported, resident, login):
    conflict = _conflict()
    login(resident)
    assert client.get(f"{BASE}/staff/parties/conflicts").status_code == 403
    assert client.get(f"{BASE}/staff/imports/{conflict.import_id}").status_code == 403
    response = client.post(f"{BASE}/staff/parties/conflicts/{conflict.id}",
                           data={"decision": "accept"})  # fmt: skip
    assert response.status_code == 403
    assert _conflict().status == "pending"


def test_another_municipality_ids_answer_404(client, imported, other_staff, login):
    conflict = _conflict()
    login(other_staff)
    assert client.get(f"{OTHER}/staff/imports/{conflict.import_id}").status_code == 404
    response = client.post(f"{OTHER}/staff/parties/conflicts/{conflict.id}",
                           data={"decision": "accept"})  # fmt: skip
    assert response.status_code == 404
    assert _conflict().status == "pending"
    page = client.get(f"{OTHER}/staff/parties/conflicts").get_data(as_text=True)
    assert "CONSTRUCTORA SUR" not in page
