"""Municipality spaces: public home, staff area, residency verification."""

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("municipalities", __name__)
