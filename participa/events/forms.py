"""Forms of the event pages: shape and field checks only (the rules are in services)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import wtforms
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from participa.core.fields import (
    MARKDOWN_ALLOWED,
    DateTimeLocalField,
    FieldList,
    IntegerField,
    MultiCheckboxField,
    long_text,
    short_text,
    title_field,
)
from participa.core.topics import topic_choices
from participa.events.services import (
    AGE_BANDS,
    FORMAT_LABELS,
    GENDERS,
    KIND_LABELS,
    AgendaEntry,
    EventData,
)

if TYPE_CHECKING:
    from participa.events.models import Event

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
AGENDA_ROWS = 6  # rows offered for the agenda (an empty title leaves a row out)


def _kinds() -> list[tuple[str, Any]]:
    return list(KIND_LABELS.items())


def _formats() -> list[tuple[str, Any]]:
    return list(FORMAT_LABELS.items())


def _topics() -> list[tuple[str, Any]]:
    return [("", _l("No topic")), *topic_choices()]


class AgendaRow(wtforms.Form):  # type: ignore[misc]  # wtforms is untyped
    time = short_text(_l("Time"), 20, description=_l("For example 09:30."))
    title = short_text(_l("Item"), 200)
    description = short_text(_l("Details"), 500)


class EventForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    title = title_field()
    description = long_text(_l("Description"), 20_000, description=MARKDOWN_ALLOWED)
    kind = SelectField(_l("Kind of event"), choices=_kinds)
    format = SelectField(_l("How people attend"), choices=_formats)
    address = short_text(_l("Address"), 300, description=_l("For events in person or hybrid."))
    online_url = short_text(
        _l("Web address to join"), 500, description=_l("For online or hybrid events.")
    )
    starts_at = DateTimeLocalField(
        _l("Starts"), format=DATETIME_FORMAT, validators=[InputRequired()]
    )
    ends_at = DateTimeLocalField(_l("Ends"), format=DATETIME_FORMAT, validators=[InputRequired()])
    topic = SelectField(_l("Topic"), choices=_topics, validators=[Optional()])
    registration_open = BooleanField(_l("Registration is open"))
    capacity = IntegerField(
        _l("Places"),
        validators=[Optional(), NumberRange(min=1, max=100_000)],
        description=_l("Leave empty for no limit. When it is full, people join a waiting list."),
    )
    agenda = FieldList(wtforms.FormField(AgendaRow), min_entries=AGENDA_ROWS)

    def fill(self, event: Event) -> None:
        zone = ZoneInfo(event.time_zone)
        for name in (
            "title",
            "description",
            "kind",
            "format",
            "address",
            "online_url",
            "registration_open",
            "capacity",
        ):
            self[name].data = getattr(event, name)
        self.topic.data = event.topic or ""
        self.starts_at.data = event.starts_at.astimezone(zone).replace(tzinfo=None)
        self.ends_at.data = event.ends_at.astimezone(zone).replace(tzinfo=None)
        while len(self.agenda.entries):
            self.agenda.pop_entry()
        for item in event.agenda:
            self.agenda.append_entry(
                {"time": item.time, "title": item.title, "description": item.description}
            )
        while len(self.agenda.entries) < max(AGENDA_ROWS, len(event.agenda) + 2):
            self.agenda.append_entry()

    def data_in(self, zone_name: str) -> EventData:
        zone = ZoneInfo(zone_name)

        def aware(value: datetime) -> datetime:
            return value.replace(tzinfo=zone)

        return EventData(
            title=self.title.data,
            description=self.description.data or "",
            kind=self.kind.data,
            format=self.format.data,
            address=self.address.data or None,
            online_url=(self.online_url.data or "").strip() or None,
            starts_at=aware(self.starts_at.data),
            ends_at=aware(self.ends_at.data),
            topic=self.topic.data or None,
            registration_open=bool(self.registration_open.data),
            capacity=self.capacity.data,
            agenda=[
                AgendaEntry(
                    title=row.form.title.data,
                    time=row.form.time.data,
                    description=row.form.description.data,
                )
                for row in self.agenda
                if (row.form.title.data or "").strip()
            ],
        )


class MinutesForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    minutes = long_text(_l("Minutes"), 50_000, required=True, description=MARKDOWN_ALLOWED)


def _count(label: Any) -> IntegerField:
    return IntegerField(label, validators=[Optional(), NumberRange(min=0, max=1_000_000)])


class AttendanceForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    total = IntegerField(
        _l("Attendees"), validators=[InputRequired(), NumberRange(min=0, max=1_000_000)]
    )


for _code, _label in GENDERS.items():
    setattr(AttendanceForm, f"gender_{_code}", _count(_label))
for _code, _label in AGE_BANDS.items():
    setattr(AttendanceForm, f"age_{_code}", _count(_label))


def attendance_form(territories: list[str], **kwargs: Any) -> AttendanceForm:
    """The attendance form with one count per territory (the member's districts)."""

    class WithTerritories(AttendanceForm):
        pass

    for index, _name in enumerate(territories):
        setattr(WithTerritories, f"territory_{index}", _count(_name))
    form: AttendanceForm = WithTerritories(**kwargs)
    form.territories = territories
    return form


def breakdown_of(form: AttendanceForm, territories: list[str]) -> dict[str, dict[str, int | None]]:
    """The form's counts by dimension and category."""
    return {
        "gender": {code: form[f"gender_{code}"].data for code in GENDERS},
        "age": {code: form[f"age_{code}"].data for code in AGE_BANDS},
        "territory": {name: form[f"territory_{i}"].data for i, name in enumerate(territories)},
    }


class OfficialsForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    officials = MultiCheckboxField(_l("Officials who attended"), coerce=int, choices=[])


class LinkForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    # "<kind>:<id>", from the member's consultations, drafts and proposals.
    target = SelectField(_l("Link to"), choices=[], validators=[DataRequired()])


class CancelForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    reason = short_text(_l("Reason (optional)"), 300)
