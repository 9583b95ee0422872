"""Form fields that refuse what the database cannot store: a form error, never a 500.

Forms import ``IntegerField``, ``DecimalField``, ``FieldList``, ``DateField`` and
``DateTimeLocalField`` from here instead of from wtforms, and select fields that do not check
their choices coerce with ``bounded_int``; ``tests/core/test_bounded_integers.py`` fails when a
form uses the unbounded ones. Texts are
limited to their column the same way everywhere: ``title_field``, ``short_text``, ``long_text``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import wtforms
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import DataRequired, Length, NumberRange, Optional, StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from participa.core.params import (
    MAX_DECIMAL,
    MAX_INT,
    MIN_INT,
    parse_int,
    within_years,
    years_message,
)

Number = int | float | Decimal


def _limits(field: wtforms.Field, low: Number, high: Number) -> tuple[Number, Number]:
    # A NumberRange on the field narrows the limits, so the message names the real ones.
    for validator in field.validators:
        if isinstance(validator, NumberRange):
            if isinstance(validator.min, int | float | Decimal):
                low = max(low, validator.min)
            if isinstance(validator.max, int | float | Decimal):
                high = min(high, validator.max)
    return low, high


def _out_of_range(low: Number, high: Number) -> StopValidation:
    return StopValidation(
        _("Enter a number from %(min)s to %(max)s.", min=format_decimal(low),
          max=format_decimal(high))
    )  # fmt: skip


class IntegerField(wtforms.IntegerField):  # type: ignore[misc]  # wtforms ships no type information
    """A whole number that fits an SQL INTEGER column (and the field's NumberRange)."""

    def pre_validate(self, form: wtforms.Form) -> None:
        if self.data is not None and not MIN_INT <= self.data <= MAX_INT:
            raise _out_of_range(*_limits(self, MIN_INT, MAX_INT))


class DecimalField(wtforms.DecimalField):  # type: ignore[misc]  # wtforms ships no type information
    """A finite decimal number that fits a NUMERIC(18, 2) column (and the field's NumberRange)."""

    def pre_validate(self, form: wtforms.Form) -> None:
        if self.data is None:
            return
        # NaN and infinities parse as decimals; NumberRange itself fails on a signalling NaN.
        if not self.data.is_finite() or abs(self.data) > MAX_DECIMAL:
            raise _out_of_range(*_limits(self, -MAX_DECIMAL, MAX_DECIMAL))


def _check_year(field: wtforms.Field) -> None:
    if field.data is not None and not within_years(field.data):
        raise StopValidation(years_message())


class DateField(wtforms.DateField):  # type: ignore[misc]  # wtforms ships no type information
    """A day within ``core.params.YEARS``."""

    def pre_validate(self, form: wtforms.Form) -> None:
        _check_year(self)


class DateTimeLocalField(wtforms.DateTimeLocalField):  # type: ignore[misc]  # wtforms is untyped
    """A local date and time within ``core.params.YEARS``."""

    def pre_validate(self, form: wtforms.Form) -> None:
        _check_year(self)


def bounded_int(value: object) -> int:
    """``coerce`` for select fields that do not check their choices: ``int`` in INTEGER range."""
    number = value if isinstance(value, int) else parse_int(str(value), min=MIN_INT)
    if number is None or not MIN_INT <= number <= MAX_INT:
        # wtforms replaces this with its own "Invalid Choice" message.
        raise ValueError("not a whole number in INTEGER range")
    return number


class FieldList(wtforms.FieldList):  # type: ignore[misc]  # wtforms ships no type information
    """Repeated rows whose indices in field names are plain numbers (``items-²-x`` is ignored)."""

    def _extract_indices(self, prefix: str, formdata: Iterable[str]) -> Iterator[int]:
        # wtforms checks str.isdigit(), which accepts "²" that int() then refuses.
        offset = len(prefix) + 1
        for key in formdata:
            if key.startswith(prefix):
                index = parse_int(key[offset:].split(self._field_separator, 1)[0])
                if index is not None:
                    yield index


class MultiCheckboxField(wtforms.SelectMultipleField):  # type: ignore[misc]  # wtforms is untyped
    """Several choices shown as checkboxes (accessible and JavaScript-free)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


# The hint under the long texts that are rendered as Markdown.
MARKDOWN_ALLOWED = _l("Markdown is allowed.")


def _text_validators(max_length: int, required: bool) -> list[Any]:
    return [DataRequired() if required else Optional(), Length(max=max_length)]


def short_text(
    label: Any, max_length: int, *, required: bool = False, **kwargs: Any
) -> wtforms.StringField:
    """A one-line text of at most ``max_length`` characters, required or optional."""
    return wtforms.StringField(label, validators=_text_validators(max_length, required), **kwargs)


def long_text(
    label: Any, max_length: int, *, required: bool = False, **kwargs: Any
) -> wtforms.TextAreaField:
    """A text area of at most ``max_length`` characters, required or optional."""
    return wtforms.TextAreaField(label, validators=_text_validators(max_length, required), **kwargs)


def title_field(max_length: int = 200) -> wtforms.StringField:
    """The required title of a thing staff or people create."""
    return short_text(_l("Title"), max_length, required=True)
