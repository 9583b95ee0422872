"""The evidence archive: the platform's own copy of each evidence address, with the day it was
captured, so that a reviewer years later sees what was claimed. A fetch that fails or is refused
leaves the answer marked so, and staff may upload a copy instead."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from participa.core import audit
from participa.core.errors import DomainError
from participa.core.jobs import Job
from participa.core.uploads import store_upload
from participa.db import utcnow
from participa.extensions import db
from participa.indicators.documents import save_document
from participa.indicators.fetch import FetchError, fetch
from participa.indicators.models import Answer, ArchiveStatus, Assessment

if TYPE_CHECKING:
    from werkzeug.datastructures import FileStorage

    from participa.accounts.models import User

logger = logging.getLogger(__name__)
KEPT = (ArchiveStatus.ARCHIVED, ArchiveStatus.UPLOADED)


def archive_evidence(answer_id: int) -> Answer | None:
    """Fetch and store a copy of the answer's evidence address, once: an answer whose copy is
    kept, or that has no address, is left as it is. Safe to run again (a failed fetch is
    retried). Flushes; the caller commits."""
    answer = db.session.get(Answer, answer_id)
    if answer is None or not answer.evidence_url or answer.evidence_archive_status in KEPT:
        return answer
    try:
        fetched = fetch(answer.evidence_url)
    except FetchError as exc:
        logger.info("evidence of answer %s not archived: %s", answer.id, exc.reason)
        answer.evidence_archive_status = ArchiveStatus.FAILED
        db.session.flush()
        return answer
    answer.evidence_archive = store_upload(
        fetched.data, content_type=fetched.content_type, municipality=answer.assessment.municipality
    )
    answer.evidence_archive_status = ArchiveStatus.ARCHIVED
    answer.evidence_captured_at = utcnow()
    db.session.flush()
    return answer


def archive_job(answer_id: int) -> None:
    """The background job: ``archive_evidence`` by the worker (inline without a queue)."""
    archive_evidence(answer_id)


ARCHIVE_JOB = Job("indicators.archive_evidence", archive_job, timeout=120)


def pending(assessment: Assessment) -> list[int]:
    """The answers whose evidence address was not tried yet."""
    return [
        a.id for a in assessment.answers if a.evidence_url and a.evidence_archive_status is None
    ]


def archive_pending(assessment: Assessment) -> list[Answer]:
    """Archive every evidence address of the assessment not tried yet."""
    return [answer for i in pending(assessment) if (answer := archive_evidence(i)) is not None]


def ensure_no_copy(answer: Answer) -> None:
    """A kept copy is never replaced: it is what the round was judged on (409)."""
    if answer.evidence_archive_status in KEPT:
        raise DomainError(_("This evidence already has an archived copy."))
    if not answer.evidence_url:
        raise DomainError(_("Only evidence given as a web address is archived."))


def fetch_again(answer: Answer, *, actor: User) -> Answer:
    """Staff ask the platform to try the evidence address again."""
    ensure_no_copy(answer)
    archive_evidence(answer.id)
    assessment = answer.assessment
    audit.record_on(
        assessment, "indicators.archive_evidence", actor=actor, indicator=answer.indicator.code,
        result=answer.evidence_archive_status,
    )  # fmt: skip
    return answer


def upload_copy(answer: Answer, *, actor: User, file: FileStorage) -> Answer:
    """Staff keep their own copy (a PDF of the page, say) when the site cannot be fetched."""
    ensure_no_copy(answer)
    assessment = answer.assessment
    answer.evidence_archive = save_document(
        file, municipality=assessment.municipality, uploader=actor
    )
    answer.evidence_archive_status = ArchiveStatus.UPLOADED
    answer.evidence_captured_at = utcnow()
    db.session.flush()
    audit.record_on(
        assessment, "indicators.upload_evidence_copy", actor=actor,
        indicator=answer.indicator.code,
    )  # fmt: skip
    return answer
