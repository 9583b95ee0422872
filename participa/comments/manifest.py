"""What the comments feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Imported for their routes, commands and declarations.
from participa.comments import bp, datasets, hooks, policies, privacy, registry, searchable, views  # noqa: F401
from participa.comments.demo import load_demo
from participa.core.features import Feature

feature = Feature(
    name="comments",
    blueprints=(bp,),
    policies=policies.rules,
    serves={"commentable": registry.register_commentable},
    contributes=hooks.contributions
    | privacy.contributions
    | datasets.contributions
    | searchable.contributions,
    demo=load_demo,
    audit_targets={"comments": _l("Comment")},
    member_kinds=None,  # every kind of member
)
