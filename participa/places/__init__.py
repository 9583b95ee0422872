"""Places: a municipality's districts, where proposals and projects are, and the maps."""

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("places", __name__, "/places")
