"""The demo has a questionnaire in Bahía Blanca, open now, with responses and public results."""

from __future__ import annotations

from sqlalchemy import select

from participa.cli import DEMO_PASSWORD
from participa.core.features import load_demo
from participa.extensions import db
from participa.questionnaires.models import Questionnaire, QuestionnaireResponse
from tests.rows import count_rows


def test_demo_questionnaire(client):
    load_demo(DEMO_PASSWORD)
    db.session.commit()
    questionnaire = db.session.scalars(select(Questionnaire)).one()
    assert questionnaire.municipality.slug == "bahia-blanca" and not questionnaire.is_draft
    assert {q.kind for q in questionnaire.questions} == {
        "single", "multiple", "ranking", "grid", "long_text"
    }  # fmt: skip
    assert questionnaire.responses_count == count_rows(QuestionnaireResponse) >= 7
    base = f"/m/bahia-blanca/questionnaires/{questionnaire.id}"
    assert client.get(base).status_code == 200
    page = client.get(f"{base}/results")
    # Bahía Blanca speaks Spanish: its suppressed profile groups read "menos de 5".
    assert page.status_code == 200 and "menos de 5" in page.text
