"""What the indicators feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.core.features import Feature
from participa.core.nav import NavItem
from participa.indicators import (  # noqa: F401 - routes, commands and declarations
    archive,
    audit_labels,
    bp,
    cli,
    datasets,
    homes,
    network_bp,
    network_views,
    policies,
    privacy,
    results,
    suggestions,
    views,
)
from participa.indicators.demo import load_demo
from participa.municipalities.models import MemberKind

feature = Feature(
    name="indicators",
    blueprints=(
        bp,
        network_bp,
    ),
    policies=policies.rules,
    jobs=(archive.ARCHIVE_JOB,),
    viewer={"indicators.reviewer": policies.reviewer_question},
    nav=(
        NavItem("municipality", "indicators.dashboard", _l("Indicators"), order=70),
        NavItem("platform", "indicators_network.network", _l("Innovation indicators"), order=70),
        NavItem(
            "platform",
            "indicators_network.review_queue",
            _l("Assessments to review"),
            order=80,
            action="indicators.review_queue",
        ),
    ),
    serves={
        "indicator_evidence": suggestions.add_evidence_provider,
    },
    reset=suggestions.reset,
    contributes=privacy.contributions | datasets.contributions,
    demo=load_demo,
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    staff_tasks=homes.staff_tasks,
    results=results.results,
    member_kinds=frozenset({MemberKind.MUNICIPALITY, MemberKind.LEGISLATURE}),
)
