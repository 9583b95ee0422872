"""Staff forms for follow-up results: shape only, no database writes."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from participa.core.fields import DecimalField, IntegerField
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
    note = TextAreaField(
        _l("Note"), validators=[Optional(), Length(max=TEXT_MAX)],
        description=_l("What was done, what comes next. Shown in the public history (Markdown)."),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = list(status_labels().items())


class ResultForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    description = TextAreaField(
        _l("Description"), validators=[Optional(), Length(max=TEXT_MAX)],
        description=_l("What will be done (Markdown)."),
    )  # fmt: skip
    district = StringField(
        _l("District"), validators=[Optional(), Length(max=DISTRICT_MAX)],
        description=_l("Optional: the neighbourhood or zone, as people call it."),
    )  # fmt: skip
    start_date = DateField(_l("Start date"), validators=[Optional()])
    end_date = DateField(_l("End date"), validators=[Optional()])
    amount = DecimalField(
        _l("Amount voted"), places=2, validators=[Optional(), NumberRange(min=0)],
        description=_l("The money citizens decided for it, in the municipality's currency."),
    )  # fmt: skip


class MilestoneForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    title = StringField(
        _l("Milestone"), validators=[DataRequired(), Length(max=MILESTONE_TITLE_MAX)]
    )
    due_date = DateField(_l("Due date"), validators=[Optional()])
    done_date = DateField(
        _l("Done on"), validators=[Optional()],
        description=_l("Leave empty until the milestone is reached."),
    )  # fmt: skip
