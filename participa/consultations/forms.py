"""Forms of the consultation pages: shape and field checks only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as pgettext  # extracted as pgettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from participa.consultations.models import PHASE_KINDS
from participa.consultations.services import PhaseDates
from participa.core.fields import (
    MARKDOWN_ALLOWED,
    DateTimeLocalField,
    IntegerField,
    long_text,
    short_text,
    title_field,
)
from participa.core.participation import participation_choices
from participa.core.uploads import SizedFileField, alt_text_field

if TYPE_CHECKING:
    from participa.consultations.models import Category, Phase

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def phase_labels() -> dict[str, str]:
    return {
        "information": _l("Information"),
        "proposals": _l("Proposals"),
        "supports": _l("Supports"),
        "voting": _l("Voting"),
        "results": _l("Results"),
        "closed": pgettext("phase", "Closed"),
    }


class ConsultationForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    title = title_field()
    summary = long_text(_l("Summary"), 500, description=_l("One or two sentences shown in lists."))
    body = long_text(_l("Description"), 50_000, description=MARKDOWN_ALLOWED)
    category_id = SelectField(_l("Topic"), coerce=int, default=0)
    cover = SizedFileField(
        _l("Cover image"), description=_l("PNG, JPEG, GIF or WebP."), max_bytes="MAX_IMAGE_BYTES"
    )
    cover_alt = alt_text_field(_l("Description of the cover image"))
    remove_cover = BooleanField(_l("Remove the cover image"))
    participation = SelectField(_l("Who may propose and support"), default="registered")
    supports_per_person = IntegerField(
        _l("Supports per person"), default=10,
        validators=[InputRequired(), NumberRange(min=1, max=1000)],
    )  # fmt: skip
    support_threshold = IntegerField(
        _l("Supports for a proposal to qualify"), default=100,
        validators=[InputRequired(), NumberRange(min=1, max=100_000_000)],
    )  # fmt: skip
    proposal_edit_minutes = IntegerField(
        _l("Minutes an author may edit a proposal"), default=60,
        validators=[InputRequired(), NumberRange(min=0, max=525_600)],
    )  # fmt: skip
    comments_enabled = BooleanField(_l("Allow comments"), default=True)
    phase_override = SelectField(
        _l("Current phase"),
        default="",
        description=_l("Normally the phase follows the dates below; choose one to force it."),
    )

    def __init__(self, *args: Any, categories: Iterable[Category] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.category_id.choices = [(0, _l("No topic"))] + [(c.id, c.name) for c in categories]
        self.participation.choices = participation_choices()
        labels = phase_labels()
        self.phase_override.choices = [("", _l("Follow the dates"))] + [
            (kind, labels[kind]) for kind in PHASE_KINDS
        ]

    def phase_fields(self) -> list[tuple[str, str, DateTimeLocalField, DateTimeLocalField]]:
        labels = phase_labels()
        return [
            (kind, labels[kind], self[f"{kind}_starts"], self[f"{kind}_ends"])
            for kind in PHASE_KINDS
        ]

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid: bool = super().validate(extra_validators)
        for _kind, _label, starts, ends in self.phase_fields():
            if bool(starts.data) != bool(ends.data):
                (ends if starts.data else starts).errors.append(
                    _l("Give both the start and the end of the phase, or neither.")
                )
                valid = False
            elif starts.data and ends.data <= starts.data:
                ends.errors.append(_l("The phase must end after it starts."))
                valid = False
        return valid

    def phase_dates(self, timezone: str) -> list[PhaseDates]:
        """The filled-in phases, with local times turned into UTC."""
        zone = ZoneInfo(timezone)
        return [
            PhaseDates(kind, _aware(starts.data, zone), _aware(ends.data, zone))
            for kind, _label, starts, ends in self.phase_fields()
            if starts.data and ends.data
        ]

    def fill_phases(self, phases: Iterable[Phase], timezone: str) -> None:
        zone = ZoneInfo(timezone)
        for phase in phases:
            self[f"{phase.kind}_starts"].data = phase.starts_at.astimezone(zone).replace(
                tzinfo=None
            )
            self[f"{phase.kind}_ends"].data = phase.ends_at.astimezone(zone).replace(tzinfo=None)

    def settings(self) -> dict[str, Any]:
        return {
            name: self[name].data
            for name in (
                "title", "summary", "body", "category_id", "participation",
                "supports_per_person", "support_threshold", "proposal_edit_minutes",
                "comments_enabled", "phase_override", "remove_cover", "cover_alt",
            )
        }  # fmt: skip


def _aware(value: datetime, zone: ZoneInfo) -> datetime:
    return value.replace(tzinfo=zone)


for _kind in PHASE_KINDS:
    setattr(ConsultationForm, f"{_kind}_starts", DateTimeLocalField(
        _l("Starts"), format=DATETIME_FORMAT, validators=[Optional()]))  # fmt: skip
    setattr(ConsultationForm, f"{_kind}_ends", DateTimeLocalField(
        _l("Ends"), format=DATETIME_FORMAT, validators=[Optional()]))  # fmt: skip


class CategoryForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    name = short_text(_l("Name"), 80, required=True)


class TemplateForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    municipality_id = SelectField(
        _l("Create the new consultation in"), coerce=int, validators=[DataRequired()]
    )
