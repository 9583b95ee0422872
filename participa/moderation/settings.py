"""How a municipality moderates: its thresholds and pre-moderation settings, and the reason
templates its moderators pick from."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from sqlalchemy import select

from participa.core import audit
from participa.core.errors import DomainError
from participa.extensions import db
from participa.moderation.models import ModerationSettings, ReasonTemplate

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)

SETTINGS_FIELDS = (
    "reports_to_hide", "premoderate_new_accounts_days", "premoderate_links",
    "new_account_days", "new_account_link_limit",
)  # fmt: skip


def settings_for(municipality_id: int) -> ModerationSettings:
    """Return the municipality's settings (unsaved defaults when it never changed them)."""
    found = db.session.scalars(
        select(ModerationSettings).where(ModerationSettings.municipality_id == municipality_id)
    ).first()
    if found is not None:
        return found
    return ModerationSettings(
        municipality_id=municipality_id,
        reports_to_hide=3,
        premoderate_new_accounts_days=0,
        premoderate_links=False,
        new_account_days=7,
        new_account_link_limit=2,
    )


def update_settings(
    municipality: Municipality, *, actor: User, data: dict[str, Any]
) -> ModerationSettings:
    """Change how the municipality moderates."""
    settings = settings_for(municipality.id)
    if settings.id is None:
        db.session.add(settings)
    changed = {}
    for name in SETTINGS_FIELDS:
        if name in data and getattr(settings, name) != data[name]:
            changed[name] = data[name]
            setattr(settings, name, data[name])
    if settings.reports_to_hide < 1:
        raise DomainError(_("At least one report is needed to hide content."), status=422)
    db.session.flush()
    audit.record(
        "moderation.settings",
        actor=actor,
        municipality=municipality,
        target=settings,
        changed=changed,
    )
    return settings


def save_reason_template(
    municipality: Municipality,
    *,
    actor: User,
    title: str,
    text: str,
    template: ReasonTemplate | None = None,
) -> ReasonTemplate:
    """Create or change a reason template."""
    if template is None:
        template = ReasonTemplate(municipality_id=municipality.id)
        db.session.add(template)
    template.title = title.strip()
    template.text = text.strip()
    db.session.flush()
    audit.record(
        "moderation.reason_template", actor=actor, municipality=municipality, target=template
    )
    return template


def delete_reason_template(
    template: ReasonTemplate, *, actor: User, municipality: Municipality
) -> None:
    """Delete a reason template (decisions keep their text)."""
    audit.record(
        "moderation.reason_template_deleted",
        actor=actor,
        municipality=municipality,
        target=template,
    )
    db.session.delete(template)
    db.session.flush()
