"""Consultations: participatory processes with a timeline of phases.

``bp`` holds a municipality's consultation pages; ``network_bp`` the platform-wide list of
consultations open now in every municipality.
"""

from flask import Blueprint

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("consultations", __name__, "/consultations")
network_bp = Blueprint(
    "network", __name__, url_prefix="/consultations", template_folder="templates"
)
