"""The open-data settings form."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField


def licence_choices() -> list[tuple[str, Any]]:
    from participa.opendata.services import LICENCES

    return [(code, title) for code, (title, _url) in LICENCES.items()]


class SettingsForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    licence = SelectField(_l("Licence of the datasets"), choices=licence_choices)


class RetryForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Staff ask again for a file that could not be prepared (the CSRF token only)."""
