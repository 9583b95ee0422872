"""Citizen proposals in consultations: submitting, supporting, answering, searching."""

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("proposals", __name__)

from participa.proposals import privacy, registrations, search, views  # noqa: E402,F401
