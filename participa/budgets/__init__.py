"""Participatory budgets: projects, votes within the money, and the funded list."""

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("budgets", __name__, "/budgets")
