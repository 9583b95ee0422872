"""Citizen initiatives: petitions residents start, sign and that staff must answer."""

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("initiatives", __name__, "/initiatives")
