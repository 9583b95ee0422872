"""Budget projects have a place: the municipality's district, an address and coordinates,
typed on the form (checked, 422 otherwise) and shown on the project's page."""

from __future__ import annotations

from sqlalchemy import select

from participa.budgets.models import BudgetProject
from participa.extensions import db
from tests.budgets.helpers import make_budget
from tests.places.helpers import make_district
from tests.rows import count_rows

M = "/m/villa-norte"


def test_a_project_gets_a_place(client, login, municipality, other_municipality, staff):
    budget = make_budget(municipality, status="draft")
    before = count_rows(BudgetProject)
    centro, foreign = make_district(municipality), make_district(other_municipality, "Ajeno")
    login(staff)
    url = f"{M}/budgets/{budget.id}/projects/new"
    form = client.get(url).text
    assert "data-map-picker" in form and "Area of the municipality" in form
    project = {
        "title": "Plaza norte",
        "cost": "120",
        "location_text": "Plaza Rivadavia",
        "latitude": "-38.7183",
        "longitude": "-62.2663",
        "area_id": str(centro.id),
    }
    bad = client.post(url, data={**project, "latitude": "-91"})
    assert bad.status_code == 422 and 'value="Plaza Rivadavia"' in bad.text
    alone = client.post(url, data={**project, "longitude": ""})
    assert alone.status_code == 422 and "Give both latitude and longitude" in alone.text
    other = client.post(url, data={**project, "area_id": str(foreign.id)})
    assert other.status_code == 422 and count_rows(BudgetProject) == before
    assert client.post(url, data=project).status_code == 302
    made = db.session.scalars(
        select(BudgetProject).where(BudgetProject.title == "Plaza norte")
    ).one()
    assert (made.latitude, made.longitude, made.area_id) == (-38.7183, -62.2663, centro.id)
    page = client.get(f"{M}/budgets/projects/{made.id}")
    assert page.status_code == 200
    assert "District: Centro" in page.text and "-38.71830, -62.26630" in page.text
