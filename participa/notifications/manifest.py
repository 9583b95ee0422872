"""What the notifications feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from participa.core.features import Feature
from participa.core.jobs import Job

# Imported for their routes, commands and declarations.
from participa.notifications import (  # noqa: F401
    bp,
    cli,
    policies,
    privacy,
    registrations,
    services,
    views,
)
from participa.notifications.digests import send_digests


def _send_digests() -> None:
    send_digests()


feature = Feature(
    name="notifications",
    blueprints=(bp,),
    policies=policies.rules,
    serves={"followable": services.register_followable},
    contributes=privacy.contributions | registrations.contributions,
    # Checked hourly; each person gets at most one digest a day (digests.DIGEST_MIN_INTERVAL).
    jobs=(Job("notifications.send_digests", _send_digests, every=3600, timeout=1800),),
    viewer={"notifications.unread": services.unread_question},
    member_kinds=None,  # no member pages: platform-wide only
)
