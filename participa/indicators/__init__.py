"""Public-innovation indicators: a versioned framework of 40 yes/no indicators, municipal
self-assessments with evidence and review, dashboards and peer learning.

``bp`` holds a municipality's pages (``/m/<municipality>/indicators``); ``network_bp`` the
platform-wide network dashboard, downloads, review queue and framework administration
(``/indicators``), registered together with ``bp``. ``flask indicators ...`` holds the commands.
"""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from participa.core import nav
from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("indicators", __name__, "/indicators")
network_bp = Blueprint(
    "indicators_network",
    __name__,
    url_prefix="/indicators",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)
bp.record_once(lambda state: state.app.register_blueprint(network_bp))
nav.add("municipality", "indicators.dashboard", _l("Indicators"), order=70)
nav.add("platform", "indicators_network.network", _l("Innovation indicators"), order=70)
nav.add(
    "platform", "indicators_network.review_queue", _l("Assessments to review"), order=80,
    action="indicators.review_queue",
)  # fmt: skip

from participa.indicators import cli, network_views, privacy, views  # noqa: E402,F401
