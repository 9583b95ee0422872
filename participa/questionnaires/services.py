"""Questionnaires: what staff prepare, who may answer and when, and the one response per person.

Staff create a questionnaire on one phase of a consultation, add questions, and publish it.
Once the first response exists the questions are frozen (no new, changed or removed question:
every stored answer keeps meaning what the respondent saw); only their order may change, which
touches no answer. Respondents answer while the phase is open, under the consultation's
participation rule (``core.participation``); a signed-in person has one response, which they
may change until the phase closes. Anonymous responses exist only where staff allow them; they
cannot be changed (nothing ties them to anyone) and the view rate-limits them per address.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Select, String, exists, select, text, type_coerce, update
from sqlalchemy.exc import IntegrityError

from participa.consultations.models import PHASE_KINDS, Consultation, Phase
from participa.core import audit
from participa.core.authz import is_authenticated
from participa.core.errors import DomainError, FieldError
from participa.core.params import parse_int
from participa.core.participation import refusal_to_take_part
from participa.db import utcnow
from participa.extensions import db
from participa.questionnaires.models import (
    KINDS,
    PROFILES,
    TEXT_KINDS,
    Kind,
    Profile,
    Questionnaire,
    QuestionnaireAnswer,
    QuestionnaireQuestion,
    QuestionnaireResponse,
    Status,
)

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.authz import Visitor

# Longest text answers when staff set no limit.
DEFAULT_MAX_LENGTH = {Kind.SHORT_TEXT.value: 200, Kind.LONG_TEXT.value: 5000}
MAX_CHOICES = 30


# Where a questionnaire stands -------------------------------------------------------------------


def phase_of(questionnaire: Questionnaire) -> Phase | None:
    """The consultation phase the questionnaire is answered in (None if it was removed)."""
    consultation = questionnaire.consultation
    return next((p for p in consultation.phases if p.kind == questionnaire.phase_kind), None)


def closes_at(questionnaire: Questionnaire) -> datetime | None:
    """When answering ends: the end of its phase."""
    phase = phase_of(questionnaire)
    return phase.ends_at if phase is not None else None


def is_accepting(questionnaire: Questionnaire) -> bool:
    """Published, in a published consultation whose questionnaire's phase is open now."""
    consultation = questionnaire.consultation
    return (
        questionnaire.status == Status.PUBLISHED
        and consultation.is_published
        and consultation.current_phase == questionnaire.phase_kind
    )


def is_over(questionnaire: Questionnaire) -> bool:
    """Its phase has ended (or staff moved the consultation past it, or archived it)."""
    consultation = questionnaire.consultation
    if questionnaire.is_draft:
        return False
    if consultation.is_archived:
        return True
    current = consultation.current_phase
    known = current in PHASE_KINDS and questionnaire.phase_kind in PHASE_KINDS
    if known and PHASE_KINDS.index(str(current)) > PHASE_KINDS.index(questionnaire.phase_kind):
        return True
    ends = closes_at(questionnaire)
    return ends is not None and utcnow() >= ends and current != questionnaire.phase_kind


def results_visible(questionnaire: Questionnaire) -> bool:
    """Results are public after the close, or earlier when staff chose to show them."""
    return not questionnaire.is_draft and (questionnaire.results_public or is_over(questionnaire))


def questions_frozen(questionnaire: Questionnaire) -> bool:
    """True once a response exists: questions may then only be reordered."""
    return bool(
        db.session.scalar(
            select(exists().where(QuestionnaireResponse.questionnaire_id == questionnaire.id))
        )
    )


def consultation_probe(kind: Any, item_id: Any) -> Select[int]:
    """A consultation's public questionnaires, as a probe for core.related."""
    return select(Questionnaire.id).where(
        type_coerce(kind, String) == "consultation",
        Questionnaire.consultation_id == item_id,
        Questionnaire.status == Status.PUBLISHED,
    )


def questionnaires_of(consultation: Consultation, *, include_drafts: bool) -> list[Questionnaire]:
    """The consultation's questionnaires, drafts only for staff."""
    query = select(Questionnaire).where(Questionnaire.consultation_id == consultation.id)
    if not include_drafts:
        query = query.where(Questionnaire.status == Status.PUBLISHED)
    return list(db.session.scalars(query.order_by(Questionnaire.id)))


# Staff: preparing -------------------------------------------------------------------------------


def _check_phase(consultation: Consultation, phase_kind: str) -> None:
    if phase_kind not in {p.kind for p in consultation.phases}:
        raise FieldError(_("Choose one of the consultation's phases."), "phase_kind")


def create_questionnaire(
    consultation: Consultation, *, actor: User, data: Mapping[str, Any]
) -> Questionnaire:
    """Create a draft questionnaire on one phase of ``consultation``."""
    _check_phase(consultation, data["phase_kind"])
    questionnaire = Questionnaire(
        municipality_id=consultation.municipality_id,
        consultation_id=consultation.id,
        phase_kind=data["phase_kind"],
        title=data["title"].strip(),
        description=(data.get("description") or "").strip(),
        allow_anonymous=bool(data.get("allow_anonymous")),
        results_public=bool(data.get("results_public")),
    )
    db.session.add(questionnaire)
    db.session.flush()
    audit.record(
        "questionnaires.created",
        actor=actor,
        municipality=consultation.municipality,
        target=questionnaire,
        title=questionnaire.title,
    )
    return questionnaire


def update_questionnaire(
    questionnaire: Questionnaire, *, actor: User, data: Mapping[str, Any]
) -> Questionnaire:
    """Change a questionnaire's wording and settings; its phase only before any response."""
    if data["phase_kind"] != questionnaire.phase_kind:
        if questions_frozen(questionnaire):
            raise FieldError(
                _("The phase cannot change once people have answered."), "phase_kind", 409
            )
        _check_phase(questionnaire.consultation, data["phase_kind"])
        questionnaire.phase_kind = data["phase_kind"]
    questionnaire.title = data["title"].strip()
    questionnaire.description = (data.get("description") or "").strip()
    questionnaire.allow_anonymous = bool(data.get("allow_anonymous"))
    questionnaire.results_public = bool(data.get("results_public"))
    db.session.flush()
    audit.record_on(
        questionnaire,
        "questionnaires.updated",
        actor=actor,
        allow_anonymous=questionnaire.allow_anonymous,
        results_public=questionnaire.results_public,
    )
    return questionnaire


def default_choices(profile: str) -> list[str]:
    """Answers a profile question offers unless staff type their own."""
    if profile == Profile.AGE_BAND:
        return [_("Under 18"), _("18 to 29"), _("30 to 44"), _("45 to 64"), _("65 or over")]
    if profile == Profile.GENDER:
        return [_("Woman"), _("Man"), _("Non-binary"), _("Prefer not to say")]
    return []


def _lines(raw: str | None) -> list[str]:
    return [line.strip() for line in (raw or "").splitlines() if line.strip()]


def _refuse_if_frozen(questionnaire: Questionnaire) -> None:
    if questions_frozen(questionnaire):
        raise DomainError(
            _("People have already answered: questions can no longer be added, changed or "
              "removed, only reordered.")
        )  # fmt: skip


def save_question(
    questionnaire: Questionnaire,
    *,
    actor: User,
    data: Mapping[str, Any],
    question: QuestionnaireQuestion | None = None,
) -> QuestionnaireQuestion:
    """Add or change a question, until the first response."""
    _refuse_if_frozen(questionnaire)
    kind = data["kind"]
    profile = data.get("profile") or None
    if kind not in KINDS:
        raise FieldError(_("Choose how people answer."), "kind")
    if profile is not None:
        if profile not in PROFILES:
            raise FieldError(_("Choose a profile question."), "profile")
        kind = Kind.SINGLE.value  # a profile question is one choice, counted only in aggregate
    choices = _lines(data.get("choices"))
    rows = _lines(data.get("rows"))
    if profile is not None and not choices:
        choices = default_choices(profile)
    if kind in TEXT_KINDS:
        choices, rows = [], []
    else:
        if len(choices) < 2:
            raise FieldError(_("Give at least two answers, one per line."), "choices")
        if len(choices) > MAX_CHOICES or len(rows) > MAX_CHOICES:
            raise FieldError(_("Give at most %(count)s lines.", count=MAX_CHOICES), "choices")
        if len(set(choices)) != len(choices):
            raise FieldError(_("Each answer must be different."), "choices")
        if kind == Kind.GRID:
            if not rows:
                raise FieldError(_("A grid needs at least one row, one per line."), "rows")
            if len(set(rows)) != len(rows):
                raise FieldError(_("Each row must be different."), "rows")
        else:
            rows = []
    if question is None:
        question = QuestionnaireQuestion(
            questionnaire_id=questionnaire.id, position=len(questionnaire.questions)
        )
        questionnaire.questions.append(question)
    question.kind = kind
    question.profile = profile
    question.title = data["title"].strip()
    question.help = (data.get("help") or "").strip()
    question.required = bool(data.get("required"))
    question.max_length = data.get("max_length") if kind in TEXT_KINDS else None
    question.choices = choices
    question.rows = rows
    db.session.flush()
    audit.record_on(
        questionnaire, "questionnaires.question_saved", actor=actor,
        question=question.title, kind=question.kind,
    )  # fmt: skip
    return question


def delete_question(question: QuestionnaireQuestion, *, actor: User) -> None:
    """Remove a question, until the first response."""
    questionnaire = question.questionnaire
    _refuse_if_frozen(questionnaire)
    questionnaire.questions.remove(question)
    for position, other in enumerate(questionnaire.questions):
        other.position = position
    db.session.flush()
    audit.record_on(
        questionnaire, "questionnaires.question_deleted", actor=actor, question=question.title
    )


def move_question(question: QuestionnaireQuestion, *, actor: User, up: bool) -> None:
    """Move a question one place up or down (allowed after responses: answers keep their ids)."""
    questionnaire = question.questionnaire
    ordered = list(questionnaire.questions)
    index = ordered.index(question)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        raise DomainError(_("This question cannot move further."))
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered):
        item.position = position
    db.session.flush()
    db.session.expire(questionnaire, ["questions"])
    audit.record_on(
        questionnaire, "questionnaires.question_moved", actor=actor, question=question.title
    )


def publish(questionnaire: Questionnaire, *, actor: User) -> None:
    """Publish a draft with at least one question: people answer it during its phase."""
    if not questionnaire.is_draft:
        raise DomainError(_("This questionnaire is already published."))
    if not questionnaire.questions:
        raise DomainError(_("Add at least one question before publishing."))
    questionnaire.status = Status.PUBLISHED
    questionnaire.published_at = utcnow()
    db.session.flush()
    audit.record_on(questionnaire, "questionnaires.published", actor=actor)


def set_answer_hidden(answer: QuestionnaireAnswer, questionnaire: Questionnaire, *, actor: User,
                      hidden: bool) -> None:  # fmt: skip
    """Hide a text answer from the public results and downloads, or show it again."""
    answer.hidden_at = utcnow() if hidden else None
    db.session.flush()
    audit.record_on(
        questionnaire,
        "questionnaires.answer_hidden" if hidden else "questionnaires.answer_shown",
        actor=actor,
        answer_id=answer.id,
    )


# Respondents ------------------------------------------------------------------------------------


def response_refusal(user: Visitor, questionnaire: Questionnaire) -> DomainError | None:
    """Why ``user`` may not answer now, or None: the one answering rule (policy and service)."""
    consultation = questionnaire.consultation
    if questionnaire.is_draft or not consultation.is_published:
        return DomainError(_("This questionnaire is not open."), status=403)
    if not is_accepting(questionnaire):
        return DomainError(_("This questionnaire only takes answers during its phase."))
    if not is_authenticated(user):
        if questionnaire.allow_anonymous:
            return None
        return DomainError(_("Log in to answer this questionnaire."), status=403)
    return refusal_to_take_part(
        user, consultation.municipality, consultation.participation,
        lambda: _("Only verified residents of %(name)s can answer this questionnaire.",
                  name=consultation.municipality.name),
    )  # fmt: skip


def own_response(user: Visitor, questionnaire: Questionnaire) -> QuestionnaireResponse | None:
    """The signed-in person's response, if any."""
    if not is_authenticated(user):
        return None
    return db.session.scalar(
        select(QuestionnaireResponse).where(
            QuestionnaireResponse.questionnaire_id == questionnaire.id,
            QuestionnaireResponse.user_id == user.id,
        )
    )


@dataclass
class Answers:
    """What a respondent typed (kept to show the form again) and what it means once checked."""

    raw: dict[str, list[str]] = field(default_factory=dict)
    values: dict[int, tuple[Any, str | None]] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)

    def typed(self, name: str) -> str:
        values = self.raw.get(name) or []
        return values[0] if values else ""

    def ticked(self, name: str) -> list[str]:
        return self.raw.get(name) or []


def answers_from_response(
    questionnaire: Questionnaire, response: QuestionnaireResponse | None
) -> Answers:
    """The form filled with a stored response (to change it)."""
    answers = Answers()
    if response is None:
        return answers
    by_question = {a.question_id: a for a in response.answers}
    for question in questionnaire.questions:
        answer = by_question.get(question.id)
        if answer is None:
            continue
        qid = question.id
        if question.is_text:
            answers.raw[f"q{qid}"] = [answer.text or ""]
        elif question.kind in (Kind.SINGLE, Kind.MULTIPLE):
            answers.raw[f"q{qid}"] = [str(p) for p in answer.value or []]
        elif question.kind == Kind.RANKING:
            for rank, position in enumerate(answer.value or [], start=1):
                answers.raw[f"q{qid}_{position}"] = [str(rank)]
        elif question.kind == Kind.GRID:
            for row, column in enumerate(answer.value or []):
                if column is not None:
                    answers.raw[f"q{qid}_{row}"] = [str(column)]
    return answers


def _position(raw: str, count: int) -> int | None:
    return parse_int(raw, max=count - 1)


def read_answers(questionnaire: Questionnaire, form: Mapping[str, Sequence[str]]) -> Answers:
    """Check what was typed against each question; errors are keyed by question id."""
    answers = Answers(raw={k: list(v) for k, v in form.items() if k.startswith("q")})
    for question in questionnaire.questions:
        problem = _read_one(question, answers)
        if problem is not None:
            answers.errors[question.id] = str(problem)
    return answers


def _required() -> str:
    return str(_("This question needs an answer."))


def _read_one(
    question: QuestionnaireQuestion, answers: Answers
) -> Any:  # a message (lazy or not) or None
    qid = question.id
    count = len(question.choices)
    if question.is_text:
        typed = answers.typed(f"q{qid}").strip()
        limit = question.max_length or DEFAULT_MAX_LENGTH[question.kind]
        if len(typed) > limit:
            return ngettext(
                "Answer in at most %(num)s character.", "Answer in at most %(num)s characters.",
                limit,
            )  # fmt: skip
        if not typed:
            return _required() if question.required else None
        answers.values[qid] = (None, typed)
        return None
    if question.kind in (Kind.SINGLE, Kind.MULTIPLE):
        ticked = [t for t in answers.ticked(f"q{qid}") if t.strip()]
        positions = [_position(t, count) for t in ticked]
        if any(p is None for p in positions) or len(set(positions)) != len(positions):
            return _("Choose among the answers offered.")
        if question.kind == Kind.SINGLE and len(positions) > 1:
            return _("Choose only one answer.")
        if not positions:
            return _required() if question.required else None
        answers.values[qid] = (sorted(p for p in positions if p is not None), None)
        return None
    if question.kind == Kind.RANKING:
        ranks: dict[int, int] = {}
        for position in range(count):
            typed = answers.typed(f"q{qid}_{position}").strip()
            if not typed:
                continue
            rank = parse_int(typed, min=1, max=count)
            if rank is None:
                return ngettext(
                    "Rank with a number from 1 to %(num)s.", "Rank with numbers from 1 to %(num)s.",
                    count,
                )  # fmt: skip
            ranks[position] = rank
        if sorted(ranks.values()) != list(range(1, len(ranks) + 1)):
            return _("Give each answer you rank a different place: 1, 2, 3... without gaps.")
        if not ranks:
            return _required() if question.required else None
        answers.values[qid] = (sorted(ranks, key=lambda p: ranks[p]), None)
        return None
    # A grid: one column per row.
    chosen: list[int | None] = []
    for row in range(len(question.rows)):
        typed = answers.typed(f"q{qid}_{row}")
        if not typed.strip():
            chosen.append(None)
            continue
        column = _position(typed, count)
        if column is None:
            return _("Choose among the answers offered.")
        chosen.append(column)
    if question.required and any(c is None for c in chosen):
        return _("Answer every row.")
    if all(c is None for c in chosen):
        return None
    answers.values[qid] = (chosen, None)
    return None


def _lock_person(questionnaire_id: int, user_id: int) -> None:
    # PostgreSQL: one person's responses to one questionnaire, one at a time (a double click
    # must update, not fail). SQLite serialises every writer already.
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(:a, :b)"),
            {"a": 2_000_000_000 + questionnaire_id % 100_000_000, "b": user_id},
        )


def submit_response(
    questionnaire: Questionnaire, *, user: Visitor, answers: Answers
) -> QuestionnaireResponse:
    """Record ``user``'s response (anonymous when not signed in), or change it until the close."""
    refusal = response_refusal(user, questionnaire)
    if refusal is not None:
        raise refusal
    person = user if is_authenticated(user) else None
    if answers.errors:
        raise DomainError(_("Some answers need your attention."), status=422)
    if not answers.values:
        raise DomainError(_("Answer at least one question."), status=422)
    response = None
    if person is not None:
        _lock_person(questionnaire.id, person.id)
        response = own_response(person, questionnaire)
    already = _("You have already answered this questionnaire.")
    if response is None:
        response = QuestionnaireResponse(
            questionnaire_id=questionnaire.id,
            municipality_id=questionnaire.municipality_id,
            user_id=person.id if person is not None else None,
        )
        try:
            db.session.add(response)
            db.session.flush()
        except IntegrityError:
            # A parallel request of the same person won; the caller rolls back.
            raise DomainError(already) from None
        db.session.execute(
            update(Questionnaire)
            .where(Questionnaire.id == questionnaire.id)
            .values(responses_count=Questionnaire.responses_count + 1)
            .execution_options(synchronize_session=False)
        )
        db.session.expire(questionnaire, ["responses_count"])
    else:
        response.updated_at = utcnow()
    by_question = {a.question_id: a for a in response.answers}
    for question in questionnaire.questions:
        existing = by_question.get(question.id)
        if question.id not in answers.values:
            if existing is not None:
                response.answers.remove(existing)
            continue
        value, typed = answers.values[question.id]
        if existing is None:
            response.answers.append(
                QuestionnaireAnswer(question_id=question.id, value=value, text=typed)
            )
        elif existing.value != value or existing.text != typed:
            existing.value, existing.text = value, typed
            existing.hidden_at = None if typed is None else existing.hidden_at
    db.session.flush()
    return response


def text_answer(questionnaire: Questionnaire, answer_id: int) -> QuestionnaireAnswer | None:
    """A text answer of this questionnaire (for staff moderation), or None."""
    return db.session.scalar(
        select(QuestionnaireAnswer)
        .join(QuestionnaireResponse, QuestionnaireResponse.id == QuestionnaireAnswer.response_id)
        .join(QuestionnaireQuestion, QuestionnaireQuestion.id == QuestionnaireAnswer.question_id)
        .where(
            QuestionnaireAnswer.id == answer_id,
            QuestionnaireResponse.questionnaire_id == questionnaire.id,
            QuestionnaireQuestion.kind.in_(TEXT_KINDS),
        )
    )
