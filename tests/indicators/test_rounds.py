"""Rounds: each has a cut-off date, later evidence does not count for it, and the next round
can start from the previous one's answers (never from its review)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from participa.core.errors import DomainError
from participa.extensions import db
from participa.indicators import services
from participa.indicators.services import AnswerErrors, AnswerInput
from tests import factories
from tests.indicators.helpers import answer_form, answer_of, indicator, make_assessment

BASE = "/m/villa-norte/indicators"


def test_a_round_is_cut_off_at_the_end_of_its_period_unless_told(
    app, framework, municipality, staff
):
    with app.test_request_context():
        first = services.open_assessment(municipality, actor=staff, period="2026-S1")
        second = services.open_assessment(
            municipality, actor=staff, period="2026-S2", cutoff_date=date(2026, 11, 30)
        )
    assert first.cutoff_date == date(2026, 6, 30)
    assert second.cutoff_date == date(2026, 11, 30)


def test_evidence_dated_after_the_cut_off_is_refused(app, framework, municipality, staff):
    assessment = make_assessment(municipality, met=0)
    assessment.cutoff_date = date(2026, 6, 30)
    db.session.commit()
    par01 = indicator("PAR-01")
    late = AnswerInput(value=True, evidence_url="https://x.org/a", evidence_date=date(2026, 7, 1))
    with app.test_request_context():
        with pytest.raises(AnswerErrors) as exc:
            services.save_answers(assessment, actor=staff, inputs={par01.id: late})
        assert "cut-off date" in exc.value.errors[par01.id]
        db.session.rollback()
        on_time = AnswerInput(
            value=True, evidence_url="https://x.org/a", evidence_date=date(2026, 6, 30)
        )
        services.save_answers(assessment, actor=staff, inputs={par01.id: on_time})
    assert answer_of(assessment, "PAR-01").evidence_date == date(2026, 6, 30)


def test_the_form_keeps_late_evidence_and_says_why_it_is_refused(
    client, login, framework, municipality, staff
):
    assessment = make_assessment(municipality, met=0)
    assessment.cutoff_date = date(2026, 6, 30)
    db.session.commit()
    login(staff)
    response = client.post(
        f"{BASE}/assessments/{assessment.id}/dimensions/PAR",
        data=answer_form(
            "PAR-01", "yes", evidence_url="https://x.org/late", evidence_date="2026-08-15"
        ),
    )
    assert response.status_code == 422
    assert "cut-off date" in response.text and "https://x.org/late" in response.text
    assert 'value="2026-08-15"' in response.text
    assert answer_of(assessment, "PAR-01").value is False


def test_the_next_round_starts_from_the_previous_answers_not_its_review(
    app, framework, municipality, staff
):
    previous = make_assessment(municipality, period="2026-S1", status="validated", met=3)
    kept = answer_of(previous, "PAR-01")
    kept.note, kept.evidence_public, kept.review_comment = "Ordenanza 12/2024", False, "Bien."
    kept.evidence_date = date(2026, 3, 1)
    db.session.commit()
    with app.test_request_context():
        following = services.open_assessment(
            municipality, actor=staff, period="2026-S2", copy_previous=True
        )
    db.session.commit()
    copied = answer_of(following, "PAR-01")
    assert copied.value is True and copied.evidence_url == "https://example.org/PAR-01"
    assert copied.note == "Ordenanza 12/2024" and copied.evidence_public is False
    assert copied.evidence_date == date(2026, 3, 1)
    assert copied.review_status == "pending" and copied.validated_value is None
    assert copied.review_comment is None and copied.evidence_archive_id is None
    assert sum(a.value is True for a in following.answers) == 3
    assert following.status == "draft"


def test_copying_needs_an_earlier_round(app, framework, municipality, staff):
    make_assessment(municipality, period="2027-S1", met=3)  # later, not earlier
    with app.test_request_context(), pytest.raises(DomainError) as exc:
        services.open_assessment(municipality, actor=staff, period="2026-S2", copy_previous=True)
    assert exc.value.status == 422


def test_opening_a_round_from_the_page(client, login, framework, municipality, staff):
    make_assessment(municipality, period="2026-S1", status="validated", met=2)
    login(staff)
    response = client.post(
        f"{BASE}/assessments/",
        data={"period": "2026-S2", "cutoff_date": "2026-12-15", "copy_previous": "y"},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Cut-off date of this round: Dec 15, 2026" in page
    assert "2 of 40" in page
    bad = client.post(f"{BASE}/assessments/", data={"period": "2027-S1", "cutoff_date": "soon"})
    assert bad.status_code == 422 and 'value="2027-S1"' in bad.text


def test_other_municipalities_rounds_are_never_copied(
    app, framework, municipality, other_municipality
):
    make_assessment(other_municipality, period="2026-S1", met=5)
    staff = factories.UserFactory()
    with app.test_request_context(), pytest.raises(DomainError):
        services.open_assessment(municipality, actor=staff, period="2026-S2", copy_previous=True)


def test_staff_mark_evidence_internal_on_the_form(client, login, framework, municipality, staff):
    assessment = make_assessment(municipality, met=0)
    login(staff)
    response = client.post(
        f"{BASE}/assessments/{assessment.id}/dimensions/DIG",
        data=answer_form(
            "DIG-08", "yes", evidence_url="https://x.org/politica", visibility="internal"
        ),
    )
    assert response.status_code == 302
    assert answer_of(assessment, "DIG-08").evidence_public is False
    page = client.get(f"{BASE}/assessments/{assessment.id}/dimensions/DIG").text
    radios = re.findall(r'<input[^>]*value="internal"[^>]*>', page)
    assert [r for r in radios if "checked" in r] == [
        r for r in radios if f'name="a{indicator("DIG-08").id}-visibility"' in r
    ]
