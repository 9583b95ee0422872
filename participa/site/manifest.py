"""What the site feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.core.features import Feature

# Imported for their routes, commands and declarations.
from participa.site import bp, policies, views  # noqa: F401
from participa.site.demo import load_demo

feature = Feature(
    name="site",
    blueprints=(bp,),
    policies=policies.rules,
    demo=load_demo,
    audit_targets={"legal_pages": _l("Legal page")},
    member_kinds=None,  # no member pages: platform-wide only
)
