"""Forms of the proposal pages: shape and field checks only."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FloatField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from participa.core.fields import long_text, short_text
from participa.core.uploads import SizedFileField, alt_text_field
from participa.proposals.services import (
    BODY_MAX,
    BODY_MIN,
    LOCATION_MAX,
    TITLE_MAX,
    TITLE_MIN,
    state_label,
)

if TYPE_CHECKING:
    from participa.core.link_choices import Choice


class ProposalForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    title = StringField(
        _l("Title"), validators=[DataRequired(), Length(min=TITLE_MIN, max=TITLE_MAX)]
    )
    body = TextAreaField(
        _l("Your proposal"),
        validators=[DataRequired(), Length(min=BODY_MIN, max=BODY_MAX)],
        description=_l("Explain the problem and your idea. Markdown is allowed."),
    )
    category_id = SelectField(_l("Topic"), coerce=int, default=0)
    location_text = short_text(
        _l("Place"),
        LOCATION_MAX,
        description=_l("An address or neighbourhood, if the proposal is about a place."),
    )
    latitude = FloatField(
        _l("Latitude"),
        validators=[Optional(), NumberRange(min=-90, max=90)],
        description=_l("Optional, between -90 and 90."),
    )
    longitude = FloatField(
        _l("Longitude"),
        validators=[Optional(), NumberRange(min=-180, max=180)],
        description=_l("Optional, between -180 and 180."),
    )
    district_id = SelectField(_l("District"), coerce=int, default=0)
    image = SizedFileField(
        _l("Image"),
        description=_l("Optional. PNG, JPEG, GIF or WebP."),
        max_bytes="MAX_IMAGE_BYTES",
    )
    image_alt = alt_text_field()
    image_token = HiddenField()
    preview = SubmitField(_l("Preview"))
    publish = SubmitField(_l("Publish"))

    def __init__(
        self,
        *args: Any,
        categories: Iterable[Choice] = (),
        districts: Iterable[Choice] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.category_id.choices = [(0, _l("No topic"))] + [(c.id, c.name) for c in categories]
        self.district_id.choices = [(0, _l("No district"))] + [(d.id, d.name) for d in districts]

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid: bool = super().validate(extra_validators)
        if (self.latitude.data is None) != (self.longitude.data is None) and not (
            self.latitude.errors or self.longitude.errors
        ):
            missing = self.longitude if self.longitude.data is None else self.latitude
            missing.errors.append(_l("Give both latitude and longitude, or neither."))
            valid = False
        return valid

    def fields_data(self) -> dict[str, Any]:
        return {
            "title": self.title.data,
            "body": self.body.data,
            "category_id": self.category_id.data or None,
            "location_text": self.location_text.data,
            "latitude": self.latitude.data,
            "longitude": self.longitude.data,
            "district_id": self.district_id.data or None,
        }


def answer_choices() -> list[tuple[str, str]]:
    return [
        (state, state_label(state))
        for state in ("under_evaluation", "accepted", "rejected", "implemented")
    ]


class AnswerForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    state = SelectField(_l("State"), validators=[DataRequired()])
    answer = long_text(
        _l("Official answer"),
        20_000,
        required=True,
        description=_l("Markdown is allowed. Followers of the proposal are notified."),
    )
    details = long_text(
        _l("Reason or details"),
        20_000,
        description=_l("Required when rejecting (the reason) or implementing (the details)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.state.choices = answer_choices()


class MergeForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    # Choices are the proposals it may be merged into (see listing.merge_candidates), so a
    # wrong or foreign number is a form error that keeps the page, never a 404.
    target_id = SelectField(
        _l("Proposal to keep"),
        coerce=int,
        validators=[
            InputRequired(message=_l("Choose the proposal to keep.")),
            NumberRange(min=1, message=_l("Choose the proposal to keep.")),  # the placeholder
        ],
        description=_l("This proposal is withdrawn and its supports move to that one."),
    )
