"""What the accounts feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Imported for their routes, commands and declarations.
from participa.accounts import (  # noqa: F401
    bp,
    personal_export,
    policies,
    privacy,
    sections,
    views,
)
from participa.core.features import Feature

feature = Feature(
    name="accounts",
    blueprints=(bp,),
    policies=policies.rules,
    serves={
        "personal_data_export": privacy.register_export,
        "personal_data_erasure": privacy.register_erasure,
        "personal_data_rows": privacy.register_rows,
        "personal_data_cover": privacy.cover,
        "account_section": sections.register_account_section,
        "personal_export_ready": privacy.register_ready,
    },
    reset=privacy.reset,
    contributes=privacy.contributions | personal_export.contributions,
    jobs=personal_export.JOBS,
    audit_targets={"users": _l("Person")},
    member_kinds=None,  # no member pages: platform-wide only
)
