"""Rows the results measures count: consultations held and self-assessments published, in
given months."""

from __future__ import annotations

from datetime import datetime

from participa.consultations.models import Consultation
from participa.extensions import db
from participa.indicators.models import Assessment, FrameworkVersion


def held(municipality, *when: datetime, status: str = "published") -> None:
    """A consultation of ``municipality`` published at each of ``when``."""
    for at in when:
        db.session.add(Consultation(municipality_id=municipality.id, title="Consulta",
                                    status=status, published_at=at))  # fmt: skip
    db.session.commit()


def validated(municipality, *when: datetime, status: str = "validated") -> None:
    """A self-assessment of ``municipality`` validated at each of ``when``."""
    version = db.session.query(FrameworkVersion).first()
    if version is None:
        version = FrameworkVersion(code="test")
        db.session.add(version)
        db.session.flush()
    taken = db.session.query(Assessment).filter_by(municipality_id=municipality.id).count()
    for index, at in enumerate(when, start=taken):
        db.session.add(Assessment(
            municipality_id=municipality.id, framework_version_id=version.id,
            period=f"{2000 + index}-S1", status=status, validated_at=at,
        ))  # fmt: skip
    db.session.commit()
