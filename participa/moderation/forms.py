"""Moderation forms: shape and field checks only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
)
from wtforms.validators import DataRequired, NumberRange, Optional

from participa.core.fields import IntegerField, long_text, short_text, title_field
from participa.moderation.models import ACTION_LABELS, REASON_LABELS, Action


def reason_choices() -> list[SelectChoice]:
    return [SelectChoice(value.value, label) for value, label in REASON_LABELS.items()]


class ReportForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    reason = RadioField(
        _l("Why are you reporting this?"),
        choices=reason_choices(),
        validators=[DataRequired(_l("Choose a reason."))],
    )
    note = long_text(_l("Anything else moderators should know (optional)"), 1000)


class ActionForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    items = SelectMultipleField(
        _l("Items"),
        choices=[],
        validate_choice=False,
        validators=[DataRequired(_l("Select at least one item."))],
    )
    action = SelectField(
        _l("Action"),
        choices=[
            SelectChoice(a.value, ACTION_LABELS[a])
            for a in (Action.HIDE, Action.RESTORE, Action.DISMISS, Action.APPROVE)
        ],
    )
    category = SelectField(
        _l("Category (for the public log)"),
        choices=[SelectChoice("", _l("Most reported reason")), *reason_choices()],
        validators=[Optional()],
    )
    template = SelectField(
        _l("Reason template"), choices=[], validate_choice=False, validators=[Optional()]
    )
    reason = long_text(
        _l("Reason"), 2000, description=_l("Shown to the author. Leave empty to use the template.")
    )


class ReasonTemplateForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    title = title_field(120)
    text = long_text(_l("Text"), 2000, required=True)


class SettingsForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    reports_to_hide = IntegerField(
        _l("Reports needed to hide content until reviewed"),
        validators=[DataRequired(), NumberRange(min=1, max=100)],
    )
    premoderate_new_accounts_days = IntegerField(
        _l("Review contributions of accounts younger than this many days (0: off)"),
        validators=[Optional(), NumberRange(min=0, max=365)],
        default=0,
    )
    premoderate_links = BooleanField(_l("Review contributions that contain links"))
    new_account_days = IntegerField(
        _l("An account is new for this many days"),
        validators=[Optional(), NumberRange(min=0, max=365)],
        default=7,
    )
    new_account_link_limit = IntegerField(
        _l("Links a new account may post in one contribution"),
        validators=[Optional(), NumberRange(min=0, max=50)],
        default=2,
    )


class BlockForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    days = IntegerField(
        _l("Days (empty: until lifted)"), validators=[Optional(), NumberRange(min=1, max=3650)]
    )
    reason = long_text(_l("Reason"), 2000, required=True)


class AppealForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    text = long_text(_l("Why should this decision change?"), 2000, required=True)


class AppealDecisionForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    outcome = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice("overturned", _l("Restore the contribution")),
            SelectChoice("upheld", _l("Keep it hidden")),
        ],
        validators=[DataRequired()],
    )
    response = long_text(_l("Reason"), 2000, required=True)


class LiftBlockForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    reason = short_text(_l("Reason"), 500)
