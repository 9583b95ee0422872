"""A demo questionnaire in Bahía Blanca, open now, with responses from the demo residents."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from participa.consultations.models import PHASE_KINDS, Consultation, Phase
from participa.db import utcnow
from participa.extensions import db
from participa.municipalities.models import Membership
from participa.questionnaires import services
from participa.questionnaires.models import QuestionnaireAnswer, QuestionnaireResponse, Status

QUESTIONS: list[dict[str, Any]] = [
    {"title": "¿Con qué frecuencia usás las plazas de tu barrio?", "kind": "single",
     "choices": "Todos los días\nUna vez por semana\nAlguna vez al mes\nCasi nunca",
     "required": True},
    {"title": "¿Qué te falta en la plaza más cercana?", "kind": "multiple",
     "choices": "Sombra\nBebederos\nBaños\nIluminación\nJuegos accesibles"},
    {"title": "Ordená estas mejoras según tu prioridad", "kind": "ranking",
     "choices": "Más árboles\nMejor iluminación\nJuegos para niños\nEspacios para mascotas"},
    {"title": "¿Cómo calificás estos aspectos?", "kind": "grid",
     "choices": "Mal\nRegular\nBien", "rows": "Limpieza\nSeguridad\nMantenimiento"},
    {"title": "¿Algo más que quieras contarnos?", "kind": "long_text", "max_length": 1000},
    {"title": "Edad", "kind": "single", "profile": "age_band"},
    {"title": "Barrio", "kind": "single", "profile": "neighbourhood",
     "choices": "Centro\nVilla Mitre\nIngeniero White\nOtro"},
]  # fmt: skip

# (single, multiple, ranking, grid, text, age band, neighbourhood), by position
ANSWERS: list[tuple[Any, ...]] = [
    ([0], [0, 1], [0, 1, 2, 3], [1, 0, 1], "Faltan bancos a la sombra.", [2], [0]),
    ([1], [3], [1, 0], [2, 1, 1], None, [2], [1]),
    ([0], [0, 4], [2, 0, 1], [1, 1, 0], "Más actividades para chicos.", [1], [0]),
    ([2], [1, 2], [0, 2], [0, 0, 1], None, [3], [1]),
    ([0], [0], [3, 0], [1, 2, 2], None, [2], [0]),
    ([1], [0, 3], [0, 1], [2, 1, 1], "Que arreglen las luminarias.", [3], [2]),
    ([3], [2], [1], [1, 1, 1], None, [2], [0]),
]


def load_demo(context: dict[str, Any]) -> None:
    """Add a consultation whose information phase has a published questionnaire with answers."""
    bahia = context["municipalities"]["bahia-blanca"]
    staff = context["users"]["laura.staff@bahiablanca.demo"]
    from participa.accounts.models import User

    # Sofía keeps the questionnaire unanswered for whoever tries the demo as her.
    people = list(
        db.session.scalars(
            select(User.id)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.municipality_id == bahia.id,
                Membership.role == "resident",
                User.email != "sofia@vecinos.demo",
            )
            .order_by(User.id)
        )
    )
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    consultation = Consultation(
        municipality_id=bahia.id, title="Plazas de barrio: ¿cómo las usás?",
        summary="Un cuestionario breve para planificar el mantenimiento de las plazas.",
        body="Contanos cómo usás las plazas. Las respuestas de perfil solo se publican agregadas.",
        status="published", published_at=now - timedelta(days=5), participation="registered",
        created_by_id=staff.id,
    )  # fmt: skip
    consultation.phases.append(
        Phase(kind="information", position=PHASE_KINDS.index("information"),
              starts_at=now - timedelta(days=5), ends_at=now + timedelta(days=20))
    )  # fmt: skip
    db.session.add(consultation)
    db.session.flush()
    questionnaire = services.create_questionnaire(
        consultation, actor=staff,
        data={"title": "Encuesta de plazas", "phase_kind": "information",
              "description": "Tarda cinco minutos.", "allow_anonymous": True,
              "results_public": True},
    )  # fmt: skip
    for data in QUESTIONS:
        services.save_question(questionnaire, actor=staff, data=data)
    services.publish(questionnaire, actor=staff)
    questions = questionnaire.questions
    for n, row in enumerate(ANSWERS):
        # The first answers come from residents, the rest are anonymous.
        user_id = people[n] if n < len(people) else None
        response = QuestionnaireResponse(
            questionnaire_id=questionnaire.id, municipality_id=bahia.id, user_id=user_id
        )
        for question, value in zip(questions, row, strict=True):
            if value is None:
                continue
            if question.is_text:
                response.answers.append(QuestionnaireAnswer(question_id=question.id, text=value))
            else:
                response.answers.append(QuestionnaireAnswer(question_id=question.id, value=value))
        db.session.add(response)
    questionnaire.responses_count = len(ANSWERS)
    questionnaire.status = Status.PUBLISHED
    db.session.flush()
