"""Network dashboard, downloads, peer learning, exchanges, suggested evidence, reviewers, demo."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import func, select

from participa.extensions import db
from participa.indicators.models import Assessment, PlatformReviewer
from tests import factories
from tests.indicators.helpers import indicator, make_assessment


def _network_with(count: int) -> None:
    for n in range(count):
        town = factories.MunicipalityFactory(
            name=f"Ciudad {n}", country="AR" if n % 2 else "BO", population=40_000 * (n + 1)
        )
        make_assessment(town, period="2025-S2", status="validated", met=n + 3)
        make_assessment(town, period="2026-S1", status="validated", met=n + 5)
        make_assessment(town, period="2026-S2", status="draft", met=n + 9)


def test_network_page_runs_a_constant_number_of_queries(client, framework, count_queries):
    _network_with(2)
    client.get("/indicators/")  # warm up
    with count_queries() as small:
        assert client.get("/indicators/").status_code == 200
    _network_with(4)
    with count_queries() as large:
        page = client.get("/indicators/")
    assert page.status_code == 200
    assert page.text.count('<th scope="row"><a href="/m/') == 6
    assert small.count == large.count, (small.statements, large.statements)


def test_network_matrix_ranking_and_paths(client, framework):
    _network_with(2)
    page = client.get("/indicators/")
    assert 'class="heat-map"' in page.text
    assert page.text.count('class="heat-yes"') == 5 + 6  # the latest validated period only
    assert '<abbr title="Participation regulation">PAR-01</abbr>' in page.text
    assert "Ranking: Citizen participation" in page.text
    assert "Ciudad 0: indicators met per period" in page.text
    assert "2026-S2" not in page.text  # drafts stay private
    assert page.text.count("<svg") == 4 + 2


def test_network_filters_by_country_and_size(client, framework):
    _network_with(4)  # populations 40k, 80k, 120k, 160k; BO, AR, BO, AR
    by_country = client.get("/indicators/?country=AR")
    assert "Ciudad 1" in by_country.text and "Ciudad 0" not in by_country.text
    small = client.get("/indicators/?size=small")
    assert "Ciudad 0" in small.text and "Ciudad 1" not in small.text
    none = client.get("/indicators/?size=metropolis")
    assert "No validated assessment matches" in none.text
    huge = client.get("/indicators/?size=huge")
    assert huge.status_code == 400
    assert "A filter in the address is not one this page offers." in huge.text
    assert client.get("/indicators/?country=<script>").status_code == 400


def test_downloads_hold_every_validated_answer_and_no_personal_data(
    client, framework, municipality, staff
):
    assessment = make_assessment(municipality, period="2026-S1", status="validated", met=4)
    answer = assessment.answers[0]
    answer.note = f"Contacto: {staff.email}"
    answer.review_comment = "Revisado por alguien@example.org"
    db.session.commit()
    make_assessment(municipality, period="2026-S2", status="submitted", met=9)
    response = client.get("/indicators/assessments.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 40
    assert {r["period"] for r in rows} == {"2026-S1"}
    assert sum(r["value"] == "yes" for r in rows) == 4
    json_response = client.get("/indicators/assessments.json")
    data = json.loads(json_response.text)
    assert len(data["assessments"]) == 1
    assert data["assessments"][0]["score"] == {"met": 4, "total": 40}
    for body in (response.text, json_response.text):
        assert "@" not in body
        assert "Contacto" not in body and "Revisado" not in body


def test_peers_list_municipalities_that_meet_what_we_do_not(
    client, login, framework, municipality, other_municipality, staff
):
    make_assessment(municipality, status="validated", met={"PAR-01"})
    make_assessment(other_municipality, status="validated", met={"PAR-01", "PAR-02"})
    page = client.get("/m/villa-norte/indicators/peers")
    assert page.status_code == 200
    assert "PAR-02 · Active digital participation platform" in page.text
    assert "PAR-01 · " not in page.text  # already met
    assert "Otra Ciudad" in page.text and "https://example.org/PAR-02" in page.text
    assert "Request an exchange" not in page.text
    login(staff)
    assert (
        "Request an exchange with Otra Ciudad" in client.get("/m/villa-norte/indicators/peers").text
    )


def test_peers_request_an_exchange_in_the_learning_space_and_old_addresses_redirect(
    app, client, login, framework, municipality, other_municipality, staff
):
    par02 = indicator("PAR-02")
    login(staff)
    form = client.get(
        f"/m/villa-norte/learning/new?indicator={par02.id}&invite={other_municipality.id}"
        "&kind=request"
    )
    assert form.status_code == 200
    assert f'<option selected value="{par02.id}">' in form.text
    assert f'<option selected value="{other_municipality.id}">' in form.text
    old = client.get(
        f"/m/villa-norte/indicators/exchanges/new?indicator={par02.id}"
        f"&partner={other_municipality.id}"
    )
    assert old.status_code == 301
    assert old.location.endswith(
        f"/m/villa-norte/learning/new?kind=request&indicator={par02.id}"
        f"&invite={other_municipality.id}"
    )
    assert client.get("/m/villa-norte/indicators/exchanges/").location.endswith(
        "/m/villa-norte/learning/"
    )
    network = app.test_client().get("/indicators/exchanges")
    assert network.status_code == 301 and network.location.endswith("/learning/")
    assert "/learning/" in app.test_client().get("/indicators/").text


def test_the_form_proposes_the_platform_own_consultation_as_evidence(
    client, login, framework, municipality, staff
):
    from tests.consultations.helpers import make_consultation

    consultation = make_consultation(municipality, phase="results", title="Plan de plazas")
    make_consultation(municipality, phase="proposals", status="draft", title="Secreto")
    assessment = make_assessment(municipality, met=0, answered=0)
    login(staff)
    page = client.get(f"/m/villa-norte/indicators/assessments/{assessment.id}/dimensions/PAR")
    link = f"/m/villa-norte/consultations/{consultation.id}"
    assert "Suggested evidence from this platform" in page.text
    assert f'<a href="{link}">Plan de plazas</a>' in page.text
    assert f'value="{link}"' in page.text  # proposed in the evidence link field
    assert "Secreto" not in page.text


def test_platform_admins_appoint_reviewers(client, login, framework, platform_admin, staff, user):
    login(staff)
    assert client.get("/indicators/admin/reviewers").status_code == 403
    assert client.get("/indicators/review").status_code == 403
    login(platform_admin)
    response = client.post("/indicators/admin/reviewers", data={"email": user.email})
    assert response.status_code == 302
    reviewer = db.session.scalars(select(PlatformReviewer)).one()
    assert reviewer.user_id == user.id
    assert client.post("/indicators/admin/reviewers", data={"email": "x@y.org"}).status_code == 422
    login(user)
    assert client.get("/indicators/review").status_code == 200
    login(platform_admin)
    assert client.post(f"/indicators/admin/reviewers/{reviewer.id}/remove").status_code == 302
    login(user)
    assert client.get("/indicators/review").status_code == 403


def _load_demo() -> dict:
    from participa.cli import DEMO_PASSWORD
    from participa.indicators.demo import load_demo
    from participa.municipalities.demo import load_demo as municipalities_demo

    context: dict = {"password": DEMO_PASSWORD}
    municipalities_demo(context)
    load_demo(context)
    db.session.commit()
    return context


def test_demo_has_two_validated_periods_and_a_draft_per_municipality(app):
    from participa.core.features import demo_steps
    from participa.indicators.demo import load_demo

    assert load_demo in demo_steps()
    context = _load_demo()
    counts = db.session.execute(
        select(Assessment.municipality_id, Assessment.status, func.count()).group_by(
            Assessment.municipality_id, Assessment.status
        )
    ).all()
    by_municipality: dict[int, dict[str, int]] = {}
    for municipality_id, status, count in counts:
        by_municipality.setdefault(municipality_id, {})[status] = count
    # Self-assessments are the municipalities' (the demo legislature and association have none).
    municipalities = [m for m in context["municipalities"].values() if m.kind == "municipality"]
    assert len(by_municipality) == len(municipalities) >= 3
    assert all(c == {"validated": 2, "draft": 1} for c in by_municipality.values())
    page = app.test_client().get("/indicators/")
    assert page.status_code == 200 and "Bahía Blanca" in page.text


def test_demo_is_deterministic(app):
    from participa.indicators.dashboards import export_rows

    _load_demo()
    with app.test_request_context():
        rows = export_rows(lambda token: token, lambda path: path)
    # Seeded per municipality and indicator, so every load publishes the same answers.
    assert len(rows) == 4 * 2 * 40
    assert sum(r["value"] == "yes" for r in rows) == 193
