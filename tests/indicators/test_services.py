"""Assessment rules without HTTP: periods, evidence, submission, review, validation, lock."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from participa.core.errors import DomainError
from participa.core.models import AuditEntry
from participa.extensions import db
from participa.indicators import services
from participa.indicators.documents import DOCX, ODT, sniff_document
from participa.indicators.models import Assessment
from participa.indicators.services import AnswerErrors, AnswerInput
from tests import factories
from tests.archives import zip_of
from tests.indicators.helpers import answer_of, indicator, make_assessment


def _open(municipality, staff, period="2026-S2") -> Assessment:
    assessment = services.open_assessment(municipality, actor=staff, period=period)
    db.session.commit()
    return assessment


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_open_creates_one_empty_answer_per_indicator(framework, municipality, staff):
    assessment = _open(municipality, staff)
    assert assessment.status == "draft"
    assert assessment.framework_version_id == framework.id
    assert len(assessment.answers) == 40
    assert all(a.value is None for a in assessment.answers)
    assert "indicators.open_assessment" in _actions()


@pytest.mark.parametrize("period", ["2026", "2026-S3", "2026-s", "26-S1", "2026-S12", ""])
def test_period_must_be_a_half_year(framework, municipality, staff, period):
    with pytest.raises(DomainError) as exc:
        services.open_assessment(municipality, actor=staff, period=period)
    assert exc.value.status == 422


def test_one_assessment_per_period(framework, municipality, staff, other_municipality):
    _open(municipality, staff)
    with pytest.raises(DomainError) as exc:
        services.open_assessment(municipality, actor=staff, period="2026-S2")
    assert exc.value.status == 409
    db.session.rollback()
    assert services.open_assessment(other_municipality, actor=staff, period="2026-S2")


def test_no_framework_no_assessment(municipality, staff):
    with pytest.raises(DomainError):
        services.open_assessment(municipality, actor=staff, period="2026-S2")


def test_a_yes_needs_evidence(app, framework, municipality, staff):
    assessment = _open(municipality, staff)
    par01 = indicator("PAR-01")
    with app.test_request_context(), pytest.raises(AnswerErrors) as exc:
        services.save_answers(assessment, actor=staff, inputs={par01.id: AnswerInput(value=True)})
    assert exc.value.status == 422
    assert "needs evidence" in exc.value.errors[par01.id]


@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        ({"evidence_url": "https://bahia.gob.ar/norma"}, True),
        ({"evidence_url": "javascript:alert(1)"}, False),
        ({"evidence_url": "ftp://example.org/x"}, False),
        ({"evidence_link": "/m/villa-norte/consultations/3"}, True),
        ({"evidence_link": "//evil.example/x"}, False),
        ({"evidence_link": "https://evil.example/x"}, False),
    ],
)
def test_evidence_must_be_a_web_address_or_a_local_path(
    app, framework, municipality, staff, fields, ok
):
    assessment = _open(municipality, staff)
    par01 = indicator("PAR-01")
    inputs = {par01.id: AnswerInput(value=True, **fields)}
    with app.test_request_context():
        if ok:
            services.save_answers(assessment, actor=staff, inputs=inputs)
            assert answer_of(assessment, "PAR-01").value is True
        else:
            with pytest.raises(AnswerErrors):
                services.save_answers(assessment, actor=staff, inputs=inputs)


def test_a_no_needs_no_evidence_and_a_note_is_kept(app, framework, municipality, staff):
    assessment = _open(municipality, staff)
    par01 = indicator("PAR-01")
    with app.test_request_context():
        changed = services.save_answers(
            assessment, actor=staff,
            inputs={par01.id: AnswerInput(value=False, note="No aplica: no hay norma.")},
        )  # fmt: skip
    db.session.commit()
    assert [a.indicator.code for a in changed] == ["PAR-01"]
    assert answer_of(assessment, "PAR-01").note == "No aplica: no hay norma."
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "indicators.save_answers")
    ).one()
    assert entry.actor_id == staff.id and entry.details["indicators"] == ["PAR-01"]


def _pdf() -> FileStorage:
    return FileStorage(io.BytesIO(b"%PDF-1.7\n%fake\n"), filename="norma.pdf")


def test_a_document_is_evidence(app, framework, municipality, staff):
    assessment = _open(municipality, staff)
    par01 = indicator("PAR-01")
    with app.test_request_context():
        services.save_answers(
            assessment, actor=staff, inputs={par01.id: AnswerInput(value=True, document=_pdf())}
        )
        answer = answer_of(assessment, "PAR-01")
        assert answer.evidence_document.content_type == "application/pdf"
        # Removing the only evidence of a yes is refused.
        with pytest.raises(AnswerErrors):
            services.save_answers(
                assessment, actor=staff,
                inputs={par01.id: AnswerInput(value=True, remove_document=True)},
            )  # fmt: skip


def test_documents_are_recognised_by_their_bytes():
    assert sniff_document(b"%PDF-1.4 ...") == "application/pdf"
    assert sniff_document(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert sniff_document(b"\xff\xd8\xff\xe0....") == "image/jpeg"
    assert sniff_document(zip_of({"mimetype": ODT.encode(), "content.xml": b"<x/>"})) == ODT
    word = zip_of({"[Content_Types].xml": b"<x/>", "word/document.xml": b""})
    assert sniff_document(word) == DOCX
    assert sniff_document(zip_of({"evil.exe": b"MZ"})) is None
    assert sniff_document(b"<html><script>") is None
    assert sniff_document(b"PK\x03\x04 not really a zip") is None


def test_a_disguised_or_huge_document_is_refused(app, framework, municipality, staff):
    assessment = _open(municipality, staff)
    par01 = indicator("PAR-01")
    fake = FileStorage(io.BytesIO(b"<html>hi</html>"), filename="norma.pdf")
    app.config["INDICATOR_DOCUMENT_MAX_BYTES"] = 10
    try:
        with app.test_request_context():
            with pytest.raises(AnswerErrors) as exc:
                services.save_answers(
                    assessment, actor=staff,
                    inputs={par01.id: AnswerInput(value=True, document=_pdf())},
                )  # fmt: skip
            assert "larger" in exc.value.errors[par01.id]
            app.config["INDICATOR_DOCUMENT_MAX_BYTES"] = 1000
            with pytest.raises(AnswerErrors) as exc:
                services.save_answers(
                    assessment,
                    actor=staff,
                    inputs={par01.id: AnswerInput(value=True, document=fake)},
                )
            assert "PDF, ODT, DOCX" in exc.value.errors[par01.id]
    finally:
        app.config.pop("INDICATOR_DOCUMENT_MAX_BYTES")


def test_submit_needs_every_answer(app, framework, municipality, staff):
    assessment = make_assessment(municipality, met=3, answered=39)
    with app.test_request_context(), pytest.raises(DomainError) as exc:
        services.submit_assessment(assessment, actor=staff)
    assert exc.value.status == 422 and "1 still unanswered" in exc.value.message


def _review_all(assessment, reviewer, returned=()):
    decisions = {
        a.indicator_id: ("return", "Falta el enlace a la norma.")
        if a.indicator.code in returned
        else ("accept", None)
        for a in assessment.answers
        if a.review_status == "pending"
    }
    services.review_answers(assessment, actor=reviewer, decisions=decisions)
    db.session.commit()


def test_review_cycle_returns_fixes_and_validates(app, framework, municipality, staff):
    reviewer = factories.UserFactory(is_platform_admin=True)
    assessment = make_assessment(municipality, met=10)
    with app.test_request_context():
        services.submit_assessment(assessment, actor=staff)
        db.session.commit()
        assert assessment.status == "submitted"
        with pytest.raises(DomainError):  # a submitted assessment is locked for staff
            services.save_answers(assessment, actor=staff, inputs={})
        _review_all(assessment, reviewer, returned={"PAR-01"})
        assert assessment.status == "returned"
        returned = answer_of(assessment, "PAR-01")
        assert returned.review_status == "returned" and returned.review_comment
        services.save_answers(
            assessment, actor=staff,
            inputs={returned.indicator_id: AnswerInput(value=True, evidence_url="https://x.org/n")},
        )  # fmt: skip
        assert answer_of(assessment, "PAR-01").review_status == "pending"
        assert answer_of(assessment, "PAR-02").review_status == "accepted"
        services.submit_assessment(assessment, actor=staff)
        _review_all(assessment, reviewer)
    assert assessment.status == "validated"
    assert assessment.validated_by_id == reviewer.id and assessment.validated_at
    actions = _actions()
    for action in (
        "indicators.submit_assessment",
        "indicators.review_answers",
        "indicators.return_assessment",
        "indicators.validate_assessment",
    ):
        assert action in actions  # fmt: skip


def test_a_validated_assessment_is_locked(app, framework, municipality, staff):
    assessment = make_assessment(municipality, status="validated", met=10)
    par01 = indicator("PAR-01")
    with app.test_request_context():
        for change in (
            lambda: services.save_answers(
                assessment, actor=staff, inputs={par01.id: AnswerInput(value=False)}
            ),
            lambda: services.submit_assessment(assessment, actor=staff),
            lambda: services.review_answers(
                assessment, actor=staff, decisions={par01.id: ("accept", None)}
            ),
        ):
            with pytest.raises(DomainError) as exc:
                change()
            assert exc.value.status == 409


def test_returning_needs_a_comment(app, framework, municipality):
    reviewer = factories.UserFactory(is_platform_admin=True)
    assessment = make_assessment(municipality, status="submitted", met=10)
    par01 = indicator("PAR-01")
    with app.test_request_context(), pytest.raises(AnswerErrors) as exc:
        services.review_answers(assessment, actor=reviewer, decisions={par01.id: ("return", " ")})
    assert par01.id in exc.value.errors


def test_partial_review_keeps_the_assessment_submitted(app, framework, municipality):
    reviewer = factories.UserFactory(is_platform_admin=True)
    assessment = make_assessment(municipality, status="submitted", met=10)
    with app.test_request_context():
        services.review_answers(
            assessment, actor=reviewer, decisions={indicator("PAR-01").id: ("accept", None)}
        )
    assert assessment.status == "submitted"


def test_reviewers_are_appointed_once(app, framework, platform_admin, user):
    with app.test_request_context():
        services.appoint_reviewer(actor=platform_admin, email=user.email)
        with pytest.raises(DomainError):
            services.appoint_reviewer(actor=platform_admin, email=user.email)
        with pytest.raises(DomainError):
            services.appoint_reviewer(actor=platform_admin, email="nobody@example.org")
