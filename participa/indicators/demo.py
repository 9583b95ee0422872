"""Demo indicators: the 2026 framework, two validated periods and one draft per demo
municipality and a reviewer. Deterministic: the same data on every load."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from participa.extensions import db
from participa.indicators.framework import load_framework, read_framework_file
from participa.indicators.models import (
    Answer,
    Assessment,
    FrameworkVersion,
    Indicator,
    PlatformReviewer,
)
from participa.indicators.services import period_end

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality

# slug -> (staff e-mail, share of indicators met in the first period)
MUNICIPALITIES = {
    "bahia-blanca": ("laura.staff@bahiablanca.demo", 0.55),
    "la-paz": ("carla.staff@lapaz.demo", 0.5),
    "envigado": ("andres.staff@envigado.demo", 0.45),
    "valparaiso": ("camila.staff@valparaiso.demo", 0.4),
}
# (period, status, extra share met, answered share, validation date)
PERIODS = [
    ("2025-S1", "validated", 0.0, 1.0, datetime(2025, 8, 14, 15, 0, tzinfo=UTC)),
    ("2025-S2", "validated", 0.12, 1.0, datetime(2026, 2, 12, 15, 0, tzinfo=UTC)),
    ("2026-S1", "draft", 0.2, 0.5, None),
]
REVIEWER_EMAIL = "emily@visitors.demo"
ADMIN_EMAIL = "admin@participa.demo"


def load_demo(context: dict[str, Any]) -> None:
    """Load the framework and each demo municipality's assessments."""
    users = context.get("users", {})
    admin = users.get(ADMIN_EMAIL)
    version = load_framework(read_framework_file(), actor=admin, make_current=True)
    indicators = list(
        db.session.scalars(select(Indicator).where(Indicator.version_id == version.id))
    )
    if REVIEWER_EMAIL in users:
        db.session.add(PlatformReviewer(user_id=users[REVIEWER_EMAIL].id, appointed_by_id=admin.id))
    municipalities = context.get("municipalities", {})
    for slug, (staff_email, level) in MUNICIPALITIES.items():
        municipality = municipalities.get(slug)
        if municipality is None:
            continue
        staff = users.get(staff_email)
        for period, status, extra, answered, validated_at in PERIODS:
            _assessment(municipality, version, indicators, staff, admin, period, status,
                        level + extra, answered, validated_at)  # fmt: skip
    db.session.flush()


def _assessment(municipality: Municipality, version: FrameworkVersion, indicators: list[Indicator],
                staff: User | None, reviewer: User, period: str, status: str, level: float,
                answered: float, validated_at: datetime | None) -> None:  # fmt: skip
    validated = status == "validated"
    assessment = Assessment(
        municipality_id=municipality.id,
        framework_version_id=version.id,
        period=period,
        status=status,
        created_by_id=getattr(staff, "id", None),
        submitted_at=validated_at,
        validated_at=validated_at,
        validated_by_id=reviewer.id if validated and reviewer else None,
        cutoff_date=period_end(period),
    )
    for indicator in indicators:
        # One draw per municipality and indicator: later periods only add indicators met.
        draw = random.Random(f"{municipality.slug}:{indicator.code}").random()
        is_answered = validated or draw < answered or indicator.position <= 5
        value = (draw < level) if is_answered else None
        assessment.answers.append(
            Answer(
                indicator_id=indicator.id,
                value=value,
                evidence_url=(f"https://{municipality.slug}.demo/evidencia/{indicator.code.lower()}"
                              if value else None),
                note=None if value is not False else "Pendiente para el próximo período.",
                answered_by_id=getattr(staff, "id", None),
                review_status="accepted" if validated else "pending",
                validated_value=value if validated else None,
                reviewed_by_id=reviewer.id if validated and reviewer else None,
                reviewed_at=validated_at,
            )
        )  # fmt: skip
    db.session.add(assessment)
