"""What questionnaires add to other features: a section on the consultation page, the person's
responses in their data export (unlinked, their texts removed, when the account is deleted),
and the aggregated profile counts as suggested evidence of inclusive participation (PAR-08)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, select, update

from participa.core.features import Contributions
from participa.core.sections import consultation_section
from participa.extensions import db
from participa.questionnaires import results, services
from participa.questionnaires.models import (
    TEXT_KINDS,
    Questionnaire,
    QuestionnaireAnswer,
    QuestionnaireQuestion,
    QuestionnaireResponse,
    Status,
)

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.features import Evidence
    from participa.municipalities.models import Municipality

contributions = Contributions()


def _export_responses(user: User) -> list[dict[str, Any]]:
    # The person's own answers, profile ones included: they are theirs.
    responses = db.session.scalars(
        select(QuestionnaireResponse)
        .where(QuestionnaireResponse.user_id == user.id)
        .order_by(QuestionnaireResponse.id)
    ).all()
    if not responses:
        return []
    ids = {r.questionnaire_id for r in responses}
    questionnaires = {
        q.id: q for q in db.session.scalars(select(Questionnaire).where(Questionnaire.id.in_(ids)))
    }
    out = []
    for response in responses:
        questionnaire = questionnaires[response.questionnaire_id]
        questions = {q.id: q for q in questionnaire.questions}
        order = {q.id: q.position for q in questionnaire.questions}
        out.append(
            {
                "questionnaire_id": questionnaire.id,
                "questionnaire": questionnaire.title,
                "created_at": response.created_at.isoformat(),
                "updated_at": response.updated_at.isoformat(),
                "answers": [
                    {
                        "question": questions[a.question_id].title,
                        "answer": results.answer_text(questions[a.question_id], a.value, a.text),
                    }
                    for a in sorted(response.answers, key=lambda a: order[a.question_id])
                ],
            }
        )
    return out


def _erase_responses(user: User) -> None:
    # The choices stay, counted but tied to nobody (the results do not change after the close);
    # texts may say who wrote them, so they go.
    own = select(QuestionnaireResponse.id).where(QuestionnaireResponse.user_id == user.id)
    texts = select(QuestionnaireQuestion.id).where(QuestionnaireQuestion.kind.in_(TEXT_KINDS))
    db.session.execute(
        delete(QuestionnaireAnswer)
        .where(QuestionnaireAnswer.response_id.in_(own), QuestionnaireAnswer.question_id.in_(texts))
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(QuestionnaireResponse)
        .where(QuestionnaireResponse.user_id == user.id)
        .values(user_id=None)
        .execution_options(synchronize_session=False)
    )


contributions.add(
    "consultation_section",
    consultation_section(
        "questionnaires",
        manage="questionnaires.create",
        linked="questionnaires",
        name="questionnaires",
        listed=services.questionnaires_of,
    ),
)
contributions.add("personal_data_export", "questionnaire_responses", _export_responses)
contributions.add(
    "personal_data_cover", QuestionnaireResponse, "user_id", "unlink", erase=_erase_responses
)


def _profile_evidence(municipality: Municipality, now: datetime, since: datetime) -> Evidence:
    # PAR-08: online questionnaires of the period whose results give participants by age band,
    # gender or neighbourhood (aggregated, small groups hidden).
    with_profile = select(QuestionnaireQuestion.questionnaire_id).where(
        QuestionnaireQuestion.profile.is_not(None)
    )
    query = (
        select(Questionnaire)
        .where(
            Questionnaire.municipality_id == municipality.id,
            Questionnaire.status == Status.PUBLISHED,
            Questionnaire.responses_count > 0,
            Questionnaire.published_at <= now,
            Questionnaire.updated_at >= since,
            Questionnaire.id.in_(with_profile),
        )
        .order_by(Questionnaire.published_at.desc())
        .limit(10)
    )
    found = []
    for questionnaire in db.session.scalars(query):
        if not services.results_visible(questionnaire):
            continue
        res = results.results(questionnaire)
        breakdown = []
        for r in res.questions:
            if r.question.profile:
                shown = ", ".join(
                    f"{label} {count}" for label, count in zip(r.question.choices, r.counts,
                                                                strict=True)
                    if count
                )  # fmt: skip
                breakdown.append(f"{r.question.title}: {shown or _('groups too small to show')}")
        label = ngettext(
            "%(title)s: %(num)s online response",
            "%(title)s: %(num)s online responses",
            res.responses,
            title=questionnaire.title,
        )
        found.append(
            (
                f"{label} ({'; '.join(breakdown)})",
                url_for(
                    "questionnaires.results_page",
                    municipality=municipality.slug,
                    questionnaire_id=questionnaire.id,
                ),
            )
        )
        if len(found) == 3:
            break
    return found


contributions.add("indicator_evidence", "participant_profile", _profile_evidence)
