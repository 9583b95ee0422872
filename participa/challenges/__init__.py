"""Open-innovation challenges and co-design labs: a member publishes a challenge with its rules
and partners, people and organisations submit solutions, staff shortlist them and report.

``bp`` holds a member's challenge pages; ``network_bp`` the list across the network.
"""

from flask import Blueprint

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("challenges", __name__, "/challenges")
network_bp = Blueprint(
    "challenges_network", __name__, url_prefix="/challenges", template_folder="templates"
)
