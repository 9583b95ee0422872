"""What questionnaires add elsewhere: the consultation page section, the person's data export
and erasure, the PAR-08 suggested evidence, and the demo."""

from __future__ import annotations

from sqlalchemy import select

from participa.accounts import privacy
from participa.extensions import db
from participa.indicators import suggestions
from participa.questionnaires.models import QuestionnaireAnswer, QuestionnaireResponse
from tests import factories
from tests.indicators.helpers import indicator
from tests.questionnaires.helpers import AGE, LONG, SINGLE, answer, make_questionnaire


def test_the_export_holds_the_persons_answers(app, municipality, user):
    questionnaire = make_questionnaire(municipality, questions=(SINGLE, LONG, AGE))
    with app.test_request_context():
        answer(questionnaire, user, [1], "Mi idea", [2])
        exported = privacy.export_data(user)["questionnaire_responses"]
    assert exported[0]["questionnaire"] == "Encuesta de plazas"
    assert [a["answer"] for a in exported[0]["answers"]] == ["No", "Mi idea", "30 to 44"]


def test_erasure_unlinks_the_response_and_removes_its_texts(app, municipality, user):
    questionnaire = make_questionnaire(municipality, questions=(SINGLE, LONG))
    other = factories.UserFactory()
    with app.test_request_context():
        answer(questionnaire, user, [1], "Me llamo Ana y vivo en la esquina")
        answer(questionnaire, other, [0], "Otra idea")
        privacy.erase_personal_data(user)
        db.session.commit()
    responses = db.session.scalars(select(QuestionnaireResponse).order_by(QuestionnaireResponse.id))
    assert [r.user_id for r in responses] == [None, other.id]
    texts = db.session.scalars(select(QuestionnaireAnswer.text).where(
        QuestionnaireAnswer.text.is_not(None))).all()  # fmt: skip
    assert texts == ["Otra idea"]
    assert questionnaire.responses_count == 2  # still counted


def test_profile_counts_suggest_par_08_evidence(app, framework, municipality):
    questionnaire = make_questionnaire(
        municipality, questions=(SINGLE, AGE), open_now=False, consultation={}
    )
    quiet = make_questionnaire(municipality, questions=(SINGLE,), open_now=False)
    with app.test_request_context():
        for _ in range(6):
            # Answers straight into the closed questionnaire (its phase is over).
            response = QuestionnaireResponse(questionnaire_id=questionnaire.id,
                                             municipality_id=municipality.id)  # fmt: skip
            response.answers = [
                QuestionnaireAnswer(question_id=questionnaire.questions[0].id, value=[0]),
                QuestionnaireAnswer(question_id=questionnaire.questions[1].id, value=[1]),
            ]
            db.session.add(response)
        questionnaire.responses_count = 6
        quiet.responses_count = 3
        db.session.commit()
        found = suggestions.suggest_evidence(municipality, [indicator("PAR-08")])
    labels = [s.label for s in found[indicator("PAR-08").id]]
    assert labels == ["Encuesta de plazas: 6 online responses (Edad: 18 to 29 6)"]
    assert found[indicator("PAR-08").id][0].link.endswith(f"/{questionnaire.id}/results")


def test_the_consultation_page_lists_published_questionnaires(app, municipality, client):
    published = make_questionnaire(municipality)
    make_questionnaire(municipality, status="draft")
    page = client.get(f"/m/villa-norte/consultations/{published.consultation_id}")
    assert "Encuesta de plazas" in page.get_data(as_text=True)
