"""Site-wide search: one index of what everyone may see, per municipality and network-wide.

``bp`` is a municipality's search page (``/m/<slug>/search``), ``network_bp`` the search across
the network (``/search``). Features make their content searchable through the ``searchable``
system (see :mod:`participa.search.registry`).
"""

from flask import Blueprint

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("search", __name__, "/search")
network_bp = Blueprint(
    "search_network", __name__, url_prefix="/search", template_folder="templates"
)
