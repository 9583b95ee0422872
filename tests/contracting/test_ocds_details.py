"""Organisations carry org-id.guide identifiers; documents format, language and dates;
milestones a type from the codelist."""

from __future__ import annotations

import copy
from datetime import date

import pytest

from participa.contracting import services, stages
from participa.contracting.codelists import SCHEME_BY_COUNTRY, codes, scheme_for
from participa.core.errors import DomainError
from participa.extensions import db
from tests.contracting.confirming import publish
from tests.contracting.conftest import TENDER, assert_valid, award_and_contract, make_process

BASE = "/m/villa-norte/contracting"


def test_org_id_guide_schemes_for_the_network():
    # The list codes org-id.guide registers for each country's tax register.
    assert SCHEME_BY_COUNTRY == {"AR": "AR-CUIT", "BO": "BO-NIT", "BR": "BR-CNPJ",
                                 "CL": "CL-RUT", "CO": "CO-NIT", "MX": "MX-RFC",
                                 "PE": "PE-RUC", "PY": "PY-RUC"}  # fmt: skip
    assert scheme_for("co") == "CO-NIT"
    assert scheme_for("UY") == ""  # no list on org-id.guide: nothing is guessed


def test_a_bare_tax_number_gets_the_country_scheme(municipality, staff):
    party = services.create_party(municipality, actor=staff, data={
        "name": "Cooperativa de Obras", "identifier": "30733333339"})  # fmt: skip
    assert (party.scheme, party.ocds_id) == ("AR-CUIT", "AR-CUIT-30733333339")


def test_without_a_known_scheme_a_bare_number_is_refused(municipality, staff):
    municipality.country = "UY"
    with pytest.raises(DomainError):
        services.create_party(municipality, actor=staff, data={"name": "X", "identifier": "1"})


def test_public_body_and_supplier_identifiers_in_the_release(
    client, municipality, staff, buyer, supplier
):
    process = award_and_contract(make_process(municipality, staff, buyer), staff, supplier)
    package = client.get(f"{BASE}/ocds/{process.ocid}/releases.json").get_json()
    assert_valid(package, "release-package-schema.json")
    parties = {p["id"]: p for p in package["releases"][-1]["parties"]}
    for party in (buyer, supplier):
        assert parties[party.ocds_id]["identifier"] == {
            "scheme": "AR-CUIT", "id": party.identifier}  # fmt: skip
        assert party.ocds_id == f"AR-CUIT-{party.identifier}"


def _documents(process):
    return process.data["tender"]["documents"]


def test_documents_carry_format_language_and_dates(municipality, staff, buyer):
    municipality.default_locale = "pt_BR"  # documents are in the municipality's language
    tender = copy.deepcopy(TENDER)
    tender["documents"] = [
        {"document_type": "biddingDocuments", "title": "Pliego",
         "url": "https://example.org/pliego.pdf"},
        {"document_type": "technicalSpecifications", "title": "Planos en mesa de entradas"},
    ]  # fmt: skip
    process = make_process(municipality, staff, buyer, tender=tender)
    first = services.releases_of(process)[-1]
    pliego, planos = _documents(process)
    assert pliego["format"] == "application/pdf"
    assert planos["format"] == "offline/print"
    assert pliego["language"] == planos["language"] == "pt"
    assert pliego["datePublished"] == first.date_text
    assert "dateModified" not in pliego
    # A later release that changes the title records when; the publication date stays.
    again = copy.deepcopy(tender)
    again["documents"][0] |= {"id": pliego["id"], "title": "Pliego (versión 2)"}
    again["documents"][1] |= {"id": planos["id"]}
    stages.save_tender(process, actor=staff, data=again, procuring_entity=buyer)
    db.session.commit()
    second = services.releases_of(process)[-1]
    pliego2, planos2 = _documents(process)
    assert pliego2["datePublished"] == first.date_text
    assert pliego2["dateModified"] == second.date_text != first.date_text
    assert planos2 == planos  # unchanged: no modification date
    assert_valid({"uri": "https://x", "version": "1.1", "publishedDate": second.date_text,
                  "publisher": {"name": "x"}, "releases": [second.data]},
                 "release-package-schema.json")  # fmt: skip


def test_imported_document_details_are_kept(municipality, staff, buyer):
    process = make_process(municipality, staff, buyer)
    document = _documents(process)[0]
    process.data["tender"]["documents"][0] |= {"format": "application/x-custom",
                                                "language": "qu"}  # fmt: skip
    data = copy.deepcopy(TENDER)
    data["documents"][0] |= {"id": document["id"]}
    stages.save_tender(process, actor=staff, data=data, procuring_entity=buyer)
    kept = _documents(process)[0]
    assert (kept["format"], kept["language"]) == ("application/x-custom", "qu")


def test_milestones_carry_a_type(municipality, staff, buyer, supplier):
    process = award_and_contract(make_process(municipality, staff, buyer), staff, supplier)
    stages.save_implementation(process, actor=staff, index=0, data={"milestones": [
        {"title": "Entrega de obra", "due_date": date(2024, 6, 30)},
        {"title": "Informe mensual", "type": "reporting", "due_date": date(2024, 5, 1)},
    ]})  # fmt: skip
    db.session.commit()
    milestones = process.data["contracts"][0]["implementation"]["milestones"]
    assert [m["type"] for m in milestones] == ["delivery", "reporting"]
    assert {m["type"] for m in milestones} <= codes("milestoneType")


def test_implementation_form_offers_milestone_types(client, municipality, staff, buyer,
                                                    supplier, login):  # fmt: skip
    process = award_and_contract(make_process(municipality, staff, buyer), staff, supplier)
    login(staff)
    page = client.get(f"{BASE}/staff/processes/{process.id}/contracts/0/implementation")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="milestones-0-type"' in text
    assert '<option selected value="delivery">' in text
    assert 'value="reporting"' in text
    response = publish(client, f"{BASE}/staff/processes/{process.id}/contracts/0/implementation",
                       {"milestones-0-title": "Informe", "milestones-0-type": "reporting",
                        "milestones-0-due_date": "2024-05-01"})  # fmt: skip
    assert response.status_code in (302, 303), response.get_data(as_text=True)[-2000:]
    db.session.expire_all()
    assert process.data["contracts"][0]["implementation"]["milestones"][0]["type"] == "reporting"
