"""What the moderation feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.core.features import Feature
from participa.core.nav import NavItem
from participa.moderation import (  # noqa: F401 - routes, commands and declarations
    audit_labels,
    bp,
    datasets,
    homes,
    policies,
    privacy,
    registry,
    rules,
    signals,
    views,
)

feature = Feature(
    name="moderation",
    blueprints=(bp,),
    policies=policies.rules,
    nav=(
        NavItem(
            "municipality",
            "moderation.queue",
            _l("Moderation"),
            order=80,
            action="moderation.moderate",
        ),
    ),
    serves={
        "reportable": registry.register_reportable,
        "visibility_changed": signals.visibility_changed.connect,
        "content_approved": signals.content_approved.connect,
    },
    contributes=privacy.contributions | datasets.contributions,
    viewer={"moderation.block": rules.block_question},
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    staff_tasks=homes.staff_tasks,
    member_kinds=None,  # every kind of member
)
