"""Open contracting: procurement processes published as OCDS 1.1 releases, records and packages."""

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("contracting", __name__, "/contracting")
