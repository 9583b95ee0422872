"""Ballots in a consultation's voting phase, kept secret in ballot boxes that budgets share."""

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("voting", __name__, "/ballots")
