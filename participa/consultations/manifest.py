"""What the consultations feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.consultations import (  # noqa: F401 - routes, commands and declarations
    audit_labels,
    bp,
    datasets,
    homes,
    hooks,
    network_bp,
    policies,
    registrations,
    results,
    searchable,
    services,
    views,
)
from participa.consultations.demo import load_demo
from participa.core.features import Feature
from participa.core.nav import NavItem
from participa.municipalities.models import MemberKind

feature = Feature(
    name="consultations",
    blueprints=(
        bp,
        network_bp,
    ),
    policies=policies.rules,
    viewer={"consultations.administers": services.administers_question},
    nav=(
        NavItem(
            "municipality", "consultations.list", _l("Consultations"), order=10, also=("proposals",)
        ),
        NavItem("platform", "network.list", _l("Open consultations"), order=10),
    ),
    serves={
        "consultation_detail": hooks.add_detail_context,
        "consultation_section": hooks.add_section,
        "consultation_questions": hooks.add_questions,
        "support_threshold_changed": hooks.add_threshold_listener,
    },
    reset=hooks.reset,
    contributes=registrations.contributions | datasets.contributions | searchable.contributions,
    demo=load_demo,
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    open_now=homes.open_now,
    staff_tasks=homes.staff_tasks,
    results=results.results,
    member_kinds=frozenset({MemberKind.MUNICIPALITY, MemberKind.LEGISLATURE}),
)
