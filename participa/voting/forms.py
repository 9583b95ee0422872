"""Forms of the ballot pages: shape and field checks only (the rules are in services)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from participa.core.fields import (
    MARKDOWN_ALLOWED,
    IntegerField,
    MultiCheckboxField,
    bounded_int,
    long_text,
    short_text,
    title_field,
)
from participa.core.participation import Participation, participation_choices


def kind_choices() -> list[tuple[str, Any]]:
    return [
        ("single", _l("Single choice: one option")),
        ("multiple", _l("Multiple choice: up to a number of options")),
        ("approval", _l("Approval: any number of options")),
        ("ranked", _l("Ranked choice: options in order of preference (instant runoff)")),
    ]


class BallotForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    title = title_field()
    description = long_text(_l("Description"), 20_000, description=MARKDOWN_ALLOWED)
    participation = SelectField(
        _l("Who may vote"), choices=lambda: participation_choices(Participation.VERIFIED)
    )


class QuestionForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    title = short_text(_l("Question"), 300, required=True)
    kind = SelectField(_l("How people answer"), choices=kind_choices)
    max_choices = IntegerField(
        _l("Most options a person may choose"),
        validators=[Optional(), NumberRange(min=1, max=100)],
        description=_l("Only for multiple choice."),
    )
    options = long_text(
        _l("Options"), 20_000, required=True, description=_l("One option per line, at least two.")
    )


class ProposalOptionsForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    proposals = MultiCheckboxField(_l("Proposals"), coerce=bounded_int, validators=[DataRequired()])


class StationForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    name = short_text(_l("Polling station"), 200, required=True)
    ballots_cast = IntegerField(
        _l("Paper ballots cast"),
        validators=[InputRequired(), NumberRange(min=0, max=10_000_000)],
        description=_l("Every paper ballot in the box, blank and spoilt ones included."),
    )


class DeskForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    email = StringField(
        _l("Voter's e-mail address"), validators=[DataRequired(), Email(), Length(max=254)]
    )


class VoteForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Only the CSRF token: the choices are read by the service, question by question."""


class ReceiptForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    class Meta:
        csrf = False  # a read-only lookup by GET

    code = short_text(_l("Receipt code"), 20, required=True)
