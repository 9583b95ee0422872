"""Forms of the municipality staff area and residency page: shape and field checks only."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from participa.core.fields import IntegerField, long_text, short_text
from participa.core.i18n import language_choices
from participa.core.uploads import SizedFileField
from participa.core.values import is_web_url, timezones
from participa.municipalities.census import MAX_CENSUS_BYTES
from participa.municipalities.validation import (
    COLOR_RE,
    MIN_CONTRAST_WITH_WHITE,
    OCID_PREFIX_RE,
    contrast_with_white,
)


def _accent(form: FlaskForm, field: Field) -> None:
    value = (field.data or "").strip()
    if not COLOR_RE.match(value):
        raise ValidationError(_l("Write the colour as #rrggbb, for example #1d4ed8."))
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST_WITH_WHITE:
        raise ValidationError(
            _l(
                "White text on this colour has a contrast of %(ratio)s:1; at least 4.5:1 is "
                "needed to be readable (WCAG AA). Choose a darker colour.",
                ratio=f"{ratio:.2f}",
            )
        )


def _timezone(form: FlaskForm, field: Field) -> None:
    if (field.data or "").strip() not in timezones():
        raise ValidationError(_l("Unknown time zone; use a name such as America/Bogota."))


def _web_url(form: FlaskForm, field: Field) -> None:
    if field.data and field.data.strip() and not is_web_url(field.data):
        raise ValidationError(_l("Write a full address starting with http:// or https://."))


class SettingsForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    name = short_text(_l("Name"), 120, required=True)
    region = short_text(_l("Region"), 120)
    population = IntegerField(
        _l("Population"), validators=[Optional(), NumberRange(min=0, max=100_000_000)]
    )
    description = long_text(
        _l("Description"), 5000, description=_l("Shown on the home page. Markdown is allowed.")
    )
    default_locale = SelectField(_l("Default language"), validators=[DataRequired()])
    timezone = StringField(
        _l("Time zone"),
        validators=[DataRequired(), _timezone],
        description=_l("An IANA time zone name, for example America/Argentina/Buenos_Aires."),
    )
    accent_color = StringField(
        _l("Accent colour"),
        validators=[DataRequired(), _accent],
        description=_l("#rrggbb; buttons show white text on it, so it must be dark enough."),
    )
    logo = SizedFileField(
        _l("Logo"), description=_l("PNG, JPEG, GIF or WebP."), max_bytes="MAX_IMAGE_BYTES"
    )
    remove_logo = BooleanField(_l("Remove the current logo"))
    contact_email = EmailField(
        _l("Contact e-mail"), validators=[Optional(), Email(), Length(max=254)]
    )
    contact_phone = short_text(_l("Contact phone"), 40)
    website = StringField(_l("Website"), validators=[Optional(), Length(max=300), _web_url])
    address = short_text(_l("Address"), 300)
    ocid_prefix = StringField(
        _l("OCDS prefix"),
        validators=[
            Optional(),
            Regexp(OCID_PREFIX_RE, message=_l("Use the format ocds-abc123 (six letters/digits).")),
        ],
        description=_l("The OCID prefix assigned by the Open Contracting Partnership."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_locale.choices = language_choices()

    def lock_ocid_prefix(self) -> None:
        """Show the prefix as fixed: releases were published under it."""
        self.ocid_prefix.render_kw = {"readonly": True}
        self.ocid_prefix.description = _l(
            "Fixed: releases have been published under this prefix, and a published ocid "
            "never changes."
        )

    def settings(self) -> dict[str, Any]:
        data = {name: field.data for name, field in self._fields.items()}
        for name in ("csrf_token", "logo"):
            data.pop(name, None)
        return data


class AddMemberForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    email = EmailField(_l("E-mail of the account"), validators=[DataRequired(), Email()])
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice("moderator", _l("Moderator")), SelectChoice("admin", _l("Admin"))],
        validators=[DataRequired()],
    )


class ResidencyRequestForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    note = long_text(
        _l("Note for staff (optional)"),
        1000,
        description=_l("For example, your neighbourhood or how staff can check your residency."),
    )


class CensusVerificationForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    document = short_text(
        _l("Identity document number"),
        40,
        required=True,
        description=_l("It is compared with the census list and is not stored."),
    )


class DecisionForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    reason = long_text(_l("Reason (optional)"), 1000)


class CensusUploadForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    file = SizedFileField(
        _l("Census file (CSV)"),
        validators=[FileRequired(message=_l("Choose a CSV file."))],
        description=_l(
            "One identity document number per row; header optional (a column named 'document' "
            "is used if present)."
        ),
        max_bytes=MAX_CENSUS_BYTES,
    )
