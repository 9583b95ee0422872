"""Two values per indicator: the member's self-assessment and the reviewer's validated answer,
side by side, with disagreements counted on pages and in open data; internal evidence stays
off public pages and out of open data."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import select

from participa.core.models import AuditEntry
from participa.extensions import db
from participa.indicators import dashboards, services
from participa.indicators.models import PlatformReviewer
from participa.indicators.services import AnswerInput
from tests import factories
from tests.indicators.helpers import answer_of, indicator, make_assessment
from tests.opendata.support import download

BASE = "/m/villa-norte/indicators"


def _reviewer():
    person = factories.UserFactory()
    db.session.add(PlatformReviewer(user_id=person.id))
    db.session.commit()
    return person


def _validate_with(assessment, reviewer, overrides):
    """Accept every answer, the reviewer answering ``overrides`` (code -> bool) differently."""
    codes = {a.indicator_id: a.indicator.code for a in assessment.answers}
    services.review_answers(
        assessment, actor=reviewer,
        decisions={i: ("accept", "Visto." if codes[i] in overrides else None) for i in codes},
        validated={i: overrides.get(codes[i]) for i in codes},
    )  # fmt: skip
    db.session.commit()


def test_accepting_copies_the_answer_and_a_reviewer_may_answer_otherwise(
    app, framework, municipality
):
    reviewer = factories.UserFactory(is_platform_admin=True)
    assessment = make_assessment(municipality, status="submitted", met={"PAR-01", "PAR-02"})
    with app.test_request_context():
        _validate_with(assessment, reviewer, {"PAR-02": False, "PAR-03": True})
    assert assessment.status == "validated"
    assert answer_of(assessment, "PAR-01").validated_value is True
    assert not answer_of(assessment, "PAR-01").disagrees
    differs = answer_of(assessment, "PAR-02")
    assert differs.value is True and differs.validated_value is False and differs.disagrees
    assert differs.review_comment == "Visto."  # kept on an accepted answer too
    assert answer_of(assessment, "PAR-03").disagrees  # self no, validated yes
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "indicators.review_answers")
    ).one()
    assert entry.details["disagreements"] == ["PAR-02", "PAR-03"]

    [scores] = dashboards.score_assessments([assessment])
    assert scores.basis == "validated"
    assert scores.overall.met == 2 and scores.self_overall.met == 2
    assert scores.values["PAR-02"] is False and scores.values["PAR-03"] is True
    assert scores.disagreements == ["PAR-02", "PAR-03"]


def test_a_changed_answer_loses_the_reviewers_answer(app, framework, municipality, staff):
    reviewer = factories.UserFactory(is_platform_admin=True)
    assessment = make_assessment(municipality, status="submitted", met={"PAR-01"})
    par01 = indicator("PAR-01")
    with app.test_request_context():
        services.review_answers(
            assessment, actor=reviewer, decisions={par01.id: ("return", "Sin norma.")},
            validated={par01.id: False},
        )  # fmt: skip
        db.session.commit()
        assert answer_of(assessment, "PAR-01").validated_value is False
        assessment.status = "returned"
        services.save_answers(
            assessment, actor=staff,
            inputs={par01.id: AnswerInput(value=True, evidence_url="https://x.org/norma")},
        )  # fmt: skip
    answer = answer_of(assessment, "PAR-01")
    assert answer.validated_value is None and answer.review_status == "pending"


def test_scores_say_which_answers_they_count(framework, municipality):
    assessment = make_assessment(municipality, status="submitted", met=3)
    [scores] = dashboards.score_assessments([assessment])
    assert scores.basis == "self"
    answer_of(assessment, "PAR-01").validated_value = False
    db.session.commit()
    [scores] = dashboards.score_assessments([assessment])
    assert scores.basis == "mixed" and scores.validated_count == 1
    assert scores.overall.met == 2 and scores.self_overall.met == 3


def test_pages_show_both_values_and_the_disagreement(app, client, login, framework, municipality):
    reviewer = _reviewer()
    assessment = make_assessment(municipality, status="submitted", met={"PAR-01", "PAR-02"})
    reviewing = login(reviewer, on=app.test_client())
    par02 = indicator("PAR-02").id
    page = reviewing.get(f"{BASE}/assessments/{assessment.id}/review")
    assert page.text.count("reviewer-answer") == 40
    response = reviewing.post(
        f"{BASE}/assessments/{assessment.id}/review",
        data={f"r{par02}-decision": "accept", f"r{par02}-validated": "no",
              f"r{par02}-comment": "La norma no está vigente.", "accept_rest": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert answer_of(assessment, "PAR-02").validated_value is False

    detail = client.get(f"{BASE}/assessments/{assessment.id}").text
    assert "Self-assessed" in detail and "Validated" in detail
    assert detail.count("The reviewer disagrees with the self-assessment") == 1
    assert "La norma no está vigente." in detail
    assert "The reviewer disagrees on 1 indicator: PAR-02." in detail
    dashboard = client.get(BASE + "/").text
    assert "1 of 40" in dashboard and "Disagreement" in dashboard
    assert "validated answers." in dashboard and "Score from the reviewer" in dashboard
    network = client.get("/indicators/").text
    assert "1 disagreement between self-assessment and review" in network
    assert "(1 disagreement)" in network


def test_exports_carry_both_values(app, client, framework, municipality):
    reviewer = factories.UserFactory(is_platform_admin=True)
    assessment = make_assessment(municipality, status="submitted", met={"PAR-01", "PAR-02"})
    with app.test_request_context():
        _validate_with(assessment, reviewer, {"PAR-02": False})
    rows = {r["indicator"]: r for r in csv.DictReader(io.StringIO(
        client.get("/indicators/assessments.csv").text))}  # fmt: skip
    assert rows["PAR-02"]["value"] == "no"  # the published value is the validated one
    assert rows["PAR-02"]["self_value"] == "yes" and rows["PAR-02"]["validated_value"] == "no"
    assert rows["PAR-02"]["disagreement"] == "yes" and rows["PAR-01"]["disagreement"] == "no"
    data = json.loads(client.get("/indicators/assessments.json").text)["assessments"][0]
    assert data["score"] == {"met": 1, "total": 40} and data["self_score"]["met"] == 2
    assert data["disagreements"] == 1 and data["score_basis"] == "validated_where_present"

    dataset = {r["indicator"]: r for r in download(client, "indicator-assessments")}
    assert dataset["PAR-02"]["value"] == "false" and dataset["PAR-02"]["self_value"] == "true"
    assert dataset["PAR-02"]["validated_value"] == "false"
    assert dataset["PAR-02"]["disagreement"] == "true"
    assert dataset["PAR-01"]["disagreement"] == "false"


def test_internal_evidence_stays_off_public_pages_and_open_data(
    app, client, login, framework, municipality, staff
):
    assessment = make_assessment(municipality, status="validated", met={"PAR-01", "PAR-02"})
    secret = answer_of(assessment, "PAR-02")
    secret.evidence_public = False
    secret.evidence_url = "https://intranet.example.org/politica-seguridad"
    db.session.commit()

    public = client.get(f"{BASE}/assessments/{assessment.id}").text
    assert "example.org/PAR-01" in public and "intranet.example.org" not in public
    assert "Internal evidence, seen by the reviewer" in public
    assert "intranet.example.org" not in client.get(BASE + "/").text
    assert "intranet" not in client.get("/indicators/assessments.csv").text
    assert "intranet" not in client.get("/indicators/assessments.json").text
    dataset = {r["indicator"]: r for r in download(client, "indicator-assessments")}
    assert dataset["PAR-02"]["evidence_url"] == "" and dataset["PAR-02"]["evidence_public"] == (
        "false"
    )
    assert dataset["PAR-01"]["evidence_url"].startswith("https://")

    staff_page = login(staff, on=app.test_client()).get(f"{BASE}/assessments/{assessment.id}")
    assert "intranet.example.org" in staff_page.text
    assert "Internal evidence, not shown to the public" in staff_page.text
