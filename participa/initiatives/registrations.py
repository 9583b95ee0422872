"""What initiatives contribute: followable, PAR-06 evidence, the network's results."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask import url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.core.features import Contributions
from participa.core.i18n import local_date
from participa.core.results import ResultCount, counted_monthly
from participa.extensions import db
from participa.initiatives.models import Initiative, InitiativeState
from participa.initiatives.services import initiative_path, rules_of

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.core.features import Evidence
    from participa.municipalities.models import Municipality

contributions = Contributions()


def _visible(user: Visitor, initiative: Initiative) -> bool:
    from participa.initiatives.policies import can_view

    return can_view(user, initiative)


contributions.add("followable", "initiative", Initiative, url=initiative_path, visible=_visible)


def _evidence(municipality: Municipality, now: datetime, since: datetime) -> Evidence:
    # PAR-06: the published rules (threshold and deadline), and initiatives answered lately.
    found: list[tuple[str, str]] = []
    rules = rules_of(municipality)
    if rules.enabled:
        found.append((
            _("Published rules for citizen initiatives (signature threshold: %(count)s; days "
              "to answer: %(days)s)", count=format_decimal(rules.signature_threshold),
              days=format_decimal(rules.answer_days)),
            url_for("initiatives.rules", municipality=municipality.slug),
        ))  # fmt: skip
    answered = db.session.execute(
        select(Initiative.id, Initiative.title, Initiative.answered_at)
        .where(
            Initiative.municipality_id == municipality.id,
            Initiative.state == InitiativeState.ANSWERED,
            Initiative.answered_at >= since,
            Initiative.answered_at <= now,
        )
        .order_by(Initiative.answered_at.desc())
        .limit(3)
    ).all()
    for initiative_id, title, answered_at in answered:
        found.append((
            _("Initiative answered on %(date)s: %(title)s",
              date=local_date(answered_at, zone=municipality), title=title),
            url_for("initiatives.detail", municipality=municipality.slug,
                    initiative_id=initiative_id),
        ))  # fmt: skip
    return found


contributions.add("indicator_evidence", "initiatives", _evidence)


ANSWERED_LABEL = _l("Initiatives answered")


def results() -> list[ResultCount]:
    """Initiatives answered, per member and month (one aggregate query)."""
    answered = Initiative.state == InitiativeState.ANSWERED
    return counted_monthly(
        Initiative, Initiative.answered_at, answered, "initiatives_answered", ANSWERED_LABEL, 60
    )
