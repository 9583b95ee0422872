"""Assessments: open one for a period, answer with evidence, submit, review, validate, lock."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import format_date, ngettext
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, select

from participa.core import audit
from participa.core.errors import DomainError
from participa.core.security import is_safe_next
from participa.core.values import is_web_url
from participa.db import utcnow
from participa.extensions import db
from participa.indicators.documents import save_document
from participa.indicators.framework import current_version
from participa.indicators.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Dimension,
    Indicator,
    PlatformReviewer,
    ReviewStatus,
)

if TYPE_CHECKING:
    from werkzeug.datastructures import FileStorage

    from participa.accounts.models import User
    from participa.core.models import Upload
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)

# How many links an evidence provider proposes (the newest).
EVIDENCE_LINKS = 3


def latest_in_period(
    model: Any,
    dated_at: Any,
    municipality: Municipality,
    now: datetime,
    since: datetime,
    *where: ColumnElement[bool],
) -> list[Any]:
    """For an ``indicator_evidence`` provider: the newest rows of ``model`` (a member's,
    narrowed by ``where``) whose ``dated_at`` falls between ``since`` and ``now``."""
    query = (
        select(model)
        .where(
            model.municipality_id == municipality.id,
            *where,
            dated_at >= since,
            dated_at <= now,
        )
        .order_by(dated_at.desc())
        .limit(EVIDENCE_LINKS)
    )
    return list(db.session.scalars(query))


PERIOD_RE = re.compile(r"^\d{4}-S[12]\Z")
ACCEPT, RETURN = "accept", "return"


class AnswerErrors(DomainError):
    """Some answers broke a rule; ``errors`` maps indicator ids to the message for each."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(" ".join(dict.fromkeys(errors.values())), status=422)
        self.errors = errors


@dataclass
class AnswerInput:
    """What staff sent for one indicator on a dimension page."""

    value: bool | None = None
    evidence_url: str | None = None
    evidence_link: str | None = None
    note: str | None = None
    document: FileStorage | None = None
    remove_document: bool = False
    evidence_date: date | None = None
    evidence_public: bool = True


def evidence_needed_message() -> str:
    return str(
        _("A yes needs evidence: a web address, a document or a link to a page on this platform.")
    )


# Opening ----------------------------------------------------------------------------------------


def period_end(period: str) -> date:
    """The last day of a half-year period: the default cut-off of its round."""
    year, half = int(period[:4]), period[-1]
    return date(year, 6, 30) if half == "1" else date(year, 12, 31)


def open_assessment(
    municipality: Municipality,
    *,
    actor: User,
    period: str,
    cutoff_date: date | None = None,
    copy_previous: bool = False,
) -> Assessment:
    """Start a round for ``period`` (e.g. 2026-S2) with one answer per indicator: empty, or
    copied from the municipality's previous round (answers and evidence, never the review).
    Evidence dated after ``cutoff_date`` (the period's last day by default) does not count."""
    period = (period or "").strip().upper()
    if not PERIOD_RE.match(period):
        raise DomainError(_("The period must look like 2026-S1 or 2026-S2."), status=422)
    version = current_version()
    if version is None:
        raise DomainError(_("No indicator framework has been published yet."))
    exists = db.session.scalar(
        select(Assessment.id).where(
            Assessment.municipality_id == municipality.id, Assessment.period == period
        )
    )
    if exists:
        raise DomainError(_("There is already an assessment for %(period)s.", period=period))
    previous = _previous_round(municipality, period) if copy_previous else None
    if copy_previous and previous is None:
        raise DomainError(_("There is no earlier assessment to copy the answers from."), status=422)
    cutoff_date = cutoff_date or period_end(period)
    assessment = Assessment(
        municipality_id=municipality.id,
        framework_version_id=version.id,
        period=period,
        created_by_id=getattr(actor, "id", None),
        cutoff_date=cutoff_date,
    )
    indicators = db.session.execute(
        select(Indicator.id, Indicator.code)
        .where(Indicator.version_id == version.id)
        .order_by(Indicator.id)
    ).all()
    # Matched by code, so that a round on a new framework edition keeps what still applies.
    earlier = {a.indicator.code: a for a in previous.answers} if previous else {}
    assessment.answers = [
        _copied(earlier[code], indicator_id, actor) if code in earlier
        else Answer(indicator_id=indicator_id)
        for indicator_id, code in indicators
    ]  # fmt: skip
    db.session.add(assessment)
    db.session.flush()
    audit.record_on(
        assessment, "indicators.open_assessment", actor=actor, period=period,
        version=version.code, cutoff_date=cutoff_date.isoformat(),
        copied_from=previous.period if previous else None,
    )  # fmt: skip
    return assessment


def _previous_round(municipality: Municipality, period: str) -> Assessment | None:
    return db.session.scalars(
        select(Assessment)
        .where(Assessment.municipality_id == municipality.id, Assessment.period < period)
        .order_by(Assessment.period.desc())
        .limit(1)
    ).first()


def _copied(answer: Answer, indicator_id: int, actor: User) -> Answer:
    # The reviewer's answer, comment and the archived copy belong to the earlier round: the
    # evidence is reviewed and captured again for this one.
    return Answer(
        indicator_id=indicator_id,
        value=answer.value,
        note=answer.note,
        evidence_url=answer.evidence_url,
        evidence_link=answer.evidence_link,
        evidence_document_id=answer.evidence_document_id,
        evidence_date=answer.evidence_date,
        evidence_public=answer.evidence_public,
        answered_by_id=getattr(actor, "id", None),
    )


def assessments_of(municipality: Municipality) -> list[Assessment]:
    """Every assessment of the municipality, newest period first."""
    return list(
        db.session.scalars(
            select(Assessment)
            .where(Assessment.municipality_id == municipality.id)
            .order_by(Assessment.period.desc())
        )
    )


def answers_by_dimension(assessment: Assessment) -> list[tuple[Dimension, list[Answer]]]:
    """The assessment's answers grouped by dimension, in the framework's order (one query: the
    framework comes with the assessment, and a dashboard has read it already)."""
    dimensions = assessment.framework_version.dimensions
    answers = db.session.scalars(
        select(Answer)
        .join(Indicator, Indicator.id == Answer.indicator_id)
        .where(Answer.assessment_id == assessment.id)
        .order_by(Indicator.position)
    )
    grouped: dict[int, list[Answer]] = {d.id: [] for d in dimensions}
    for answer in answers:
        grouped.setdefault(answer.indicator.dimension_id, []).append(answer)
    return [(d, grouped[d.id]) for d in dimensions]


# Answering --------------------------------------------------------------------------------------


def ensure_editable(assessment: Assessment) -> None:
    """Refuse changes once an assessment is submitted for review or validated (409)."""
    if assessment.status == AssessmentStatus.VALIDATED:
        raise DomainError(_("This assessment is validated and can no longer be changed."))
    if assessment.status == AssessmentStatus.SUBMITTED:
        raise DomainError(_("This assessment is being reviewed and cannot be changed now."))


def save_answers(
    assessment: Assessment, *, actor: User, inputs: dict[int, AnswerInput]
) -> list[Answer]:
    """Save a page of answers as a draft; a yes needs evidence. Return the answers changed."""
    ensure_editable(assessment)
    answers = {a.indicator_id: a for a in assessment.answers}
    unknown = set(inputs) - set(answers)
    if unknown:
        raise DomainError(_("Unknown indicator."), status=422)
    errors: dict[int, str] = {}
    for indicator_id, data in inputs.items():
        message = _check_answer(answers[indicator_id], data, assessment.cutoff_date)
        if message:
            errors[indicator_id] = message
    if errors:
        raise AnswerErrors(errors)
    documents = _save_documents(assessment, actor, inputs)
    changed = []
    for indicator_id, data in inputs.items():
        answer = answers[indicator_id]
        if _apply(answer, data, documents.get(indicator_id)):
            answer.answered_by_id = getattr(actor, "id", None)
            # A changed answer goes back to the reviewer, even if it had been accepted, and the
            # reviewer's answer to the old one no longer stands.
            answer.review_status = ReviewStatus.PENDING
            answer.validated_value = None
            changed.append(answer)
    db.session.flush()
    if changed:
        audit.record_on(
            assessment,
            "indicators.save_answers",
            actor=actor,
            indicators=[a.indicator.code for a in changed],
        )
    return changed


def _clean(value: str | None) -> str | None:
    return (value or "").strip() or None


def cutoff_message(cutoff: date) -> str:
    return str(
        _(
            "The evidence is dated after this round's cut-off date (%(date)s): it counts for the "
            "next round, not this one.",
            date=format_date(cutoff),
        )
    )


def _check_answer(answer: Answer, data: AnswerInput, cutoff: date | None) -> str | None:
    if cutoff is not None and data.evidence_date is not None and data.evidence_date > cutoff:
        return cutoff_message(cutoff)
    url, link = _clean(data.evidence_url), _clean(data.evidence_link)
    if url and not is_web_url(url):
        return str(_("The evidence address must start with http:// or https://."))
    if link and not is_safe_next(link):
        return str(_("The platform link must be a path on this site, starting with /."))
    has_document = bool(getattr(data.document, "filename", None)) or (
        answer.evidence_document_id is not None and not data.remove_document
    )
    if data.value is True and not (url or link or has_document):
        return evidence_needed_message()
    return None


def _save_documents(
    assessment: Assessment, actor: User, inputs: dict[int, AnswerInput]
) -> dict[int, Upload]:
    documents: dict[int, Upload] = {}
    errors: dict[int, str] = {}
    for indicator_id, data in inputs.items():
        document = data.document
        if document is None or not getattr(document, "filename", None):
            continue
        try:
            documents[indicator_id] = save_document(
                document, municipality=assessment.municipality, uploader=actor
            )
        except DomainError as exc:
            errors[indicator_id] = str(exc.message)
    if errors:
        raise AnswerErrors(errors)
    return documents


def _apply(answer: Answer, data: AnswerInput, document: Upload | None) -> bool:
    new = {
        "value": data.value,
        "evidence_url": _clean(data.evidence_url),
        "evidence_link": _clean(data.evidence_link),
        "note": _clean(data.note),
        "evidence_date": data.evidence_date,
        "evidence_public": data.evidence_public,
    }
    changed = False
    if answer.evidence_url != new["evidence_url"]:
        # A new address is captured anew; the old copy stays in uploads until pruned.
        answer.evidence_archive = None
        answer.evidence_archive_status = None
        answer.evidence_captured_at = None
    for name, value in new.items():
        if getattr(answer, name) != value:
            setattr(answer, name, value)
            changed = True
    # Through the relationship, so that the answer shows its new document at once.
    if document is not None:
        answer.evidence_document = document
        changed = True
    elif data.remove_document and answer.evidence_document_id is not None:
        answer.evidence_document = None
        changed = True
    return changed


def submit_assessment(assessment: Assessment, *, actor: User) -> Assessment:
    """Send a complete assessment to the platform reviewers."""
    ensure_editable(assessment)
    missing = [a for a in assessment.answers if a.value is None]
    if missing:
        raise DomainError(
            ngettext("Answer every indicator before submitting: %(num)s still unanswered.",
                     "Answer every indicator before submitting: %(num)s still unanswered.",
                     len(missing)),
            status=422,
        )  # fmt: skip
    if any(a.value is True and not a.has_evidence for a in assessment.answers):
        raise DomainError(evidence_needed_message(), status=422)
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = utcnow()
    db.session.flush()
    audit.record_on(
        assessment, "indicators.submit_assessment", actor=actor, period=assessment.period
    )
    return assessment


# Reviewing --------------------------------------------------------------------------------------


def review_answers(
    assessment: Assessment,
    *,
    actor: User,
    decisions: dict[int, tuple[str, str | None]],
    validated: dict[int, bool | None] | None = None,
) -> Assessment:
    """Accept answers or return them with a comment (keyed by indicator id), recording the
    reviewer's own yes/no in ``validated`` (the member's answer when an accepted one has none);
    when none is left pending, the assessment is validated (all accepted) or returned."""
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise DomainError(_("Only submitted assessments can be reviewed."))
    answers = {a.indicator_id: a for a in assessment.answers}
    errors = {}
    for indicator_id, (decision, comment) in decisions.items():
        if indicator_id not in answers or decision not in (ACCEPT, RETURN):
            raise DomainError(_("Unknown indicator or decision."), status=422)
        if decision == RETURN and not _clean(comment):
            errors[indicator_id] = _("Say why the answer is returned.")
    if errors:
        raise AnswerErrors(errors)
    now = utcnow()
    for indicator_id, (decision, comment) in decisions.items():
        answer = answers[indicator_id]
        accepted = decision == ACCEPT
        answer.review_status = ReviewStatus.ACCEPTED if accepted else ReviewStatus.RETURNED
        answer.review_comment = _clean(comment)
        given = (validated or {}).get(indicator_id)
        answer.validated_value = (
            given if given is not None else (answer.value if accepted else None)
        )
        answer.reviewed_by_id = actor.id
        answer.reviewed_at = now
    codes = {d: sorted(answers[i].indicator.code for i, (k, _c) in decisions.items() if k == d)
             for d in (ACCEPT, RETURN)}  # fmt: skip
    disagreements = sorted(answers[i].indicator.code for i in decisions if answers[i].disagrees)
    audit.record_on(
        assessment,
        "indicators.review_answers",
        actor=actor,
        accepted=codes[ACCEPT],
        returned=codes[RETURN],
        disagreements=disagreements,
    )
    _settle(assessment, actor, now)
    db.session.flush()
    return assessment


def _settle(assessment: Assessment, actor: User, now: datetime) -> None:
    statuses = {a.review_status for a in assessment.answers}
    if ReviewStatus.PENDING in statuses:
        return
    if statuses == {ReviewStatus.ACCEPTED}:
        assessment.status = AssessmentStatus.VALIDATED
        assessment.validated_at = now
        assessment.validated_by_id = actor.id
        action = "indicators.validate_assessment"
    else:
        assessment.status = AssessmentStatus.RETURNED
        action = "indicators.return_assessment"
    audit.record_on(assessment, action, actor=actor, period=assessment.period)
    logger.info("assessment %s %s", assessment.id, assessment.status)


def review_queue() -> list[Assessment]:
    """Assessments waiting for a reviewer, oldest submission first."""
    return list(
        db.session.scalars(
            select(Assessment)
            .where(Assessment.status == AssessmentStatus.SUBMITTED)
            .order_by(Assessment.submitted_at)
        )
    )


# Reviewers --------------------------------------------------------------------------------------


def reviewers() -> list[PlatformReviewer]:
    """The appointed reviewers (platform admins review without an appointment)."""
    return list(db.session.scalars(select(PlatformReviewer).order_by(PlatformReviewer.id)))


def appoint_reviewer(*, actor: User, email: str) -> PlatformReviewer:
    """Let an existing account review municipalities' assessments."""
    from participa.municipalities.services import find_user_by_email

    user = find_user_by_email(email)
    if user is None:
        raise DomainError(_("There is no account with this e-mail address."), status=422)
    if db.session.scalar(select(PlatformReviewer.id).where(PlatformReviewer.user_id == user.id)):
        raise DomainError(_("%(name)s is already a reviewer.", name=user.display_name))
    reviewer = PlatformReviewer(user_id=user.id, appointed_by_id=actor.id)
    db.session.add(reviewer)
    db.session.flush()
    audit.record("indicators.appoint_reviewer", actor=actor, target=user)
    return reviewer


def remove_reviewer(reviewer: PlatformReviewer, *, actor: User) -> None:
    """Withdraw a reviewer appointment."""
    user = reviewer.user
    db.session.delete(reviewer)
    db.session.flush()
    audit.record("indicators.remove_reviewer", actor=actor, target=user)
