"""The network's learning space: exchanges by topic, where a member offers or asks for help on a
practice and other members' staff join, talk, share documents and record the outcome.

``bp`` holds a member's exchange pages (``/m/<municipality>/learning``); ``network_bp`` the
learning space across the network (``/learning``); ``legacy_bp`` and ``legacy_network_bp``
answer the indicator exchanges' former addresses with a permanent redirect.
"""

from flask import Blueprint

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("learning", __name__, "/learning")
network_bp = Blueprint(
    "learning_network", __name__, url_prefix="/learning", template_folder="templates"
)
legacy_bp = municipality_blueprint("learning_legacy", __name__, "/indicators/exchanges")
legacy_network_bp = Blueprint(
    "learning_legacy_network", __name__, url_prefix="/indicators/exchanges"
)
