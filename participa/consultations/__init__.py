"""Consultations: participatory processes with a timeline of phases.

``bp`` holds a municipality's consultation pages; ``network_bp`` the platform-wide list of
consultations open now in every municipality, registered together with ``bp``.
"""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from participa.core import nav
from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("consultations", __name__, "/consultations")
network_bp = Blueprint(
    "network", __name__, url_prefix="/consultations", template_folder="templates"
)
bp.record_once(lambda state: state.app.register_blueprint(network_bp))
nav.add("municipality", "consultations.list", _l("Consultations"), order=10, also=("proposals",))
nav.add("platform", "network.list", _l("Open consultations"), order=10)

from participa.consultations import registrations, views  # noqa: E402,F401
