"""Forms of the budget pages: shape and field checks only (the rules are in services)."""

from __future__ import annotations

from typing import Any

import wtforms
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional
from wtforms.widgets import HiddenInput

from participa.core.fields import (
    MARKDOWN_ALLOWED,
    DecimalField,
    FieldList,
    IntegerField,
    MultiCheckboxField,
    bounded_int,
    long_text,
    short_text,
    title_field,
)
from participa.core.participation import participation_choices
from participa.core.uploads import SizedFileField, alt_text_field

DISTRICT_ROWS = 3  # empty rows offered for new districts


def vote_rule_choices() -> list[tuple[str, Any]]:
    return [
        ("within_budget", _l("Projects whose costs fit the money available")),
        ("at_most", _l("Up to a number of projects")),
        ("approval", _l("Any number of projects")),
    ]


def result_rule_choices() -> list[tuple[str, Any]]:
    return [
        ("greedy", _l("Most voted first, while the money lasts")),
        ("equal_shares", _l("Method of Equal Shares (proportional)")),
    ]


def _amount(label: Any, **kwargs: Any) -> DecimalField:
    return DecimalField(label, places=2, **kwargs)


def _required_amount(label: Any) -> DecimalField:
    return _amount(
        label,
        validators=[InputRequired(), NumberRange(min=0.01)],
        description=_l("Digits only, with a dot for cents: 80000000 or 1500.50."),
    )


class DistrictRow(wtforms.Form):  # type: ignore[misc]  # wtforms is untyped
    # No CSRF of its own: it lives inside the budget form.
    id = IntegerField(widget=HiddenInput(), validators=[Optional()])
    name = short_text(_l("District"), 120)
    amount = _amount(_l("Its money"), validators=[Optional(), NumberRange(min=0.01)])


class BudgetForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    title = title_field()
    description = long_text(_l("Description"), 20_000, description=MARKDOWN_ALLOWED)
    total_amount = _required_amount(_l("Money available"))
    participation = SelectField(_l("Who may vote"), choices=participation_choices)
    vote_rule = SelectField(_l("What each person chooses"), choices=vote_rule_choices)
    max_projects = IntegerField(
        _l("Most projects a person may choose"),
        validators=[Optional(), NumberRange(min=1, max=1000)],
        description=_l("Only when people choose up to a number of projects."),
    )
    min_spend_percent = IntegerField(
        _l("Least share of the money a vote must spend (%)"),
        validators=[Optional(), NumberRange(min=0, max=100)],
        description=_l("Only when projects must fit the money; leave empty for no minimum."),
    )
    result_rule = SelectField(_l("How the funded projects are chosen"),
                              choices=result_rule_choices)  # fmt: skip
    districts = FieldList(wtforms.FormField(DistrictRow), min_entries=0, max_entries=60)

    def settings(self) -> dict[str, Any]:
        """The budget's fields, without the districts."""
        return {name: self[name].data for name in (
            "title", "description", "total_amount", "participation", "vote_rule",
            "max_projects", "min_spend_percent", "result_rule")}  # fmt: skip

    def district_rows(self) -> list[dict[str, Any]]:
        """The district rows that were filled in (a row without a name removes its district)."""
        rows = []
        for entry in self.districts:
            data = entry.form.data
            if (data.get("name") or "").strip() or data.get("amount") is not None:
                rows.append(data)
            elif data.get("id"):
                rows.append({**data, "name": ""})
        return rows


class ProjectForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    title = title_field()
    description = long_text(_l("Description"), 20_000, description=MARKDOWN_ALLOWED)
    cost = _required_amount(_l("Cost"))
    location_text = short_text(_l("Place"), 200)
    district_id = SelectField(_l("District"), coerce=bounded_int, default=0)
    # The municipality's district (places), which every list filters on.
    area_id = SelectField(_l("Area of the municipality"), coerce=bounded_int, default=0)
    latitude = wtforms.FloatField(
        _l("Latitude"),
        validators=[Optional(), NumberRange(min=-90, max=90)],
        description=_l("Optional, between -90 and 90."),
    )
    longitude = wtforms.FloatField(
        _l("Longitude"),
        validators=[Optional(), NumberRange(min=-180, max=180)],
        description=_l("Optional, between -180 and 180."),
    )
    image = SizedFileField(
        _l("Image"), description=_l("PNG, JPEG, GIF or WebP."), max_bytes="MAX_IMAGE_BYTES"
    )
    image_alt = alt_text_field()


class FromProposalsForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    # Each proposal's cost and district come as ``cost-<id>`` and ``district-<id>`` fields.
    proposals = MultiCheckboxField(
        _l("Accepted proposals"), coerce=bounded_int, validators=[DataRequired()]
    )


class ImportForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    file = SizedFileField(
        _l("Pabulib file (.pb)"),
        validators=[DataRequired()],
        description=_l("A participatory budget in the Pabulib format (pabulib.org)."),
        max_bytes="BUDGETS_IMPORT_MAX_BYTES",
    )


class VoteForm(FlaskForm):  # type: ignore[misc]  # flask-wtf is untyped
    """Only the CSRF token: the ticked projects are read by the service."""
