"""Account forms: shape and input checks only; the rules live in services and passwords."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import current_app, url_for
from flask_babel import LazyString, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from participa.accounts.passwords import MAX_LENGTH, password_problem
from participa.core.fields import long_text
from participa.core.i18n import language_choices

if TYPE_CHECKING:
    from typing import TypeAlias

    from wtforms import Field

    from participa.accounts.models import User

    # A field's label: a lazy translation, or a plain string.
    Label: TypeAlias = LazyString | str


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _email_field(label: Label) -> EmailField:
    return EmailField(
        label,
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(
                _l("Enter a valid e-mail address, like name@example.org."),
                check_deliverability=False,
            ),
            Length(max=254),
        ],
        filters=[_strip],
        render_kw={"autocomplete": "email"},
    )


class StrongPassword:
    """Apply the platform's password rules, comparing with the e-mail and name in the form."""

    def __init__(self, email_field: str | None = None, name_field: str | None = None) -> None:
        self.email_field = email_field
        self.name_field = name_field

    def __call__(self, form: FlaskForm, field: Field) -> None:
        account = getattr(form, "account", None)
        email = form[self.email_field].data if self.email_field else getattr(account, "email", None)
        name = (
            form[self.name_field].data
            if self.name_field
            else getattr(account, "display_name", None)
        )
        problem = password_problem(field.data, email=email, display_name=name)
        if problem:
            raise ValidationError(problem)


def _new_password(
    label: Label, email_field: str | None = None, name_field: str | None = None
) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Choose a password.")),
            StrongPassword(email_field, name_field),
        ],
        description=LazyString(
            lambda: ngettext(
                "At least %(num)d character. A few unrelated words are easy to remember and "
                "hard to guess.",
                "At least %(num)d characters. A few unrelated words are easy to remember and "
                "hard to guess.",
                current_app.config["PASSWORD_MIN_LENGTH"],
            )
        ),
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH},
    )


def _confirmation(label: Label, of: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo(of, _l("The two passwords do not match.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


def _current_password(label: Label | None = None) -> PasswordField:
    return PasswordField(
        label or _l("Current password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )


def _display_name() -> StringField:
    return StringField(
        _l("Public name"),
        validators=[
            DataRequired(_l("Tell us the name to show with your contributions.")),
            Length(max=80),
        ],
        description=_l("Shown next to your proposals and comments. It can be a nickname."),
        filters=[_strip],
        render_kw={"autocomplete": "nickname"},
    )


class AccountForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """A form about an existing account (``account``), used to compare passwords with it."""

    def __init__(self, *args: Any, account: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account = account


class SignupForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    email = _email_field(_l("E-mail address"))
    display_name = _display_name()
    password = _new_password(_l("Password"), "email", "display_name")
    password_confirm = _confirmation(_l("Repeat the password"), "password")
    accept_terms = BooleanField(
        _l("I accept the terms of use and the privacy policy"),
        validators=[DataRequired(_l("You need to accept the terms of use to sign up."))],
    )
    # Hidden from people by CSS; bots fill every field they find.
    website = StringField(_l("Leave this field empty"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        link = Markup('<a href="{}">{}</a>')
        # escape() turns the translation into Markup; % escapes anything that is not Markup.
        self.accept_terms.description = escape(_("Read the %(terms)s and the %(privacy)s.")) % {
            "terms": link.format(url_for("site.legal", slug="terms"), _("terms of use")),
            "privacy": link.format(url_for("site.legal", slug="privacy"), _("privacy policy")),
        }


class LoginForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    email = _email_field(_l("E-mail address"))
    password = _current_password(_l("Password"))
    remember = BooleanField(_l("Keep me logged in on this device"))
    next = HiddenField()


class EmailOnlyForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    email = _email_field(_l("E-mail address"))


class ResetPasswordForm(AccountForm):
    password = _new_password(_l("New password"))
    password_confirm = _confirmation(_l("Repeat the new password"), "password")


class ChangePasswordForm(AccountForm):
    current_password = _current_password()
    new_password = _new_password(_l("New password"))
    new_password_confirm = _confirmation(_l("Repeat the new password"), "new_password")


class ChangeEmailForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    new_email = _email_field(_l("New e-mail address"))
    password = _current_password()


class ProfileForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    display_name = _display_name()
    bio = long_text(
        _l("About you"), 2000, description=_l("Optional, public. You can use Markdown.")
    )
    locale = SelectField(_l("Language"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.locale.choices = [("", _l("Automatic (from your browser)")), *language_choices()]


class DeleteAccountForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    password = _current_password()
    confirm = BooleanField(
        _l("I understand that my account and personal data will be erased"),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
