"""Open data: each municipality's catalogue of datasets, their downloads and schemas, and the
network's machine-readable catalogues (DCAT-AP, data.json) for national portals."""

from flask import Blueprint

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("opendata", __name__, "/datos")
network_bp = Blueprint("opendata_network", __name__, template_folder="templates")
