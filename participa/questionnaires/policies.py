"""Who may prepare questionnaires, answer them, read their results and moderate text answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from participa.core.authz import Explained, Rules, can, is_staff
from participa.questionnaires import services
from participa.questionnaires.models import Questionnaire

if TYPE_CHECKING:
    from participa.core.authz import Visitor

rules = Rules()


def can_view(user: Visitor, questionnaire: Questionnaire) -> bool:
    """Public with its consultation once published; drafts only for staff."""
    if not can(user, "consultations.view", questionnaire.consultation):
        return False
    return not questionnaire.is_draft or is_staff(user, questionnaire)


def can_edit(user: Visitor, questionnaire: Questionnaire) -> bool:
    """Staff edit the wording and settings of their municipality's questionnaires."""
    return is_staff(user, questionnaire)


def can_edit_questions(user: Visitor, questionnaire: Questionnaire) -> bool:
    """Staff, until the first response freezes the questions (reordering stays allowed)."""
    return is_staff(user, questionnaire) and not services.questions_frozen(questionnaire)


def can_publish(user: Visitor, questionnaire: Questionnaire) -> bool:
    """Staff publish a draft."""
    return is_staff(user, questionnaire) and questionnaire.is_draft


def can_view_results(user: Visitor, questionnaire: Questionnaire) -> bool:
    """Everyone once results are visible (after the close, or when staff show them); staff too."""
    if is_staff(user, questionnaire):
        return True
    return can_view(user, questionnaire) and services.results_visible(questionnaire)


rules.register("questionnaires.create", is_staff)
rules.register("questionnaires.view", can_view)
rules.register("questionnaires.respond", Explained(services.response_refusal))
rules.register("questionnaires.edit", can_edit)
rules.register("questionnaires.edit_questions", can_edit_questions)
rules.register("questionnaires.reorder", can_edit)
rules.register("questionnaires.publish", can_publish)
rules.register("questionnaires.view_results", can_view_results)
rules.register("questionnaires.moderate", can_edit)
