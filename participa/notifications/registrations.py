"""What notifications listen to in other features: residency decisions appear in the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import url_for
from flask_babel import gettext as _

from participa.core.features import Contributions
from participa.core.mail import url_context
from participa.notifications.services import notify

if TYPE_CHECKING:
    from participa.municipalities.models import Municipality, ResidencyRequest

contributions = Contributions()


def _residency_decided(
    request: ResidencyRequest, municipality: Municipality, decision: str
) -> None:
    # The municipality already e-mails the decision with its own wording: in the app only.
    messages = {
        "residency_approved": lambda: _(
            "%(name)s: your residency has been verified", name=municipality.name
        ),
        "residency_rejected": lambda: _(
            "%(name)s: your residency request was declined", name=municipality.name
        ),
        "residency_revoked": lambda: _(
            "%(name)s: your residency has been revoked", name=municipality.name
        ),
    }
    summary = messages.get(decision)
    if summary is None:
        return
    with url_context():
        url = url_for("municipalities.residency", municipality=municipality.slug)
    notify(
        [request.user_id],
        "residency_decision",
        target=request,
        url=url,
        summary=summary,
        actor_id=request.decided_by_id,
        municipality_id=municipality.id,
        email=False,
    )


contributions.add("residency_decided", _residency_decided)
