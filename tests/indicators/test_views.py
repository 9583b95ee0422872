"""Indicator pages: staff self-assessment, review, 403s, cross-municipality 404s, bad input."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from participa.extensions import db
from participa.indicators.models import Assessment, PlatformReviewer
from tests import factories
from tests.indicators.helpers import answer_form, answer_of, indicator, make_assessment

BASE = "/m/villa-norte/indicators"


@pytest.fixture
def reviewer():
    person = factories.UserFactory()
    db.session.add(PlatformReviewer(user_id=person.id))
    db.session.commit()
    return person


def _reload(assessment) -> Assessment:
    db.session.expire_all()
    return db.session.get(Assessment, assessment.id)


# Opening ----------------------------------------------------------------------------------------


def test_staff_open_an_assessment(client, login, framework, staff):
    login(staff)
    page = client.get(BASE + "/assessments/")
    assert page.status_code == 200 and "Open an assessment" in page.text
    response = client.post(BASE + "/assessments/", data={"period": "2026-S2"})
    assert response.status_code == 302
    assessment = db.session.scalars(select(Assessment)).one()
    assert assessment.period == "2026-S2" and len(assessment.answers) == 40
    again = client.post(BASE + "/assessments/", data={"period": "2026-S2"})
    assert again.status_code == 409 and "already an assessment" in again.text


def test_a_bad_period_is_422_with_the_message(client, login, framework, staff):
    login(staff)
    response = client.post(BASE + "/assessments/", data={"period": "2026-S3"})
    assert response.status_code == 422
    assert "2026-S1 or 2026-S2" in response.text


# Answering --------------------------------------------------------------------------------------


def test_dimension_page_has_a_labelled_yes_no_fieldset_per_indicator(
    client, login, framework, municipality, staff
):
    assessment = make_assessment(municipality, met=0, answered=0)
    login(staff)
    page = client.get(f"{BASE}/assessments/{assessment.id}/dimensions/PAR")
    assert page.status_code == 200
    assert page.text.count('class="yes-no"') == 10
    assert "<legend>Is there a current ordinance or decree" in page.text
    assert 'enctype="multipart/form-data"' in page.text
    assert client.get(f"{BASE}/assessments/{assessment.id}/dimensions/XYZ").status_code == 404


def test_a_yes_without_evidence_is_422_with_the_message(
    client, login, framework, municipality, staff
):
    assessment = make_assessment(municipality, met=0, answered=0)
    login(staff)
    response = client.post(
        f"{BASE}/assessments/{assessment.id}/dimensions/PAR",
        data={**answer_form("PAR-01", "yes"), **answer_form("PAR-02", "no")},
    )
    assert response.status_code == 422
    assert "A yes needs evidence" in response.text
    # Nothing from the page was saved: the page is saved as a whole.
    assert answer_of(_reload(assessment), "PAR-02").value is None


def test_answers_are_saved_as_a_draft_and_continue(client, login, framework, municipality, staff):
    assessment = make_assessment(municipality, met=0, answered=0)
    login(staff)
    pdf = (io.BytesIO(b"%PDF-1.7 evidence"), "ordenanza.pdf")
    response = client.post(
        f"{BASE}/assessments/{assessment.id}/dimensions/PAR",
        data={
            **answer_form("PAR-01", "yes", evidence_url="https://villanorte.gob.ar/ordenanza"),
            **answer_form("PAR-02", "yes", document=pdf),
            **answer_form("PAR-03", "yes", evidence_link="/m/villa-norte/consultations/1"),
            **answer_form("PAR-04", "no", note="Todavía no."),
            "continue": "",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dimensions/TRA")
    assessment = _reload(assessment)
    assert answer_of(assessment, "PAR-01").evidence_url.endswith("/ordenanza")
    assert answer_of(assessment, "PAR-02").evidence_document.content_type == "application/pdf"
    assert answer_of(assessment, "PAR-03").evidence_link == "/m/villa-norte/consultations/1"
    assert answer_of(assessment, "PAR-04").value is False
    assert assessment.status == "draft"
    detail = client.get(f"{BASE}/assessments/{assessment.id}")
    assert "3 of 40" in detail.text and "Evidence document" in detail.text


def test_no_edit_after_validation_is_409(client, login, framework, municipality, staff):
    assessment = make_assessment(municipality, status="validated", met=5)
    login(staff)
    url = f"{BASE}/assessments/{assessment.id}/dimensions/PAR"
    assert client.get(url).status_code == 409
    response = client.post(url, data=answer_form("PAR-10", "no"))
    assert response.status_code == 409
    assert "validated and can no longer be changed" in response.text
    assert client.post(f"{BASE}/assessments/{assessment.id}/submit").status_code == 409
    assert answer_of(_reload(assessment), "PAR-10").value is False


def test_submitting_an_incomplete_assessment_explains_why(
    client, login, framework, municipality, staff
):
    assessment = make_assessment(municipality, met=3, answered=20)
    login(staff)
    response = client.post(f"{BASE}/assessments/{assessment.id}/submit", follow_redirects=True)
    assert "20 still unanswered" in response.text
    assert _reload(assessment).status == "draft"


# Review and the whole journey -------------------------------------------------------------------


def test_staff_submit_reviewer_returns_staff_fix_reviewer_validates_public_sees(
    app, client, login, framework, municipality, staff, reviewer
):
    assessment = make_assessment(municipality, met=12)
    login(staff)
    assert client.post(f"{BASE}/assessments/{assessment.id}/submit").status_code == 302
    assert _reload(assessment).status == "submitted"
    assert "not validated" not in client.get(BASE + "/").text
    assert "no validated assessment yet" in app.test_client().get(BASE + "/").text

    reviewing = login(reviewer, on=app.test_client())
    assert "Villa Norte, 2026-S1" in reviewing.get("/indicators/review").text
    page = reviewing.get(f"{BASE}/assessments/{assessment.id}/review")
    assert page.status_code == 200 and page.text.count('class="yes-no"') == 40
    par01 = indicator("PAR-01").id
    response = reviewing.post(
        f"{BASE}/assessments/{assessment.id}/review",
        data={f"r{par01}-decision": "return", f"r{par01}-comment": "El enlace no abre.",
              "accept_rest": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert _reload(assessment).status == "returned"

    detail = client.get(f"{BASE}/assessments/{assessment.id}")
    assert "El enlace no abre." in detail.text
    fixed = client.post(
        f"{BASE}/assessments/{assessment.id}/dimensions/PAR",
        data=answer_form("PAR-01", "yes", evidence_url="https://villanorte.gob.ar/ordenanza-2024"),
    )
    assert fixed.status_code == 302
    assert client.post(f"{BASE}/assessments/{assessment.id}/submit").status_code == 302

    page = reviewing.get(f"{BASE}/assessments/{assessment.id}/review")
    assert page.text.count('class="yes-no"') == 1  # only the fixed answer is pending
    response = reviewing.post(
        f"{BASE}/assessments/{assessment.id}/review", data={f"r{par01}-decision": "accept"}
    )
    assert response.status_code == 302
    assessment = _reload(assessment)
    assert assessment.status == "validated" and assessment.validated_by_id == reviewer.id

    public = app.test_client().get(BASE + "/")
    assert public.status_code == 200
    assert "Validated assessment 2026-S1" in public.text and "12 of 40" in public.text
    assert "ordenanza-2024" in public.text


def test_returning_without_a_comment_is_422(client, login, framework, municipality, reviewer):
    assessment = make_assessment(municipality, status="submitted", met=12)
    login(reviewer)
    par01 = indicator("PAR-01").id
    response = client.post(
        f"{BASE}/assessments/{assessment.id}/review", data={f"r{par01}-decision": "return"}
    )
    assert response.status_code == 422 and "Say why" in response.text
    assert _reload(assessment).status == "submitted"


def test_reviewer_cannot_review_own_municipality_403(
    client, login, framework, municipality, staff, platform_admin
):
    assessment = make_assessment(municipality, status="submitted", met=12)
    own = factories.member(municipality, "moderator")
    db.session.add(PlatformReviewer(user_id=own.id))
    db.session.commit()
    url = f"{BASE}/assessments/{assessment.id}/review"
    for person in (own, staff):
        login(person)
        assert client.get(url).status_code == 403
        assert client.post(url, data={}).status_code == 403
    factories.MembershipFactory(user=platform_admin, municipality=municipality, role="admin")
    login(platform_admin)
    assert client.get(url).status_code == 403


def test_reviewing_a_draft_is_409(client, login, framework, municipality, reviewer):
    assessment = make_assessment(municipality, met=12)
    login(reviewer)
    assert client.get(f"{BASE}/assessments/{assessment.id}/review").status_code == 409


# Permissions and tenancy ------------------------------------------------------------------------


def test_staff_pages_for_anonymous_citizens_and_staff_elsewhere(
    client, login, framework, municipality, other_staff, user
):
    assessment = make_assessment(municipality, met=3)
    staff_urls = [
        BASE + "/assessments/",
        f"{BASE}/assessments/{assessment.id}/dimensions/PAR",
    ]
    for url in staff_urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    assert client.post(f"{BASE}/assessments/{assessment.id}/submit").status_code == 302
    for person in (user, other_staff):
        login(person)
        for url in staff_urls:
            assert client.get(url).status_code == 403, url
        assert client.post(f"{BASE}/assessments/{assessment.id}/submit").status_code == 403
        assert client.get(f"{BASE}/assessments/{assessment.id}/review").status_code == 403
        # A draft does not exist for them.
        assert client.get(f"{BASE}/assessments/{assessment.id}").status_code == 404


def test_another_municipality_ids_are_404(
    client, login, framework, municipality, other_municipality, other_staff, platform_admin
):
    ours = make_assessment(municipality, status="submitted", met=3)
    for person in (other_staff, platform_admin):
        login(person)
        for path in ("", "/dimensions/PAR", "/review"):
            assert (
                client.get(f"/m/otra-ciudad/indicators/assessments/{ours.id}{path}").status_code
                == 404
            )
        assert (
            client.post(f"/m/otra-ciudad/indicators/assessments/{ours.id}/submit").status_code
            == 404
        )
    assert client.get("/m/nowhere/indicators/").status_code == 404


def test_unvalidated_assessments_are_not_public(client, framework, municipality):
    validated = make_assessment(municipality, period="2025-S2", status="validated", met=7)
    draft = make_assessment(municipality, period="2026-S1", status="draft", met=30)
    submitted = make_assessment(municipality, period="2026-S2", status="submitted", met=31)
    assert client.get(f"{BASE}/assessments/{validated.id}").status_code == 200
    for hidden in (draft, submitted):
        response = client.get(f"{BASE}/assessments/{hidden.id}")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    dashboard = client.get(BASE + "/")
    assert "2025-S2" in dashboard.text and "2026-S1" not in dashboard.text
    assert "2026-S2" not in dashboard.text
    network = client.get("/indicators/")
    assert "2025-S2" in network.text and "2026-S1" not in network.text


def test_dashboard_shows_change_since_the_last_validated_period(client, framework, municipality):
    make_assessment(municipality, period="2025-S1", status="validated", met=8)
    make_assessment(municipality, period="2025-S2", status="validated", met=11)
    make_assessment(municipality, period="2026-S1", status="draft", met=30)
    page = client.get(BASE + "/")
    assert page.status_code == 200
    assert "11 of 40" in page.text
    assert "3 more indicators met than in 2025-S1" in page.text
    assert page.text.count('class="chart-figure"') == 3  # radar, dimensions, and the trend
    assert "<svg" in page.text and "<table" in page.text
