"""Labels of the audit actions the questionnaires feature records, and of its audited tables."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "questionnaires.created": _l("Questionnaire created"),
    "questionnaires.updated": _l("Questionnaire edited"),
    "questionnaires.question_saved": _l("Questionnaire question saved"),
    "questionnaires.question_deleted": _l("Questionnaire question removed"),
    "questionnaires.question_moved": _l("Questionnaire question moved"),
    "questionnaires.published": _l("Questionnaire published"),
    "questionnaires.answer_hidden": _l("Questionnaire answer hidden"),
    "questionnaires.answer_shown": _l("Questionnaire answer shown again"),
}
TARGETS = {"questionnaires": _l("Questionnaire")}
