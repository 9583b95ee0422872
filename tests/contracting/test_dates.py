"""Dates given as a day are whole days in the municipality: ends last until the day's end."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from participa.contracting import ocds, sections, stages
from participa.contracting.models import ProcurementProcess
from participa.extensions import db
from tests.contracting.conftest import TENDER, award_and_contract, upload_accepted

BASE = "/m/villa-norte/contracting"


def test_rfc3339_day_start_and_end_in_the_municipality():
    tz = "America/Argentina/Buenos_Aires"
    assert ocds.rfc3339(date(2025, 12, 31), tz) == "2025-12-31T00:00:00-03:00"
    assert ocds.rfc3339(date(2025, 12, 31), tz, end_of_day=True) == "2025-12-31T23:59:59-03:00"
    # A time of day is kept as given, end or not.
    assert ocds.rfc3339(datetime(2025, 12, 31, 12, 0), tz, end_of_day=True) == (
        "2025-12-31T12:00:00-03:00")  # fmt: skip


def test_a_contract_ending_on_a_day_runs_all_that_day(process, staff, supplier):
    award_and_contract(process, staff, supplier)
    stages.save_contract(process, actor=staff, index=0, data={
        "award_id": process.data["awards"][0]["id"], "status": "active",
        "value_amount": 9_500_000, "currency": "ARS", "date_signed": date(2025, 1, 2),
        "start": date(2025, 1, 6), "end": date(2025, 12, 31)})  # fmt: skip
    db.session.commit()
    contract = process.compiled["contracts"][0]
    assert contract["period"] == {"startDate": "2025-01-06T00:00:00-03:00",
                                  "endDate": "2025-12-31T23:59:59-03:00"}  # fmt: skip
    assert contract["dateSigned"] == "2025-01-02T00:00:00-03:00"
    # The form shows back the same days.
    form = sections.contract_to_form(contract, tz=process.municipality.timezone, currency="ARS")
    assert (form["start"], form["end"]) == (date(2025, 1, 6), date(2025, 12, 31))


def test_amended_end_dates_and_milestone_deadlines_last_the_whole_day(process, staff, supplier):
    award_and_contract(process, staff, supplier)
    stages.save_implementation(process, actor=staff, index=0, data={
        "milestones": [{"title": "Entrega", "status": "scheduled", "due_date": date(2024, 6, 1),
                        "date_met": None}]})  # fmt: skip
    stages.amend(process, actor=staff, target="contract:0", rationale="Lluvias",
                 new_end=date(2024, 7, 31))  # fmt: skip
    stages.amend(process, actor=staff, target="tender", rationale="Prórroga",
                 new_end=date(2024, 3, 29))  # fmt: skip
    db.session.commit()
    contract = process.compiled["contracts"][0]
    assert contract["period"]["endDate"] == "2024-07-31T23:59:59-03:00"
    milestone = contract["implementation"]["milestones"][0]
    assert milestone["dueDate"] == "2024-06-01T23:59:59-03:00"
    assert process.compiled["tender"]["tenderPeriod"]["endDate"] == "2024-03-29T23:59:59-03:00"


def test_tender_periods_given_as_days(process, staff, buyer):
    stages.save_tender(process, actor=staff, procuring_entity=buyer, data={
        **TENDER, "tender_start": date(2024, 3, 1), "tender_end": date(2024, 3, 15)})  # fmt: skip
    db.session.commit()
    period = process.compiled["tender"]["tenderPeriod"]
    assert period == {"startDate": "2024-03-01T00:00:00-03:00",
                      "endDate": "2024-03-15T23:59:59-03:00"}  # fmt: skip


def test_csv_dates_are_whole_days(client, municipality, staff, login):
    csv_text = (
        "identifier,title,buyer_name,procurement_method,currency,tender_start,tender_end,"
        "supplier_name,award_date,award_amount,contract_date_signed,contract_amount,"
        "contract_end\n"
        "LED-1,Luminarias,Obras,open,ARS,2024-05-01,2024-05-25,Luz del Sur S.A.,2024-05-28,"
        "2400000,2024-05-30,2400000,2025-12-31\n"
    )
    login(staff)
    upload_accepted(client, csv_text, "t.csv")
    process = db.session.scalars(select(ProcurementProcess)).one()
    compiled = process.compiled
    assert compiled["tender"]["tenderPeriod"] == {
        "startDate": "2024-05-01T00:00:00-03:00",
        "endDate": "2024-05-25T23:59:59-03:00",
    }
    assert compiled["awards"][0]["date"] == "2024-05-28T00:00:00-03:00"
    assert compiled["contracts"][0]["period"] == {
        "startDate": "2024-05-30T00:00:00-03:00",
        "endDate": "2025-12-31T23:59:59-03:00",
    }


def test_api_days_are_the_municipality_days(client, municipality, staff, buyer, monkeypatch):
    from datetime import UTC

    from participa.contracting import services
    from tests.contracting.conftest import make_process

    # 23:30 on 31 December in Buenos Aires is already 1 January in UTC.
    monkeypatch.setattr(services, "utcnow", lambda: datetime(2026, 1, 1, 2, 30, tzinfo=UTC))
    process = make_process(municipality, staff, buyer)
    published = {r.release_id for r in services.releases_of(process)}

    def ids(query: str) -> set[str]:
        response = client.get(f"{BASE}/api/releases?{query}")
        assert response.status_code == 200
        return {r["id"] for r in response.get_json()["releases"]}

    assert ids("until=2025-12-31") == published
    assert ids("since=2025-12-31") == published
    assert ids("since=2026-01-01") == set()
    assert ids("until=2025-12-31T23:45:00") == published  # no offset: the municipality's time
