"""Public pages for anyone; staff forms for the municipality's admins only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participa.contracting import services
from participa.contracting.models import Release
from participa.extensions import db
from tests.contracting.confirming import publish, review
from tests.contracting.conftest import award_and_contract, make_process
from tests.rows import count_rows

BASE = "/m/villa-norte/contracting"


@pytest.mark.parametrize("path", ["/", "/suppliers/", "/summary", "/flags", "/data", "/policy",
                                  "/data/processes.csv", "/data/awards.csv",
                                  "/data/contracts.csv", "/data/import-template.csv"])  # fmt: skip
def test_anonymous_reads_public_pages(client, process, staff, supplier, path):
    award_and_contract(process, staff, supplier)
    response = client.get(BASE + path)
    assert response.status_code == 200


def test_process_page_shows_timeline_flags_and_downloads(client, process, staff, supplier):
    award_and_contract(process, staff, supplier)
    page = client.get(f"{BASE}/processes/{process.id}").get_data(as_text=True)
    assert "Timeline" in page and "Bacheo de calles del barrio centro" in page
    assert "Single bidder" in page and "Only one supplier submitted a bid" in page
    assert f"/ocds/{process.ocid}/record.json" in page
    assert "Constructora Sur S.A." in page
    assert 'id="comments"' in page  # citizens can ask about the purchase


def test_list_filters_and_search(client, municipality, staff, buyer, supplier):
    awarded = make_process(municipality, staff, buyer, title="Bacheo")
    award_and_contract(awarded, staff, supplier)
    make_process(municipality, staff, buyer, title="Luminarias LED")
    assert "Luminarias" in client.get(f"{BASE}/?q=lumin").get_data(as_text=True)
    page = client.get(f"{BASE}/?supplier={supplier.id}").get_data(as_text=True)
    assert "1 process" in page
    page = client.get(f"{BASE}/?stage=contract&method=open&year=2024&min=1000").get_data(
        as_text=True
    )
    assert "1 process" in page
    assert "0 processes" in client.get(f"{BASE}/?max=10").get_data(as_text=True)
    assert client.get(f"{BASE}/?min=abc&year=x&stage=bogus").status_code == 200


def test_supplier_page(client, process, staff, supplier):
    award_and_contract(process, staff, supplier)
    page = client.get(f"{BASE}/suppliers/{supplier.id}").get_data(as_text=True)
    assert "Bacheo centro" in page


def test_drafts_are_hidden_from_the_public(client, municipality, staff, buyer):
    draft = services.create_process(municipality, actor=staff, title="Borrador", buyer=buyer)
    db.session.commit()
    assert client.get(f"{BASE}/processes/{draft.id}").status_code == 404
    assert "Borrador" not in client.get(f"{BASE}/").get_data(as_text=True)


def test_list_page_runs_a_constant_number_of_queries(client, municipality, staff, buyer,
                                                       supplier, count_queries):  # fmt: skip
    def queries_for_list() -> int:
        with count_queries() as counter:
            assert client.get(f"{BASE}/").status_code == 200
        return counter.count

    for n in range(5):
        award_and_contract(make_process(municipality, staff, buyer, title=f"P{n}"), staff, supplier)
    few = queries_for_list()
    for n in range(35):
        make_process(municipality, staff, buyer, title=f"Q{n}")
    assert queries_for_list() == few


def test_the_process_page_reads_its_releases_once_and_asks_its_parts_in_one_query(
    client, login, process, resident, count_queries
):
    """The red flags read the releases the page read; the thread's count and the linked
    features' sections (documents, follow-up) are answered in one query."""
    url = f"{BASE}/processes/{process.id}"
    counts = []
    for who in (None, resident):
        if who is not None:
            login(who)
        client.get(url)
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        counts.append(counter.count)
        releases = [s for s in counter.statements if "FROM ocds_releases" in s]
        asked = [s for s in counter.statements if "FROM comments" in s]
        # One question for the thread's count and whether anything is linked to the process.
        assert len(releases) == 1 and len(asked) == 1, (releases, asked)
        assert "procurement_process_links.target_type" in asked[0]
    assert counts == [7, 8], counts


def test_cross_municipality_ids_answer_404(client, process, other_municipality, other_staff,
                                           login):  # fmt: skip
    login(other_staff)
    assert client.get(f"/m/otra-ciudad/contracting/processes/{process.id}").status_code == 404
    assert client.get(f"/m/otra-ciudad/contracting/staff/processes/{process.id}").status_code == 404
    assert (
        client.get(f"/m/otra-ciudad/contracting/ocds/{process.ocid}/record.json").status_code == 404
    )


def test_staff_of_another_municipality_cannot_touch_a_process(client, process, other_staff, login):
    login(other_staff)
    url = f"{BASE}/staff/processes/{process.id}/tender"
    assert client.get(url).status_code == 403
    assert client.post(url, data={"title": "x", "procurement_method": "open"}).status_code == 403
    assert process.release_count == 1


@pytest.mark.parametrize("who", ["resident", "moderator"])
def test_non_admins_get_403(client, process, login, who, request):
    login(request.getfixturevalue(who))
    assert client.get(f"{BASE}/staff/").status_code == 403
    assert client.get(f"{BASE}/staff/processes/{process.id}/planning").status_code == 403
    assert client.get(f"{BASE}/staff/import").status_code == 403


def test_anonymous_staff_pages_redirect_to_login(client, process):
    response = client.get(f"{BASE}/staff/processes/{process.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def _tender_form(**extra):
    data = {"title": "Compra de luminarias LED", "status": "active", "procurement_method": "open",
            "main_category": "goods", "value_amount": "2500000", "currency": "ARS",
            "tender_start": "2026-05-01T09:00", "tender_end": "2026-05-25T12:00",
            "procuring_entity_id": "0", "award_criteria": "",
            "items-0-description": "Luminaria LED 150W", "items-0-quantity": "120",
            "items-0-unit": "unidad", "items-0-classification_scheme": "",
            "documents-0-document_type": "tenderNotice", "documents-0-title": "Aviso",
            "documents-0-url": "https://example.org/aviso.pdf"}  # fmt: skip
    data.update(extra)
    return data


def test_staff_create_tender_award_and_contract_through_the_forms(
    client, municipality, staff, buyer, supplier, login
):
    login(staff)
    response = client.post(f"{BASE}/staff/processes/new",
                           data={"title": "Luminarias", "buyer_id": str(buyer.id)})  # fmt: skip
    assert response.status_code == 302
    process_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    assert client.get(f"{BASE}/staff/processes/{process_id}/tender?rows=5").status_code == 200
    assert publish(client, f"{BASE}/staff/processes/{process_id}/tender",
                   _tender_form()).status_code == 302  # fmt: skip
    response = publish(client, f"{BASE}/staff/processes/{process_id}/awards/new", {
        "status": "active", "date": "2026-05-28", "value_amount": "2400000", "currency": "ARS",
        "suppliers": [supplier.ocds_id]})  # fmt: skip
    assert response.status_code == 302
    response = publish(client, f"{BASE}/staff/processes/{process_id}/contracts/new", {
        "award_id": "2026-0001-A1", "status": "active", "value_amount": "2400000",
        "currency": "ARS", "date_signed": "2026-05-30"})  # fmt: skip
    assert response.status_code == 302
    tags = list(db.session.scalars(select(Release.tags).order_by(Release.date, Release.id)))
    # The award closes the tender: its status moves to complete in the same release.
    assert tags == [["tender"], ["tenderUpdate", "award"], ["contract"]]
    page = client.get(f"{BASE}/processes/{process_id}").get_data(as_text=True)
    assert "2026-0001-C1" in page or "Contracts" in page


def test_invalid_data_is_shown_in_plain_language_and_not_published(client, municipality, staff,
                                                                   buyer, login):  # fmt: skip
    login(staff)
    process = services.create_process(municipality, actor=staff, title="Luminarias", buyer=buyer)
    db.session.commit()
    response = review(
        client,
        f"{BASE}/staff/processes/{process.id}/tender",
        _tender_form(**{"documents-0-url": "ver en mesa de entradas"}),
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Nothing was published" in page
    assert "Tender / Documents #1 / Web address: must be a full web address" in page
    assert count_rows(Release) == 0


def test_form_errors_answer_422(client, process, staff, login):
    login(staff)
    response = client.post(
        f"{BASE}/staff/processes/{process.id}/tender",
        data=_tender_form(title="", tender_end="2026-04-01T09:00"),
    )
    assert response.status_code == 422
    assert "The end must come after the start." in response.get_data(as_text=True)


def test_amendment_form_requires_a_rationale(client, process, staff, supplier, login):
    award_and_contract(process, staff, supplier)
    login(staff)
    url = f"{BASE}/staff/processes/{process.id}/amendments/new"
    assert client.post(url, data={"target": "contract:0", "rationale": ""}).status_code == 422
    response = publish(client, url, {"target": "contract:0", "rationale": "Más superficie",
                                     "new_amount": "12000000"})  # fmt: skip
    assert response.status_code == 302
    assert services.releases_of(process)[-1].tags == ["contractAmendment"]


def test_party_and_settings_forms(client, municipality, staff, login):
    login(staff)
    response = client.post(
        f"{BASE}/staff/parties/new",
        data={"name": "Luz del Sur S.A.", "scheme": "AR-CUIT", "identifier": "30733333339"},
    )
    assert response.status_code == 302
    assert services.party_by_ocds_id(municipality, "AR-CUIT-30733333339") is not None
    response = client.post(f"{BASE}/staff/settings", data={
        "currency": "ARS", "short_tender_days": "20", "award_over_estimate_percent": "20",
        "amendment_increase_percent": "20", "new_supplier_days": "30",
        "publication_delay_days": "10", "license_url": "https://creativecommons.org/licenses/by/4.0/",
        "publisher_scheme": "AR-CUIT", "publisher_uid": "30999999991"})  # fmt: skip
    assert response.status_code == 302
    assert services.settings_for(municipality).short_tender_days == 20


def test_linked_proposal_partial_renders(app, process):
    from flask import render_template

    with app.test_request_context("/"):
        html = render_template("contracting/_linked_processes.html", linked=[process])
    assert "Carried out through public procurement" in html and process.ocid in html


def test_accepted_proposal_page_shows_the_process_that_carries_it_out(
    client, municipality, staff, process
):
    from participa.contracting.links import link_process
    from participa.proposals.models import ProposalState
    from tests.consultations.helpers import make_consultation, make_proposal

    consultation = make_consultation(municipality, phase="results")
    proposal = make_proposal(consultation, state=ProposalState.ACCEPTED)
    link_process(process, actor=staff, kind="proposal", target_id=proposal.id)
    db.session.commit()
    page = client.get(f"/m/{municipality.slug}/proposals/{proposal.id}")
    assert page.status_code == 200
    assert "Carried out through public procurement" in page.text and process.ocid in page.text
    process_page = client.get(f"/m/{municipality.slug}/contracting/processes/{process.id}")
    assert proposal.title in process_page.text
