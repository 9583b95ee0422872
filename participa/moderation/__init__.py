"""Moderation: reports, hiding, appeals, blocks and pre-moderation, for every reportable kind."""

from flask_babel import lazy_gettext as _l

from participa.core import nav
from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("moderation", __name__, "/moderation")
nav.add(
    "municipality", "moderation.queue", _l("Moderation"), order=80, action="moderation.moderate"
)

from participa.moderation import privacy, views  # noqa: E402,F401
