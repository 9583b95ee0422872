"""Public-innovation indicators: a versioned framework of 40 yes/no indicators, municipal
self-assessments with evidence and review, dashboards and peer learning.

``bp`` holds a municipality's pages (``/m/<municipality>/indicators``); ``network_bp`` the
platform-wide network dashboard, downloads, review queue and framework administration
(``/indicators``). ``flask indicators ...`` holds the commands.
"""

from flask import Blueprint

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
