"""Forms of the indicator pages: shape and field checks only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileRequired
from wtforms import BooleanField, Form, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from participa.core.fields import DateField, long_text, short_text
from participa.core.uploads import SizedFileField
from participa.indicators.documents import document_limit
from participa.indicators.services import AnswerInput


class PageForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Only the CSRF token: pages whose fields are sub-forms, one per indicator."""


class PeriodForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    period = short_text(
        _l("Period"),
        7,
        required=True,
        description=_l("A year and a half-year, for example 2026-S2."),
    )
    cutoff_date = DateField(
        _l("Cut-off date"),
        validators=[Optional()],
        description=_l(
            "Evidence dated after this day does not count for the round. Empty: the last day "
            "of the period."
        ),
    )
    copy_previous = BooleanField(
        _l("Start from the previous round's answers"),
        description=_l("Copies the answers and their evidence; the reviewer checks them again."),
    )


class AnswerForm(Form):  # type: ignore[misc]  # wtforms is untyped
    """One indicator on a dimension page; each is prefixed with its indicator id."""

    # validate_choice is off: leaving both unchecked keeps the indicator unanswered.
    value = RadioField(
        _l("Answer"), choices=[("yes", _l("Yes")), ("no", _l("No"))], validate_choice=False
    )
    evidence_url = short_text(
        _l("Evidence web address"),
        500,
        description=_l("An http or https address where anyone can check the answer."),
    )
    evidence_link = short_text(
        _l("Link to a page on this platform"),
        300,
        description=_l("A path on this site, for example /m/your-city/consultations/12."),
    )
    document = SizedFileField(
        _l("Evidence document"),
        description=_l("PDF, ODT, DOCX, PNG or JPEG."),
        max_bytes=document_limit,
    )
    remove_document = BooleanField(_l("Remove the current document"))
    evidence_date = DateField(
        _l("Date of the evidence"),
        validators=[Optional()],
        description=_l("When the document or page was issued; it must not be after the "
                       "round's cut-off date."),
    )  # fmt: skip
    # A radio rather than a checkbox: a page posted without it keeps the evidence public.
    visibility = RadioField(
        _l("Who may see the evidence"),
        choices=[
            ("public", _l("Everyone: public pages and open data")),
            ("internal", _l("Only this municipality's staff and the reviewers")),
        ],
        validate_choice=False,
    )
    note = long_text(_l("Note"), 5000)

    def to_input(self) -> AnswerInput:
        value = {"yes": True, "no": False}.get(self.value.data or "")
        return AnswerInput(
            value=value,
            evidence_url=self.evidence_url.data,
            evidence_link=self.evidence_link.data,
            note=self.note.data,
            document=self.document.data,
            remove_document=bool(self.remove_document.data),
            evidence_date=self.evidence_date.data,
            evidence_public=self.visibility.data != "internal",
        )


class ArchiveCopyForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Staff's own copy of evidence that the platform could not fetch."""

    document = SizedFileField(
        _l("Copy of the evidence"),
        validators=[FileRequired()],
        description=_l("A PDF of the page, or the file itself: PDF, ODT, DOCX, PNG or JPEG."),
        max_bytes=document_limit,
    )


class ReviewAnswerForm(Form):  # type: ignore[misc]  # wtforms is untyped
    """The reviewer's decision on one answer; unanswered decisions stay pending."""

    decision = RadioField(
        _l("Decision"),
        choices=[("accept", _l("Accept")), ("return", _l("Return with a comment"))],
        validate_choice=False,
    )
    validated = RadioField(
        _l("Your answer as reviewer"),
        choices=[("yes", _l("Yes")), ("no", _l("No"))],
        validate_choice=False,
        description=_l("Left empty, an accepted answer keeps the municipality's answer."),
    )
    comment = TextAreaField(_l("Comment for the municipality"), validators=[Length(max=5000)])

    def validated_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.validated.data or "")


class ReviewerForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    email = StringField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
