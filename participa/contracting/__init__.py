"""Open contracting: procurement processes published as OCDS 1.1 releases, records and packages."""

from flask_babel import lazy_gettext as _l

from participa.core import nav
from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("contracting", __name__, "/contracting")
nav.add("municipality", "contracting.list", _l("Open contracting"), order=60)

from participa.contracting import api, cli, registrations, staff, views  # noqa: E402,F401
