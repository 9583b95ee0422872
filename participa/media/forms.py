"""The form attaching a document."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from participa.core.documents import document_limit
from participa.core.uploads import SizedFileField


class AttachmentForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    file = SizedFileField(
        _l("Document"),
        description=_l("A PDF, OpenDocument (odt, ods, odp) or Office (docx, xlsx, pptx) file."),
        max_bytes=document_limit,
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    language = SelectField(_l("Language of the document"), validators=[DataRequired()])
