"""Questionnaires under real parallel requests: one person posting many times keeps one
response, and many people at once are all counted."""

from __future__ import annotations

from participa.extensions import db
from participa.questionnaires.models import Questionnaire, QuestionnaireResponse
from tests import factories
from tests.concurrency import _file_database, post_in_parallel  # noqa: F401 - a fixture
from tests.questionnaires.helpers import form_for, make_questionnaire
from tests.rows import count_rows

M = "/m/villa-norte/questionnaires"


def test_one_person_posting_many_times_keeps_one_response(app, municipality):
    questionnaire = make_questionnaire(municipality)
    person = factories.UserFactory()
    path = f"{M}/{questionnaire.id}/respond"
    jobs = [(person.get_id(), path, form_for(questionnaire, [n % 3])) for n in range(12)]
    questionnaire_id = questionnaire.id
    db.session.close()  # the test holds no connection while requests run
    statuses = post_in_parallel(app, jobs)
    # Every post lands (a change) or is told it already answered; never a second response.
    assert set(statuses) <= {302, 409} and 302 in statuses
    assert count_rows(QuestionnaireResponse) == 1
    assert db.session.get(Questionnaire, questionnaire_id).responses_count == 1


def test_forty_people_at_once_are_all_counted(app, municipality):
    questionnaire = make_questionnaire(municipality)
    people = [factories.UserFactory() for _ in range(40)]
    path = f"{M}/{questionnaire.id}/respond"
    jobs = [(p.get_id(), path, form_for(questionnaire, [n % 3])) for n, p in enumerate(people)]
    questionnaire_id = questionnaire.id
    db.session.close()
    statuses = post_in_parallel(app, jobs)
    assert statuses == [302] * 40
    assert count_rows(QuestionnaireResponse) == 40
    assert db.session.get(Questionnaire, questionnaire_id).responses_count == 40
