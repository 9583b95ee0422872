"""Forms of the legislation pages: shape and field checks only."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from participa.core.fields import (
    DateTimeLocalField,
    IntegerField,
    long_text,
    short_text,
    title_field,
)
from participa.core.params import parse_int
from participa.core.participation import Participation
from participa.core.uploads import SizedFileField
from participa.legislation.models import Draft, DraftKind, QuestionKind, VoteValue

if TYPE_CHECKING:
    from participa.consultations.models import Consultation

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def kind_labels() -> dict[str, str]:
    return {
        DraftKind.ORDINANCE: _l("Ordinance"),
        DraftKind.REGULATION: _l("Regulation"),
        DraftKind.BILL: _l("Bill"),
        DraftKind.OTHER: _l("Other"),
    }


def vote_labels() -> dict[str, str]:
    return {
        VoteValue.IN_FAVOUR: _l("In favour"),
        VoteValue.AGAINST: _l("Against"),
        VoteValue.ABSTAIN: _l("Abstain"),
    }


def _optional_int(value: str | int | None) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class DraftForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    title = title_field()
    kind = SelectField(_l("Kind of text"), choices=[])
    summary = long_text(_l("Summary"), 2000)
    explanatory_statement = long_text(
        _l("Explanatory statement"),
        50_000,
        description=_l("Why the text is proposed. You can use Markdown."),
    )
    destination_body = short_text(
        _l("Body the text goes to"), 200, description=_l("For example, the Concejo Deliberante.")
    )
    opens_at = DateTimeLocalField(
        _l("Participation opens"), format=DATETIME_FORMAT, validators=[Optional()]
    )
    closes_at = DateTimeLocalField(
        _l("Participation closes"), format=DATETIME_FORMAT, validators=[Optional()]
    )
    participation = SelectField(_l("Who can take part"), choices=[])
    consultation_id = SelectField(
        _l("Consultation"), choices=[], coerce=_optional_int, validate_choice=True
    )

    def __init__(
        self, *args: Any, consultations: Iterable[Consultation] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = list(kind_labels().items())
        self.participation.choices = [
            (Participation.REGISTERED, _l("Anyone registered")),
            (Participation.VERIFIED, _l("Verified residents only")),
        ]
        self.consultation_id.choices = [(None, _l("None"))] + [
            (c.id, c.title) for c in consultations
        ]

    def draft_data(self, timezone: str) -> dict[str, Any]:
        zone = ZoneInfo(timezone)
        return {
            "title": self.title.data.strip(),
            "kind": self.kind.data,
            "summary": (self.summary.data or "").strip(),
            "explanatory_statement": (self.explanatory_statement.data or "").strip(),
            "destination_body": (self.destination_body.data or "").strip(),
            "opens_at": _aware(self.opens_at.data, zone),
            "closes_at": _aware(self.closes_at.data, zone),
            "participation": self.participation.data,
            "consultation_id": self.consultation_id.data,
        }

    def fill_dates(self, draft: Draft, timezone: str) -> None:
        zone = ZoneInfo(timezone)
        for name in ("opens_at", "closes_at"):
            value = getattr(draft, name)
            self[name].data = value.astimezone(zone).replace(tzinfo=None) if value else None


def _aware(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    return value.replace(tzinfo=zone) if value else None


UPLOAD_MAX = 512 * 1024  # bytes of an uploaded draft text


class TextForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    source = TextAreaField(
        _l("Text of the draft"),
        validators=[Optional(), Length(max=500_000)],
        description=_l(
            "Paste Markdown or plain text. Titles: “# Título I”; chapters: “## Capítulo I”; "
            "articles: “### Artículo 1” or lines starting “Artículo 1°.-”."
        ),
    )
    upload = SizedFileField(
        _l("Or upload a .md or .txt file"),
        validators=[FileAllowed(["md", "txt", "markdown"], _l("Upload a .md or .txt file."))],
        max_bytes=UPLOAD_MAX,
    )
    change_note = long_text(_l("What changed in this version"), 5000)
    confirm = HiddenField()


class AmendmentForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    text = long_text(_l("Your wording for the article"), 10_000, required=True)
    justification = long_text(_l("Why this change"), 5000, required=True)


class PassageForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    sentence = SelectField(_l("Passage"), choices=[], validate_choice=False)
    start = IntegerField(validators=[Optional()])
    end = IntegerField(validators=[Optional()])
    quote = HiddenField()
    body = long_text(_l("Your comment"), 5000, required=True)
    alignment = RadioField(
        _l("Your position"),
        choices=[
            ("in_favour", _l("In favour")),
            ("against", _l("Against")),
            ("neutral", _l("Neutral")),
        ],
        default="neutral",
    )
    website = StringField()  # honeypot

    def range(self) -> tuple[int, int]:
        """The chosen sentence ("start-end"), or the offsets a mouse selection filled in."""
        if self.start.data is not None and self.end.data is not None:
            return self.start.data, self.end.data
        start, _, end = (self.sentence.data or "").partition("-")
        first, last = parse_int(start), parse_int(end)
        if first is not None and last is not None:
            return first, last
        return -1, -1


class DecisionForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    decision = RadioField(
        _l("Decision"),
        choices=[("accept", _l("Accept")), ("reject", _l("Reject"))],
        validators=[DataRequired()],
    )
    note = long_text(_l("Reason"), 5000, required=True)


class QuestionForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    prompt = short_text(_l("Question"), 500, required=True)
    kind = SelectField(
        _l("Kind of answer"),
        choices=[
            (QuestionKind.OPEN, _l("Open text")),
            (QuestionKind.SINGLE, _l("One option")),
            (QuestionKind.MULTIPLE, _l("Several options")),
        ],
    )
    options = long_text(_l("Options"), 5000, description=_l("One per line, for choice questions."))


class ResponseForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    response = long_text(
        _l("Response to participants"),
        50_000,
        required=True,
        description=_l("What changed in the final text and why. You can use Markdown."),
    )
