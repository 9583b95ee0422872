"""Forms for notification preferences and one-click actions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from participa.notifications.models import EmailMode

EMAIL_MODE_CHOICES = [
    SelectChoice(EmailMode.IMMEDIATE.value, _l("Send me an e-mail for each notification")),
    SelectChoice(EmailMode.DIGEST.value, _l("Send me one e-mail a day with what I have not read")),
    SelectChoice(EmailMode.NONE.value, _l("Do not send me notification e-mails")),
]


class PreferencesForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    email_mode = RadioField(
        _l("Notification e-mails"), choices=EMAIL_MODE_CHOICES, validators=[InputRequired()]
    )
