"""What the contracting feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.contracting import (  # noqa: F401 - routes, commands and declarations
    api,
    audit_labels,
    background,
    bp,
    cli,
    datasets,
    homes,
    links,
    policies,
    registrations,
    searchable,
    staff,
    views,
)
from participa.contracting.demo import load_demo
from participa.core.features import Feature
from participa.core.nav import NavItem
from participa.municipalities.models import MemberKind

feature = Feature(
    name="contracting",
    blueprints=(bp,),
    policies=policies.rules,
    nav=(NavItem("municipality", "contracting.list", _l("Open contracting"), order=60),),
    serves={"contracting_link_target": links.register_link_target},
    reset=links.reset,
    contributes=registrations.contributions | datasets.contributions | searchable.contributions,
    demo=load_demo,
    jobs=background.JOBS,
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    staff_tasks=homes.staff_tasks,
    member_kinds=frozenset({MemberKind.MUNICIPALITY}),
    linked={"contracting": links.links_probe},
)
