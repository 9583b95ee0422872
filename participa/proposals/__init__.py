"""Citizen proposals in consultations: submitting, supporting, answering, searching."""

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("proposals", __name__)
