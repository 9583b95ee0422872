"""Forms of the initiative pages: shape and field checks only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from participa.core.fields import MARKDOWN_ALLOWED, IntegerField, long_text
from participa.initiatives.services import (
    ANSWER_MAX,
    BODY_MAX,
    BODY_MIN,
    DAYS_MAX,
    REASON_MAX,
    THRESHOLD_MAX,
    TITLE_MAX,
    TITLE_MIN,
)


class InitiativeForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    title = StringField(
        _l("Title"), validators=[DataRequired(), Length(min=TITLE_MIN, max=TITLE_MAX)]
    )
    body = TextAreaField(
        _l("What do you ask for, and why?"),
        validators=[DataRequired(), Length(min=BODY_MIN, max=BODY_MAX)],
        description=MARKDOWN_ALLOWED,
    )


class ReviewForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    decision = RadioField(
        _l("Decision"),
        choices=[("admit", _l("Admit: start collecting signatures")),
                 ("reject", _l("Do not admit"))],
        validators=[InputRequired()],
    )  # fmt: skip
    reason = long_text(
        _l("Reason"), REASON_MAX, required=True,
        description=_l("Shown on the initiative's page. Markdown is allowed."),
    )  # fmt: skip


class AnswerForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    answer = long_text(
        _l("Official answer"), ANSWER_MAX, required=True,
        description=_l("Markdown is allowed. Signers and followers are told."),
    )  # fmt: skip


class RulesForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    enabled = BooleanField(_l("Take citizen initiatives"))
    signature_threshold = IntegerField(
        _l("Signatures needed"),
        validators=[InputRequired(), NumberRange(min=1, max=THRESHOLD_MAX)],
    )
    collection_days = IntegerField(
        _l("Days to collect signatures"),
        validators=[InputRequired(), NumberRange(min=1, max=DAYS_MAX)],
        description=_l("Counted from the day staff admit the initiative."),
    )
    answer_days = IntegerField(
        _l("Days to answer"),
        validators=[InputRequired(), NumberRange(min=1, max=DAYS_MAX)],
        description=_l("Counted from the day the threshold is reached."),
    )
    reminder_days = IntegerField(
        _l("Remind staff this many days before the answer is due"),
        validators=[InputRequired(), NumberRange(min=0, max=DAYS_MAX)],
    )
