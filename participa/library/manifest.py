"""What the library feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.core.features import Feature
from participa.core.nav import NavItem
from participa.library import (  # noqa: F401 - routes and declarations
    bp,
    datasets,
    network_bp,
    policies,
    registrations,
    views,
)
from participa.library.demo import load_demo

feature = Feature(
    name="library",
    blueprints=(bp, network_bp),
    policies=policies.rules,
    nav=(
        NavItem("municipality", "library.list", _l("Library"), order=75),
        NavItem("platform", "library_network.list", _l("Library of practices"), order=65),
    ),
    contributes=registrations.contributions | datasets.contributions,
    demo=load_demo,
    audit_labels={
        "library.create": _l("Library entry created"),
        "library.edit": _l("Library entry edited"),
        "library.publish": _l("Library entry published"),
        "library.unpublish": _l("Library entry unpublished"),
    },
    audit_targets={"library_entries": _l("Library entry")},
    activity=registrations.activity,
    results=registrations.results,
    # Every kind of member publishes what it learned: municipalities, legislatures, associations.
    member_kinds=None,
)
