"""Builders for questionnaires in every state, shared by the questionnaire tests and the route
table."""

from __future__ import annotations

from typing import Any

from participa.extensions import db
from participa.questionnaires import services
from participa.questionnaires.models import Questionnaire
from participa.questionnaires.services import Answers
from tests import factories
from tests.consultations.helpers import make_consultation

SHORT = {"title": "Tu nombre de pila", "kind": "short_text", "max_length": 20}
LONG = {"title": "¿Qué cambiarías?", "kind": "long_text"}
SINGLE = {"title": "¿Usás la plaza?", "kind": "single", "choices": "Sí\nNo\nA veces",
          "required": True}  # fmt: skip
MULTIPLE = {"title": "¿Qué falta?", "kind": "multiple", "choices": "Sombra\nBancos\nLuz"}
RANKING = {"title": "Ordená", "kind": "ranking", "choices": "Árboles\nLuz\nJuegos"}
GRID = {"title": "Calificá", "kind": "grid", "choices": "Mal\nBien", "rows": "Limpieza\nSeguridad"}
AGE = {"title": "Edad", "kind": "single", "profile": "age_band"}
ALL = (SHORT, LONG, SINGLE, MULTIPLE, RANKING, GRID, AGE)


def make_questionnaire(
    municipality,
    *,
    status: str = "published",
    phase: str = "proposals",
    open_now: bool = True,
    questions: tuple[dict[str, Any], ...] = (SINGLE,),
    staff=None,
    **settings: Any,
) -> Questionnaire:
    """A questionnaire on the consultation's ``phase``: open now, or (``open_now=False``) on the
    phase before the one open now, so already closed."""
    consultation = make_consultation(municipality, phase=phase, **settings.pop("consultation", {}))
    actor = staff or factories.member(municipality, "admin")
    kinds = [p.kind for p in consultation.phases]
    phase_kind = phase if open_now else kinds[kinds.index(phase) - 1]
    questionnaire = services.create_questionnaire(
        consultation,
        actor=actor,
        data={"title": "Encuesta de plazas", "phase_kind": phase_kind, "description": "",
              **settings},
    )  # fmt: skip
    for data in questions:
        services.save_question(questionnaire, actor=actor, data=data)
    if status == "published":
        services.publish(questionnaire, actor=actor)
    db.session.commit()
    return questionnaire


def form_for(questionnaire: Questionnaire, *values: Any) -> dict[str, list[str]]:
    """Form fields answering each question in order (None leaves it blank)."""
    form: dict[str, list[str]] = {}
    for question, value in zip(questionnaire.questions, values, strict=False):
        name = f"q{question.id}"
        if value is None:
            continue
        if question.is_text:
            form[name] = [value]
        elif question.kind in ("single", "multiple"):
            form[name] = [str(v) for v in value]
        elif question.kind == "ranking":
            for place, position in enumerate(value, start=1):
                form[f"{name}_{position}"] = [str(place)]
        else:
            for row, column in enumerate(value):
                if column is not None:
                    form[f"{name}_{row}"] = [str(column)]
    return form


def answer(questionnaire: Questionnaire, user, *values: Any):
    """Record a response through the service and commit."""
    answers: Answers = services.read_answers(questionnaire, form_for(questionnaire, *values))
    assert not answers.errors, answers.errors
    response = services.submit_response(questionnaire, user=user, answers=answers)
    db.session.commit()
    return response
