"""The form staff fill in for a library entry: shape only, no database writes."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import DataRequired, NumberRange, Optional

from participa.core.fields import (
    IntegerField,
    MultiCheckboxField,
    long_text,
    short_text,
    title_field,
)
from participa.core.topics import topic_choices
from participa.library import services


class EntryForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    kind = SelectField(_l("Kind"), validators=[DataRequired()])
    title = title_field(services.TITLE_MAX)
    summary = long_text(
        _l("Summary"), services.SUMMARY_MAX,
        description=_l("Two or three sentences shown in the library's list."),
    )  # fmt: skip
    body = long_text(
        _l("Description"), services.BODY_MAX,
        description=_l("What the document is about, for whom, and how it was used (Markdown)."),
    )  # fmt: skip
    topic = SelectField(_l("Topic"), validators=[DataRequired()])
    language = SelectField(_l("Language of the entry"), validators=[DataRequired()])
    licence = SelectField(
        _l("Licence"), validators=[DataRequired()],
        description=_l("How others may reuse it. Choose an open licence when you can."),
    )  # fmt: skip
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(min=1900, max=2100)])
    authors = short_text(_l("Authors"), services.AUTHORS_MAX)
    links = long_text(
        _l("Links"), services.LINK_MAX * services.MAX_LINKS,
        description=_l("One web address a line, optionally followed by a space and its title."),
    )  # fmt: skip
    indicators = MultiCheckboxField(
        _l("Indicators this practice evidences"),
        description=_l("Only for practices. They are suggested as evidence in your "
                       "self-assessment of these indicators."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = list(services.kind_labels().items())
        self.topic.choices = topic_choices()
        self.language.choices = list(services.language_labels().items())
        self.licence.choices = list(services.licence_labels().items())
        self.indicators.choices = [
            (code, f"{code} · {name}") for code, name in services.citable_indicators()
        ]

    def data_for_service(self) -> services.EntryData:
        """What was typed, for the services (which check it again)."""
        return services.EntryData(
            kind=self.kind.data or "",
            title=self.title.data or "",
            summary=self.summary.data or "",
            body=self.body.data or "",
            topic=self.topic.data or "",
            language=self.language.data or "",
            licence=self.licence.data or "",
            year=self.year.data,
            authors=self.authors.data or "",
            links=self.links.data or "",
            indicators=list(self.indicators.data or []),
        )
