"""Comment forms: shape and field checks only."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from participa.comments.models import BODY_MAX, Alignment

ALIGNMENT_CHOICES = [
    SelectChoice(Alignment.IN_FAVOUR.value, _l("In favour")),
    SelectChoice(Alignment.AGAINST.value, _l("Against")),
    SelectChoice(Alignment.NEUTRAL.value, _l("Neutral")),
]
VOTE_VALUES = {"up": 1, "down": -1, "none": 0}


class ReplyForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    body = TextAreaField(
        _l("Your reply"),
        validators=[DataRequired(_l("Write your comment.")), Length(max=BODY_MAX)],
        description=_l("You can use Markdown: **bold**, *italics*, lists and links."),
    )
    # Honeypot: people never see it; bots that fill every field do.
    website = StringField(_l("Leave this field empty"), validators=[Optional()])


class CommentForm(ReplyForm):
    body = TextAreaField(
        _l("Your comment"),
        validators=[DataRequired(_l("Write your comment.")), Length(max=BODY_MAX)],
        description=_l("You can use Markdown: **bold**, *italics*, lists and links."),
    )
    alignment = RadioField(
        _l("Your position"), choices=ALIGNMENT_CHOICES, default=Alignment.NEUTRAL.value
    )


class EditForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    body = TextAreaField(
        _l("Your comment"),
        validators=[DataRequired(_l("Write your comment.")), Length(max=BODY_MAX)],
    )
    alignment = RadioField(_l("Your position"), choices=ALIGNMENT_CHOICES, validators=[Optional()])
