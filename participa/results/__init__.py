"""The network's results dashboard: what every member (and the network itself) achieved, per
measure and month, gathered from the features' ``results`` hooks (core.results).

``bp`` holds the platform-wide dashboard and its CSV/JSON downloads (``/network/results``);
``member_bp`` a member's own results (``/m/<municipality>/results``), linked from its navigation.
The package lives apart from ``site`` because it reads the members (municipalities' models), which
the site feature need not know.
"""

from flask import Blueprint

from participa.core.tenancy import municipality_blueprint

bp = Blueprint("results", __name__, url_prefix="/network/results", template_folder="templates")
member_bp = municipality_blueprint("results_member", __name__, "/results")
