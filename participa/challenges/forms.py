"""Forms of challenges, partners, solutions and the evaluation: shape only, no database writes."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField
from wtforms.validators import DataRequired, Optional, ValidationError

from participa.challenges import services
from participa.core.documents import document_limit
from participa.core.fields import (
    MARKDOWN_ALLOWED,
    DateField,
    DateTimeLocalField,
    long_text,
    short_text,
    title_field,
)
from participa.core.topics import topic_choices
from participa.core.uploads import SizedFileField
from participa.core.values import is_web_url

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DOCUMENT_HELP = _l(
    "Optional: a PDF, OpenDocument (odt, ods, odp) or Office (docx, xlsx, pptx) file."
)


class ChallengeForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    kind = SelectField(_l("Kind"), validators=[DataRequired()])
    title = title_field(services.TITLE_MAX)
    topic = SelectField(_l("Topic"), validators=[DataRequired()])
    problem = long_text(
        _l("Problem statement"), services.TEXT_MAX, required=True, description=MARKDOWN_ALLOWED
    )
    rules = long_text(
        _l("Rules"), services.TEXT_MAX, required=True,
        description=_l("Who may take part, how solutions are judged, prizes and dates. Published "
                       "with the challenge (Markdown)."),
    )  # fmt: skip
    closes_at = DateTimeLocalField(
        _l("Deadline for solutions"), format=DATETIME_FORMAT, validators=[DataRequired()],
        description=_l("In the member's local time."),
    )  # fmt: skip
    sessions = long_text(
        _l("Co-design sessions"), services.TEXT_MAX,
        description=_l("Optional: when and where people meet to design together (Markdown)."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = list(services.KIND_LABELS.items())
        self.topic.choices = topic_choices()

    def fill(self, challenge: Any, timezone: str) -> None:
        """Show a challenge's values, its deadline in the member's time."""
        for name in ("kind", "title", "topic", "problem", "rules", "sessions"):
            self[name].data = getattr(challenge, name)
        self.closes_at.data = challenge.closes_at.astimezone(ZoneInfo(timezone)).replace(
            tzinfo=None
        )

    def values(self, timezone: str) -> dict[str, Any]:
        """What the services take, the deadline turned into an aware datetime."""
        closes_at: datetime | None = self.closes_at.data
        return {
            "kind": self.kind.data,
            "title": self.title.data,
            "topic": self.topic.data,
            "problem": self.problem.data,
            "rules": self.rules.data,
            "sessions": self.sessions.data,
            "closes_at": closes_at.replace(tzinfo=ZoneInfo(timezone)) if closes_at else None,
        }


class PartnerForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    name = short_text(_l("Organisation"), services.NAME_MAX, required=True)
    kind = SelectField(_l("Kind of organisation"), validators=[DataRequired()])
    agreement_url = short_text(
        _l("Agreement (web address)"), services.URL_MAX,
        description=_l("Optional: where the signed agreement or the resolution approving it is "
                       "published."),
    )  # fmt: skip
    agreement = SizedFileField(
        _l("Agreement (document)"), description=DOCUMENT_HELP, max_bytes=document_limit
    )
    ends_on = DateField(
        _l("Agreement valid until"), validators=[Optional()],
        description=_l("Optional: leave empty when it has no end date."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = list(services.PARTNER_KIND_LABELS.items())

    def validate_agreement_url(self, field: Any) -> None:
        if field.data and field.data.strip() and not is_web_url(field.data):
            raise ValidationError(_l("Give a web address starting with https:// or http://."))


class SolutionForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    title = title_field(services.SOLUTION_TITLE_MAX)
    description = long_text(
        _l("Description"), services.TEXT_MAX, required=True,
        description=_l("What you propose, how it works and what it needs (Markdown)."),
    )  # fmt: skip
    organisation = short_text(
        _l("Organisation"), services.NAME_MAX,
        description=_l("Optional: the organisation you submit it for."),
    )  # fmt: skip
    document = SizedFileField(_l("Document"), description=DOCUMENT_HELP, max_bytes=document_limit)
    remove_document = BooleanField(_l("Remove the current document"))

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.data,
            "description": self.description.data,
            "organisation": self.organisation.data,
        }


class ShortlistForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    status = SelectField(_l("Evaluation"), validators=[DataRequired()])
    note = long_text(
        _l("Note"), services.TEXT_MAX,
        description=_l("Why it stands out; published with the report for shortlisted and "
                       "winning solutions (Markdown)."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = list(services.STATUS_LABELS.items())


class ReportForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    report = long_text(
        _l("Final report"), services.TEXT_MAX, required=True,
        description=_l("The outcome, the winners and the next steps (Markdown). Publishing it "
                       "closes the challenge and shows the shortlisted solutions."),
    )  # fmt: skip
