"""Questionnaires attached to a consultation phase: questions, one response per person, results."""

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("questionnaires", __name__, "/questionnaires")
