"""What the legislation feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.core.features import Feature
from participa.core.nav import NavItem
from participa.legislation import (  # noqa: F401 - routes, commands and declarations
    audit_labels,
    bp,
    datasets,
    homes,
    policies,
    privacy,
    registrations,
    results,
    searchable,
    views,
    views_report,
    views_staff,
)
from participa.legislation.consensus import REFRESH_JOB
from participa.legislation.demo import load_demo
from participa.municipalities.models import MemberKind

feature = Feature(
    name="legislation",
    blueprints=(bp,),
    policies=policies.rules,
    nav=(NavItem("municipality", "legislation.list", _l("Legislation"), order=20),),
    contributes=registrations.contributions
    | privacy.contributions
    | datasets.contributions
    | searchable.contributions,
    demo=load_demo,
    jobs=(REFRESH_JOB,),
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    open_now=homes.open_now,
    activity=homes.activity,
    staff_tasks=homes.staff_tasks,
    results=results.results,
    member_kinds=frozenset({MemberKind.MUNICIPALITY, MemberKind.LEGISLATURE}),
)
