"""What the open-data feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.core.features import Feature
from participa.core.nav import NavItem
from participa.opendata import (  # noqa: F401 - routes
    bp,
    network_bp,
    policies,
    prepared,
    registrations,
    registry,
    views,
)
from participa.opendata.api import api_v1

feature = Feature(
    name="opendata",
    blueprints=(bp, network_bp, api_v1),
    policies=policies.rules,
    nav=(
        NavItem("municipality", "opendata.catalogue", _l("Open data"), order=90),
        NavItem("platform", "opendata_network.network", _l("Open data"), order=90),
    ),
    serves={"dataset": registry.add_dataset},
    reset=registry.reset,
    contributes=registrations.contributions,
    jobs=prepared.JOBS,
    audit_labels={
        "opendata.settings_saved": _l("Open-data licence changed"),
        "opendata.export_retried": _l("Prepared download tried again"),
    },
    audit_targets={"prepared_files": _l("Prepared download")},
    member_kinds=None,  # every kind of member
)
