"""Make consultations followable and commentable (registries only; no database access)."""

from __future__ import annotations

from flask import url_for

from participa.consultations.models import Consultation, Participation
from participa.core.features import Contributions

contributions = Contributions()


def consultation_url(consultation: Consultation) -> str:
    return url_for(
        "consultations.detail",
        municipality=consultation.municipality.slug,
        consultation_id=consultation.id,
    )


def _visible(user, consultation: Consultation) -> bool:
    from participa.consultations.policies import can_view

    return can_view(user, consultation)


contributions.add(
    "followable", "consultation", Consultation, url=consultation_url, visible=_visible
)
contributions.add(
    "commentable",
    "consultation",
    Consultation,
    url=consultation_url,
    is_open=lambda c: c.comments_enabled and c.is_published,
    verified_only=lambda c: c.participation == Participation.VERIFIED,
    author_id=lambda c: None,
)
