"""Platform admin forms: shape and field checks only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, Regexp, ValidationError

from participa.core.fields import MARKDOWN_ALLOWED, long_text, short_text, title_field
from participa.core.i18n import language_choices
from participa.core.values import SLUG_RE, country_codes, timezones
from participa.municipalities.kinds import kind_choices

if TYPE_CHECKING:
    from wtforms import Field


def _timezone(form: FlaskForm, field: Field) -> None:
    if (field.data or "").strip() not in timezones():
        raise ValidationError(_l("Unknown time zone; use a name such as America/Bogota."))


def country_choices() -> list[SelectChoice]:
    names = get_locale().territories
    pairs = sorted((names.get(code, code), code) for code in country_codes())
    return [SelectChoice(code, name) for name, code in pairs]


class _IdentityFields(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    slug = StringField(
        _l("Address (slug)"),
        validators=[
            DataRequired(),
            Regexp(SLUG_RE, message=_l("Use 2 to 60 lower-case letters, digits and dashes.")),
        ],
        description=_l("Used in the address: /m/<slug>/"),
    )
    country = SelectField(_l("Country"), validators=[DataRequired()])
    kind = SelectField(
        _l("Kind of member"),
        validators=[DataRequired()],
        description=_l(
            "Each kind has the features that fit it: a legislature runs drafts and "
            "consultations, an association exchanges, events and a library."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.country.choices = country_choices()
        self.kind.choices = kind_choices()


class MunicipalityForm(_IdentityFields):
    name = short_text(_l("Name"), 120, required=True)
    default_locale = SelectField(_l("Default language"), validators=[DataRequired()])
    timezone = StringField(
        _l("Time zone"),
        validators=[DataRequired(), _timezone],
        description=_l("An IANA time zone name, for example America/Argentina/Buenos_Aires."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_locale.choices = language_choices()


class IdentityForm(_IdentityFields):
    pass


class EmailForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    email = EmailField(_l("E-mail of the account"), validators=[DataRequired(), Email()])


class LegalPageForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    title = title_field()
    body = long_text(
        _l("Text"), 100_000, required=True, description=MARKDOWN_ALLOWED, render_kw={"rows": 20}
    )
