"""Follow-up pages: public lists and result pages, staff forms, refusals that keep what was typed,
and other municipalities' ids answering 404."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from participa.contracting import services as contracting
from participa.contracting import stages
from participa.extensions import db
from participa.followup import services
from participa.followup.models import Milestone, ResultUpdate
from tests import factories
from tests.followup.conftest import contracted_process, make_parties, make_result
from tests.rows import count_rows


def _base(municipality) -> str:
    return f"/m/{municipality.slug}/follow-up"


@pytest.fixture
def chain(municipality, staff, result, app):
    """The result carried out by two processes: one linked to its proposal, one to the result
    itself, with a payment."""
    buyer, supplier = make_parties(municipality, staff)
    by_proposal = contracted_process(municipality, staff, buyer, supplier, title="Plantación")
    by_result = contracted_process(municipality, staff, buyer, supplier, title="Riego",
                                   amount=2_000_000)  # fmt: skip
    stages.save_implementation(by_result, actor=staff, index=0, data={"transactions": [
        {"date": date(2024, 5, 2), "amount": 750_000, "payee_id": supplier.ocds_id}]})  # fmt: skip
    with app.test_request_context():
        contracting.link_process(by_proposal, actor=staff, kind="proposal",
                                 target_id=result.source_id)  # fmt: skip
        contracting.link_process(by_result, actor=staff, kind="followup_result",
                                 target_id=result.id)  # fmt: skip
    db.session.commit()
    return by_proposal, by_result, supplier


# --- Public pages --------------------------------------------------------------------------------


def test_the_list_shows_results_with_translated_statuses_and_totals(client, municipality, staff,
                                                                    chain, result):  # fmt: skip
    result.amount = 12_000_000
    result.status = "in_progress"
    db.session.commit()
    page = client.get(_base(municipality) + "/")
    assert page.status_code == 200
    text = page.text
    assert "Más árboles en la plaza" in text
    assert "In progress" in text and "in_progress<" not in text
    # Voted, awarded (9 500 000 + 2 000 000) and paid, localized with the currency.
    assert "ARS" in text and "12,000,000.00" in text
    assert "11,500,000.00" in text and "750,000.00" in text
    assert "<svg" in text and "<table" in text  # the chart and its data table
    assert "1 result" in text


def test_the_list_filters_by_status_and_district(client, municipality, staff):
    north = make_result(municipality, staff, title="Bicisenda norte")
    make_result(municipality, staff, title="Plaza sur")
    north.district = "Norte"
    north.status = "completed"
    north.progress = 100
    db.session.commit()
    for query in ("?status=completed", "?district=Norte", "?status=completed&district=Norte"):
        text = client.get(_base(municipality) + "/" + query).text
        assert "Bicisenda norte" in text and "Plaza sur" not in text, query
    text = client.get(_base(municipality) + "/?status=planned").text
    assert "Plaza sur" in text and "Bicisenda norte" not in text
    # Filters a visitor typed by hand: ignored, never an error.
    for query in ("?status=nonsense", "?sort=%00", "?district=" + "x" * 500, "?page=abc"):
        assert client.get(_base(municipality) + "/" + query).status_code in (200, 400), query


def test_the_result_page_shows_the_whole_chain(client, municipality, staff, chain, result, app):
    _by_proposal, _by_result, supplier = chain
    with app.test_request_context():
        services.update_result(result, actor=staff, status="in_progress", progress=40,
                               note="Se plantaron **30** árboles.")  # fmt: skip
        services.add_milestone(result, actor=staff, title="Compra de plantines",
                               due_date=date(2026, 4, 1), done_date=date(2026, 3, 30))  # fmt: skip
    db.session.commit()
    page = client.get(f"{_base(municipality)}/{result.id}")
    assert page.status_code == 200
    text = page.text
    # The decision, the processes with tender, award (supplier) and contract amounts, payments.
    assert "Accepted proposal" in text and f"/proposals/{result.source_id}" in text
    assert "Plantación" in text and "Riego" in text
    assert "10,000,000.00" in text  # the tender's estimate
    assert "9,500,000.00" in text and "2,000,000.00" in text  # awards and contracts
    assert "750,000.00" in text  # the payment
    assert supplier.name in text and f"/contracting/suppliers/{supplier.id}" in text
    # History and milestones.
    assert "<strong>30</strong>" in text and "40% done" in text and "Planned" in text
    assert "Compra de plantines" in text
    assert "Follow-up opened." in text


def test_the_proposal_page_links_to_its_follow_up(client, municipality, result):
    page = client.get(f"/m/{municipality.slug}/proposals/{result.source_id}")
    assert page.status_code == 200
    assert f"/follow-up/{result.id}" in page.text
    assert "Planned · 0% done" in page.text


def test_another_municipalitys_result_is_not_found(client, login, municipality,
                                                   other_municipality, result, staff):  # fmt: skip
    assert client.get(f"/m/{other_municipality.slug}/follow-up/{result.id}").status_code == 404
    assert client.get(f"{_base(municipality)}/999999").status_code == 404
    login(staff)
    url = f"/m/{other_municipality.slug}/follow-up/staff/{result.id}/update"
    assert client.post(url, data={"status": "completed", "progress": "100"}).status_code == 404
    assert count_rows(ResultUpdate) == 0


def test_the_network_list_shows_public_results_of_every_municipality(
    client, municipality, other_municipality, staff, other_staff
):
    make_result(municipality, staff, title="Plaza de Villa Norte", amount=1000)
    make_result(other_municipality, other_staff, title="Plaza de Otra Ciudad", amount=2000)
    archived = factories.MunicipalityFactory(slug="archivada", name="Archivada")
    make_result(archived, staff, title="Plaza archivada")
    from participa.db import utcnow

    archived.archived_at = utcnow()
    db.session.commit()
    text = client.get("/follow-up/").text
    assert "Plaza de Villa Norte" in text and "Plaza de Otra Ciudad" in text
    assert "Plaza archivada" not in text
    assert "ARS" in text and "CLP" in text  # totals per currency, never converted
    only = client.get(f"/follow-up/?municipality={other_municipality.id}").text
    assert "Plaza de Otra Ciudad" in only and "Plaza de Villa Norte" not in only
    assert client.get("/follow-up/?municipality=abc&status=xyz").status_code == 200


# --- Staff ---------------------------------------------------------------------------------------


def test_staff_publish_an_update(client, login, municipality, staff, result):
    login(staff)
    url = f"{_base(municipality)}/staff/{result.id}/update"
    form = client.get(url)
    assert form.status_code == 200 and "Publish the update" in form.text
    response = client.post(url, data={"status": "in_progress", "progress": "35",
                                      "note": "Comenzó la obra."})  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/follow-up/{result.id}")
    update = db.session.scalars(select(ResultUpdate)).one()
    assert (update.status, update.progress, update.note) == ("in_progress", 35, "Comenzó la obra.")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "in_progress", "progress": "150"}, "Number must be between 0 and 100."),
        ({"status": "completed", "progress": "60"}, "A completed result is at 100 %."),
        ({"status": "finished", "progress": "60"}, "Not a valid choice."),
        ({"status": "in_progress", "progress": "veinte"}, "Not a valid integer value."),
        ({"status": "in_progress", "progress": "99999999999999999999"}, "Enter a number"),
    ],
)
def test_a_bad_update_keeps_what_was_typed(client, login, municipality, staff, result, data,
                                           message):  # fmt: skip
    login(staff)
    response = client.post(f"{_base(municipality)}/staff/{result.id}/update",
                           data={**data, "note": "Texto que escribí"})  # fmt: skip
    assert response.status_code == 422
    assert message in response.text
    assert "Texto que escribí" in response.text
    assert count_rows(ResultUpdate) == 0


def test_staff_edit_the_details(client, login, municipality, staff, result):
    login(staff)
    url = f"{_base(municipality)}/staff/{result.id}/edit"
    assert result.title in client.get(url).text
    bad = client.post(url, data={"title": "Plaza nueva", "start_date": "2026-05-01",
                                 "end_date": "2026-01-01", "amount": "1000"})  # fmt: skip
    assert bad.status_code == 422
    assert "The end date cannot be before the start date." in bad.text
    assert "Plaza nueva" in bad.text
    typo = client.post(url, data={"title": "Plaza nueva", "amount": "mil"})
    assert typo.status_code == 422 and "Plaza nueva" in typo.text
    good = client.post(url, data={"title": "Plaza nueva", "district": "Centro",
                                  "start_date": "2026-05-01", "end_date": "2026-12-01",
                                  "amount": "1500000"})  # fmt: skip
    assert good.status_code == 302
    db.session.refresh(result)
    assert (result.title, result.district, int(result.amount)) == ("Plaza nueva", "Centro",
                                                                    1_500_000)  # fmt: skip


def test_staff_manage_milestones(client, login, municipality, staff, result):
    login(staff)
    new = f"{_base(municipality)}/staff/{result.id}/milestones/new"
    future = (date.today() + timedelta(days=5)).isoformat()
    refused = client.post(new, data={"title": "Entrega", "done_date": future})
    assert refused.status_code == 422
    assert "A milestone cannot be done in the future." in refused.text and "Entrega" in refused.text
    assert client.post(new, data={"title": "Entrega", "due_date": "no-date"}).status_code == 422
    assert client.post(new, data={"title": "Entrega", "due_date": "2026-06-01"}).status_code == 302
    milestone = db.session.scalars(select(Milestone)).one()
    edit = f"{_base(municipality)}/staff/{result.id}/milestones/{milestone.id}/edit"
    assert client.post(edit, data={"title": "Entrega final", "due_date": "2026-06-01",
                                   "done_date": "2026-05-30"}).status_code == 302  # fmt: skip
    db.session.refresh(milestone)
    assert milestone.done_date == date(2026, 5, 30)
    delete = f"{_base(municipality)}/staff/{result.id}/milestones/{milestone.id}/delete"
    assert client.post(delete).status_code == 302
    assert count_rows(Milestone) == 0


def test_a_milestone_of_another_result_is_not_found(client, login, municipality, staff, result):
    other = make_result(municipality, staff, title="Otra")
    milestone = services.add_milestone(other, actor=staff, title="Inicio")
    db.session.commit()
    login(staff)
    url = f"{_base(municipality)}/staff/{result.id}/milestones/{milestone.id}"
    assert client.get(url + "/edit").status_code == 404
    assert client.post(url + "/delete").status_code == 404
    assert count_rows(Milestone) == 1


def test_residents_and_other_staff_may_not_update(client, login, municipality, resident,
                                                  other_staff, result):  # fmt: skip
    url = f"{_base(municipality)}/staff/{result.id}/update"
    data = {"status": "completed", "progress": "100"}
    assert client.post(url, data=data).status_code == 302  # to the login page
    for person in (resident, other_staff):
        login(person)
        assert client.post(url, data=data).status_code == 403
    assert count_rows(ResultUpdate) == 0
    page = client.get(f"{_base(municipality)}/{result.id}")
    assert "Publish an update" not in page.text


def test_a_source_tells_its_decision_chain(client, municipality, staff, monkeypatch):
    # How budgets show "proposal → vote → budget line" before the procurement.
    from participa.followup import sources

    project = {"id": 5, "title": "Bicisenda costera"}
    monkeypatch.setitem(sources._sources, "fake_project", sources.Source(
        "fake_project", lambda m, i: project if i == 5 else None, url=lambda p: "/budgets/5",
        title=lambda p: p["title"], label="Funded project",
        steps=lambda p: [sources.Step("Vote", "1,234 votes", "/budgets/5/results"),
                         ("Budget line", "Movilidad 2027", None)]))  # fmt: skip
    result = services.ensure_result(municipality, "fake_project", 5, title="Bicisenda",
                                    amount=3_000_000, actor=staff)  # fmt: skip
    db.session.commit()
    text = client.get(f"{_base(municipality)}/{result.id}").text
    assert "Funded project" in text and 'href="/budgets/5"' in text
    assert "1,234 votes" in text and 'href="/budgets/5/results"' in text
    assert "Movilidad 2027" in text
    assert "no procurement process published yet" in text
