"""Moderation: reports, hiding, appeals, blocks and pre-moderation, for every reportable kind."""

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("moderation", __name__, "/moderation")
