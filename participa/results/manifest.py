"""What the results dashboard contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.core.features import Feature
from participa.core.nav import NavItem
from participa.results import bp, member_bp, views  # noqa: F401 - routes

feature = Feature(
    name="results",
    blueprints=(bp, member_bp),
    nav=(
        NavItem("platform", "results.dashboard", _l("Network results"), order=75),
        NavItem("municipality", "results_member.dashboard", _l("Results dashboard"), order=95),
    ),
    member_kinds=None,  # every kind of member has its results page
)
