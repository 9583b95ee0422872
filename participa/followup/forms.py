"""Staff forms for follow-up results: shape only, no database writes."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from participa.core.fields import (
    DateField,
    DecimalField,
    IntegerField,
    long_text,
    short_text,
    title_field,
)
from participa.followup.services import (
    DISTRICT_MAX,
    MILESTONE_TITLE_MAX,
    TEXT_MAX,
    TITLE_MAX,
    status_labels,
)


class UpdateForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    status = SelectField(_l("Status"), validators=[DataRequired()])
    progress = IntegerField(
        _l("Progress (%)"), validators=[InputRequired(), NumberRange(min=0, max=100)],
        description=_l("From 0 to 100. A completed result is at 100."),
    )  # fmt: skip
    note = long_text(
        _l("Note"),
        TEXT_MAX,
        description=_l("What was done, what comes next. Shown in the public history (Markdown)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = list(status_labels().items())


class ResultForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    title = title_field(TITLE_MAX)
    description = long_text(
        _l("Description"), TEXT_MAX, description=_l("What will be done (Markdown).")
    )
    district = short_text(
        _l("District"),
        DISTRICT_MAX,
        description=_l("Optional: the neighbourhood or zone, as people call it."),
    )
    start_date = DateField(_l("Start date"), validators=[Optional()])
    end_date = DateField(_l("End date"), validators=[Optional()])
    amount = DecimalField(
        _l("Amount voted"), places=2, validators=[Optional(), NumberRange(min=0)],
        description=_l("The money citizens decided for it, in the municipality's currency."),
    )  # fmt: skip


class MilestoneForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    title = short_text(_l("Milestone"), MILESTONE_TITLE_MAX, required=True)
    due_date = DateField(_l("Due date"), validators=[Optional()])
    done_date = DateField(
        _l("Done on"), validators=[Optional()],
        description=_l("Leave empty until the milestone is reached."),
    )  # fmt: skip
