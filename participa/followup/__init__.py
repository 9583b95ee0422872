"""Follow-up (accountability): what happened to each accepted proposal and funded project.

``bp`` holds a municipality's follow-up pages; ``network_bp`` the list across the network.
"""

from flask import Blueprint

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("followup", __name__, "/follow-up")
network_bp = Blueprint(
    "followup_network", __name__, url_prefix="/follow-up", template_folder="templates"
)
