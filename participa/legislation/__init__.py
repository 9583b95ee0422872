"""Collaborative legislation: drafts voted, commented and amended article by article."""

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("legislation", __name__, "/legislation")
