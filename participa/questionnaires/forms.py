"""Forms of the staff pages: shape and field checks only (the rules are in services).

Respondents' answers are read by ``services.read_answers`` (the questions are data, not fields);
their form only carries the CSRF token.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField
from wtforms.validators import NumberRange, Optional

from participa.core.fields import MARKDOWN_ALLOWED, IntegerField, long_text, short_text, title_field


def kind_choices() -> list[tuple[str, Any]]:
    return [
        ("short_text", _l("Short text")),
        ("long_text", _l("Long text")),
        ("single", _l("Single choice: one answer")),
        ("multiple", _l("Multiple choice: any number of answers")),
        ("ranking", _l("Ranking: answers in order of preference")),
        ("grid", _l("Grid: one answer per row")),
    ]


def profile_choices() -> list[tuple[str, Any]]:
    return [
        ("", _l("No: an ordinary question")),
        ("age_band", _l("Age band")),
        ("gender", _l("Gender")),
        ("neighbourhood", _l("Neighbourhood")),
    ]


class QuestionnaireForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    title = title_field()
    description = long_text(_l("Description"), 20_000, description=MARKDOWN_ALLOWED)
    phase_kind = SelectField(_l("Phase in which people answer"), choices=[])
    allow_anonymous = BooleanField(
        _l("Allow answers without an account"),
        description=_l("Anonymous answers cannot be changed and are limited per connection."),
    )
    results_public = BooleanField(
        _l("Show the results before the phase ends"),
        description=_l("After the phase ends the results are always public."),
    )


class QuestionForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    title = short_text(_l("Question"), 300, required=True)
    help = short_text(_l("Help text"), 500)
    kind = SelectField(_l("How people answer"), choices=kind_choices)
    profile = SelectField(
        _l("Profile question"),
        choices=profile_choices,
        default="",
        description=_l("Profile answers are only shown as totals; groups of fewer than 5 "
                       "people are hidden. A profile question is answered with one choice."),
    )  # fmt: skip
    required = BooleanField(_l("An answer is required"))
    max_length = IntegerField(
        _l("Longest answer, in characters"),
        validators=[Optional(), NumberRange(min=1, max=20_000)],
        description=_l("Only for text answers."),
    )
    choices = long_text(
        _l("Answers"), 10_000,
        description=_l("One per line, at least two (choices, ranking, grid columns). Age band "
                       "and gender offer usual answers when left empty."),
    )  # fmt: skip
    rows = long_text(_l("Grid rows"), 10_000, description=_l("Only for grids: one row per line."))


class ButtonForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """A form with only the CSRF token (respondents' answers are read from the request)."""
