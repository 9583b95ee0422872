"""Forms of the learning space."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

KINDS = (("request", _l("We ask for help")), ("offer", _l("We offer help")))


def _int_or_none(value: object) -> int | None:
    try:
        return int(str(value)) if value not in (None, "", "None") else None
    except ValueError:
        return None


class ExchangeForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    kind = SelectField(_l("Offer or request"), choices=KINDS, default="request")
    topic = SelectField(_l("Topic"), validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=20_000)],
        description=_l("The practice, what you would like to learn or share. Markdown allowed."),
    )
    indicator_id = SelectField(
        _l("Indicator it concerns (optional)"), coerce=_int_or_none, validators=[Optional()]
    )
    invite_id = SelectField(
        _l("Invite a member (optional)"), coerce=_int_or_none, validators=[Optional()]
    )


class MessageForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    body = TextAreaField(
        _l("Message"),
        validators=[DataRequired(), Length(max=10_000)],
        description=_l("Markdown allowed. Only the members taking part read the messages."),
    )


class JoinForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    member_id = SelectField(_l("Join for"), coerce=_int_or_none, validators=[DataRequired()])


class InviteForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    member_id = SelectField(_l("Member"), coerce=_int_or_none, validators=[DataRequired()])


class OutcomeForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    outcome = TextAreaField(
        _l("Outcome"),
        validators=[DataRequired(), Length(max=20_000)],
        description=_l("What came out of the exchange, for the whole network. Markdown allowed."),
    )
