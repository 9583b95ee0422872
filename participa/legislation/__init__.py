"""Collaborative legislation: drafts voted, commented and amended article by article."""

from flask_babel import lazy_gettext as _l

from participa.core import nav
from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("legislation", __name__, "/legislation")
nav.add("municipality", "legislation.list", _l("Legislation"), order=20)

from participa.legislation import privacy, registrations, views  # noqa: E402,F401
