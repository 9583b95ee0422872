"""Forms of the district pages: shape only (services.parse_boundary checks the GeoJSON)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from participa.places.services import BOUNDARY_MAX_BYTES, NAME_MAX


class DistrictForm(FlaskForm):  # type: ignore[misc]  # flask_wtf ships no type information
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=NAME_MAX)])
    boundary = TextAreaField(
        _l("Boundary (GeoJSON)"),
        validators=[Length(max=BOUNDARY_MAX_BYTES)],
        description=_l(
            "Optional. A GeoJSON Polygon or MultiPolygon in longitude, latitude (WGS 84), "
            "for example exported from a GIS."
        ),
    )


class GeocodeForm(FlaskForm):  # type: ignore[misc]
    class Meta:
        csrf = False  # a search (GET), it changes nothing

    q = StringField(_l("Address"), validators=[DataRequired(), Length(max=200)])
