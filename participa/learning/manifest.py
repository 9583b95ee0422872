"""What the learning space contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.core.features import Feature
from participa.core.nav import NavItem
from participa.learning import (  # noqa: F401 - routes and declarations
    audit_labels,
    bp,
    legacy_bp,
    legacy_network_bp,
    network_bp,
    policies,
    registrations,
    services,
    views,
)
from participa.learning.demo import load_demo

feature = Feature(
    name="learning",
    blueprints=(bp, network_bp, legacy_bp, legacy_network_bp),
    policies=policies.rules,
    nav=(
        NavItem("municipality", "learning.member", _l("Exchanges"), order=72),
        NavItem("platform", "learning_network.index", _l("Learning space"), order=72),
    ),
    contributes=registrations.contributions,
    demo=load_demo,
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    results=services.results,
    member_kinds=None,  # every kind: associations above all run exchanges for their members
)
