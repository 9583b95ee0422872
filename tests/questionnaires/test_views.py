"""Questionnaire pages: staff build and publish, people answer (422 keeps what was typed),
anonymous answers are rate-limited per address, and other municipalities see nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participa.extensions import db
from participa.questionnaires.models import Questionnaire, QuestionnaireResponse
from tests.consultations.helpers import make_consultation
from tests.questionnaires.helpers import ALL, LONG, SHORT, SINGLE, form_for, make_questionnaire
from tests.rows import count_rows

M = "/m/villa-norte/questionnaires"


def test_staff_build_and_publish(app, municipality, staff, login, client):
    consultation = make_consultation(municipality, phase="proposals")
    login(staff)
    created = client.post(
        f"{M}/new/{consultation.id}",
        data={"title": "Encuesta", "phase_kind": "proposals", "description": ""},
    )
    assert created.status_code == 302
    questionnaire = db.session.scalars(select(Questionnaire)).one()
    base = f"{M}/{questionnaire.id}"
    assert client.post(f"{base}/publish").status_code == 302  # refused: no question yet
    assert db.session.get(Questionnaire, questionnaire.id).is_draft
    bad = client.post(f"{base}/questions/new", data={"title": "¿Sí?", "kind": "single",
                                                     "choices": "Sola"})  # fmt: skip
    assert bad.status_code == 422
    assert "Give at least two answers" in bad.get_data(as_text=True)
    assert "¿Sí?" in bad.get_data(as_text=True)  # kept
    for data in ({"title": "¿Sí?", "kind": "single", "choices": "Sí\nNo"},
                 {"title": "Contanos", "kind": "long_text"}):  # fmt: skip
        assert client.post(f"{base}/questions/new", data=data).status_code == 302
    db.session.expire_all()
    second = db.session.get(Questionnaire, questionnaire.id).questions[1]
    moved = client.post(f"{base}/questions/{second.id}/move", data={"direction": "up"})
    assert moved.status_code == 302
    assert (
        client.post(f"{base}/questions/{second.id}/move", data={"direction": "x"}).status_code
        == 400
    )
    assert client.post(f"{base}/publish").status_code == 302
    db.session.expire_all()
    questionnaire = db.session.get(Questionnaire, questionnaire.id)
    assert not questionnaire.is_draft
    assert [q.title for q in questionnaire.questions] == ["Contanos", "¿Sí?"]
    page = client.get(f"/m/villa-norte/consultations/{consultation.id}")
    assert "Encuesta" in page.get_data(as_text=True)


def test_bad_phase_is_refused_on_its_field(app, municipality, staff, login, client):
    consultation = make_consultation(municipality)
    login(staff)
    response = client.post(f"{M}/new/{consultation.id}", data={"title": "E", "phase_kind": "nope"})
    assert response.status_code == 422
    assert count_rows(Questionnaire) == 0


def test_answering_keeps_what_was_typed_on_an_error(app, municipality, user, login, client):
    questionnaire = make_questionnaire(municipality, questions=(SHORT, SINGLE, LONG))
    login(user)
    form = form_for(questionnaire, "Nombre demasiado largo para esto", None, "Mi idea")
    response = client.post(f"{M}/{questionnaire.id}/respond", data=form)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Answer in at most 20 characters." in body
    assert "This question needs an answer." in body
    assert "Mi idea" in body and "Nombre demasiado largo para esto" in body
    assert count_rows(QuestionnaireResponse) == 0


def test_a_person_answers_then_changes_their_answers(app, municipality, user, login, client):
    questionnaire = make_questionnaire(municipality, questions=ALL)
    login(user)
    path = f"{M}/{questionnaire.id}"
    first = form_for(questionnaire, "Ana", "Idea", [0], [1], [1, 0], [0, 1], [2])
    assert client.post(f"{path}/respond", data=first).status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "You have answered" in page and 'value="Ana"' in page
    second = form_for(questionnaire, "Eva", None, [1], [0, 2], [2], [1, 1], [2])
    assert client.post(f"{path}/respond", data=second).status_code == 302
    assert count_rows(QuestionnaireResponse) == 1
    assert 'value="Eva"' in client.get(path).get_data(as_text=True)


def test_anonymous_visitors_log_in_unless_staff_allow_them(app, municipality, client):
    questionnaire = make_questionnaire(municipality)
    response = client.post(f"{M}/{questionnaire.id}/respond", data=form_for(questionnaire, [0]))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert count_rows(QuestionnaireResponse) == 0


def test_closed_questionnaires_refuse_answers(app, municipality, user, login, client):
    questionnaire = make_questionnaire(municipality, open_now=False)
    login(user)
    response = client.post(f"{M}/{questionnaire.id}/respond", data=form_for(questionnaire, [0]))
    assert response.status_code == 409
    assert count_rows(QuestionnaireResponse) == 0


@pytest.mark.rate_limits(RATELIMIT_QUESTIONNAIRE_ANONYMOUS="2 per minute")
def test_anonymous_answers_are_rate_limited_per_address(limited_app, municipality, user):
    questionnaire = make_questionnaire(municipality, allow_anonymous=True)
    form = form_for(questionnaire, [1])
    path = f"{M}/{questionnaire.id}/respond"
    client = limited_app.test_client()
    statuses = [client.post(path, data=form).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert count_rows(QuestionnaireResponse) == 2
    # Another address still answers; a signed-in person is not counted against the limit.
    other = limited_app.test_client()
    assert other.post(path, data=form, environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code == 302
    signed_in = limited_app.test_client()
    with signed_in.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    assert signed_in.post(path, data=form).status_code == 302
    assert count_rows(QuestionnaireResponse) == 4


def test_other_municipalities_see_nothing(app, municipality, other_municipality, other_staff,
                                          login, client):  # fmt: skip
    questionnaire = make_questionnaire(municipality, status="draft", questions=(SINGLE,))
    login(other_staff)
    other = "/m/otra-ciudad/questionnaires"
    assert client.get(f"{other}/{questionnaire.id}").status_code == 404
    assert client.post(f"{other}/{questionnaire.id}/publish").status_code == 404
    assert client.post(f"{M}/{questionnaire.id}/publish").status_code == 404  # a draft
    assert db.session.get(Questionnaire, questionnaire.id).is_draft


def test_unknown_question_and_answer_ids_answer_404(app, municipality, staff, login, client):
    questionnaire = make_questionnaire(municipality, status="draft", staff=staff)
    login(staff)
    assert client.get(f"{M}/{questionnaire.id}/questions/999/edit").status_code == 404
    assert client.post(f"{M}/{questionnaire.id}/answers/999/visibility").status_code == 404
