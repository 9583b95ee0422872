"""The network's library: practices, guides, toolkits and reports that members publish.

``bp`` holds a member's library pages (``/m/<member>/library``); ``network_bp`` the library of
the whole network, searchable and filtered, and the entries the network itself publishes.
"""

from flask import Blueprint

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("library", __name__, "/library")
network_bp = Blueprint(
    "library_network", __name__, url_prefix="/library", template_folder="templates"
)
