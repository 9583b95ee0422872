"""Questionnaire rules: each question type's checks, one response per person, editing until the
close, frozen questions, anonymous answers and the audit log."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from participa.core.errors import DomainError
from participa.core.models import AuditEntry
from participa.extensions import db
from participa.questionnaires import services
from participa.questionnaires.models import QuestionnaireAnswer, QuestionnaireResponse
from tests import factories
from tests.questionnaires.helpers import (
    ALL,
    GRID,
    LONG,
    MULTIPLE,
    RANKING,
    SHORT,
    SINGLE,
    answer,
    form_for,
    make_questionnaire,
)
from tests.rows import count_rows


def _errors(questionnaire, form):
    with_errors = services.read_answers(questionnaire, form)
    return {q.title: with_errors.errors.get(q.id) for q in questionnaire.questions}


def test_every_question_type_reads_a_valid_answer(app, municipality):
    questionnaire = make_questionnaire(municipality, questions=ALL)
    with app.test_request_context():
        answers = services.read_answers(
            questionnaire,
            form_for(questionnaire, "Ana", "Más sombra", [1], [0, 2], [2, 0], [1, None], [3]),
        )
    assert answers.errors == {}
    ids = [q.id for q in questionnaire.questions]
    assert [answers.values.get(i) for i in ids] == [
        (None, "Ana"), (None, "Más sombra"), ([1], None), ([0, 2], None), ([2, 0], None),
        ([1, None], None), ([3], None),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("spec", "form", "message"),
    [
        (SHORT, {"q": ["x" * 21]}, "Answer in at most 20 characters."),
        (LONG, {"q": ["x" * 5001]}, "Answer in at most 5000 characters."),
        (SINGLE, {}, "This question needs an answer."),
        (SINGLE, {"q": ["0", "1"]}, "Choose only one answer."),
        (SINGLE, {"q": ["7"]}, "Choose among the answers offered."),
        (MULTIPLE, {"q": ["0", "0"]}, "Choose among the answers offered."),
        (MULTIPLE, {"q": ["-1"]}, "Choose among the answers offered."),
        (
            RANKING,
            {"q_0": ["1"], "q_1": ["1"]},
            "Give each answer you rank a different place: 1, 2, 3... without gaps.",
        ),
        (
            RANKING,
            {"q_0": ["2"]},
            "Give each answer you rank a different place: 1, 2, 3... without gaps.",
        ),
        (RANKING, {"q_0": ["9"]}, "Rank with numbers from 1 to 3."),
        (GRID, {"q_0": ["5"]}, "Choose among the answers offered."),
        ({**GRID, "required": True}, {"q_0": ["1"]}, "Answer every row."),
    ],
)
def test_each_question_type_refuses_bad_answers(app, municipality, spec, form, message):
    questionnaire = make_questionnaire(municipality, questions=(spec,))
    qid = questionnaire.questions[0].id
    typed = {k.replace("q", f"q{qid}", 1): v for k, v in form.items()}
    with app.test_request_context():
        assert _errors(questionnaire, typed) == {spec["title"]: message}


def test_one_response_per_person_changed_until_the_close(app, municipality, user):
    questionnaire = make_questionnaire(municipality, questions=(SINGLE, LONG))
    with app.test_request_context():
        first = answer(questionnaire, user, [0], "Algo")
        second = answer(questionnaire, user, [2], None)
    assert first.id == second.id
    assert count_rows(QuestionnaireResponse) == 1
    assert questionnaire.responses_count == 1
    stored = db.session.scalars(select(QuestionnaireAnswer)).all()
    assert [(a.value, a.text) for a in stored] == [([2], None)]  # the text was cleared


def test_the_unique_constraint_holds_without_the_code(app, municipality, user):
    questionnaire = make_questionnaire(municipality)
    for _ in range(2):
        db.session.add(QuestionnaireResponse(
            questionnaire_id=questionnaire.id, municipality_id=municipality.id, user_id=user.id
        ))  # fmt: skip
    with pytest.raises(Exception, match=r"(?i)unique"):
        db.session.flush()
    db.session.rollback()


def test_after_the_close_nobody_answers_or_changes(app, municipality, user):
    questionnaire = make_questionnaire(municipality, open_now=False)
    with app.test_request_context():
        refusal = services.response_refusal(user, questionnaire)
        assert refusal is not None and refusal.status == 409
        answers = services.read_answers(questionnaire, form_for(questionnaire, [0]))
        with pytest.raises(DomainError):
            services.submit_response(questionnaire, user=user, answers=answers)
    assert services.is_over(questionnaire) and services.results_visible(questionnaire)


def test_verified_residents_only(app, municipality, user, resident):
    questionnaire = make_questionnaire(municipality, consultation={"participation": "verified"})
    with app.test_request_context():
        assert services.response_refusal(user, questionnaire).status == 403
        assert services.response_refusal(resident, questionnaire) is None


def test_anonymous_answers_only_where_staff_allow_them(app, municipality):
    closed = make_questionnaire(municipality)
    allowed = make_questionnaire(municipality, allow_anonymous=True)
    nobody = AnonymousUserMixin()
    with app.test_request_context():
        assert services.response_refusal(nobody, closed).status == 403
        for _ in range(2):
            answers = services.read_answers(allowed, form_for(allowed, [1]))
            services.submit_response(allowed, user=nobody, answers=answers)
        db.session.commit()
    responses = db.session.scalars(select(QuestionnaireResponse)).all()
    assert [r.user_id for r in responses] == [None, None]
    # Nothing about the client is kept: the table has no column for it.
    assert set(QuestionnaireResponse.__table__.columns.keys()) == {
        "id", "questionnaire_id", "user_id", "created_at", "updated_at", "municipality_id"
    }  # fmt: skip


def test_an_empty_response_is_refused(app, municipality, user):
    questionnaire = make_questionnaire(municipality, questions=(LONG,))
    with app.test_request_context():
        answers = services.read_answers(questionnaire, {})
        with pytest.raises(DomainError) as refused:
            services.submit_response(questionnaire, user=user, answers=answers)
    assert refused.value.status == 422


def test_questions_freeze_once_answered_but_may_be_reordered(app, municipality, staff, user):
    questionnaire = make_questionnaire(municipality, questions=(SINGLE, LONG), staff=staff)
    with app.test_request_context():
        answer(questionnaire, user, [0], None)
        with pytest.raises(DomainError):
            services.save_question(questionnaire, actor=staff, data=MULTIPLE)
        with pytest.raises(DomainError):
            services.save_question(
                questionnaire, actor=staff, data=SINGLE, question=questionnaire.questions[0]
            )
        with pytest.raises(DomainError):
            services.delete_question(questionnaire.questions[1], actor=staff)
        services.move_question(questionnaire.questions[1], actor=staff, up=True)
        db.session.commit()
    assert [q.title for q in questionnaire.questions] == [LONG["title"], SINGLE["title"]]
    with app.test_request_context():
        stored = services.own_response(user, questionnaire)
    assert [a.value for a in stored.answers] == [[0]]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "x", "kind": "single", "choices": "Una"}, "choices"),
        ({"title": "x", "kind": "ranking", "choices": "A\nA"}, "choices"),
        ({"title": "x", "kind": "grid", "choices": "A\nB", "rows": ""}, "rows"),
        ({"title": "x", "kind": "nope"}, "kind"),
        ({"title": "x", "kind": "single", "profile": "religion"}, "profile"),
    ],
)
def test_bad_questions_are_refused_on_their_field(app, municipality, staff, data, field):
    questionnaire = make_questionnaire(municipality, status="draft", questions=(), staff=staff)
    with app.test_request_context(), pytest.raises(services.FieldError) as refused:
        services.save_question(questionnaire, actor=staff, data=data)
    assert refused.value.field == field


def test_profile_questions_get_usual_answers(app, municipality, staff):
    questionnaire = make_questionnaire(municipality, status="draft", questions=(), staff=staff)
    with app.test_request_context():
        question = services.save_question(
            questionnaire, actor=staff, data={"title": "Género", "kind": "long_text",
                                              "profile": "gender"},
        )  # fmt: skip
    assert question.kind == "single" and len(question.choices) == 4


def test_publishing_needs_a_question_and_is_audited(app, municipality, staff):
    questionnaire = make_questionnaire(municipality, status="draft", questions=(), staff=staff)
    with app.test_request_context():
        with pytest.raises(DomainError):
            services.publish(questionnaire, actor=staff)
        services.save_question(questionnaire, actor=staff, data=SINGLE)
        services.publish(questionnaire, actor=staff)
        db.session.commit()
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == [
        "questionnaires.created", "questionnaires.question_saved", "questionnaires.published"
    ]  # fmt: skip
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.actor_id == staff.id and entry.municipality_id == municipality.id


def test_the_phase_cannot_change_after_answers(app, municipality, staff, user):
    questionnaire = make_questionnaire(municipality, staff=staff)
    with app.test_request_context():
        answer(questionnaire, user, [0])
        with pytest.raises(services.FieldError):
            services.update_questionnaire(
                questionnaire, actor=staff, data={"title": "X", "phase_kind": "information"}
            )


def test_factories_user_is_confirmed():
    assert factories.UserFactory().is_confirmed


def test_digits_that_are_not_numbers_are_answer_errors(app, municipality):
    # "²".isdigit() is true and int("²") fails: a choice, a rank or a grid column was a 500.
    questionnaire = make_questionnaire(municipality, questions=[SINGLE, MULTIPLE, RANKING])
    single, multiple, ranking = questionnaire.questions
    form = {f"q{single.id}": ["²"], f"q{multiple.id}": ["1", "²"], f"q{ranking.id}_0": ["²"]}
    with app.test_request_context():
        errors = _errors(questionnaire, form)
    assert all(errors.values()), errors
