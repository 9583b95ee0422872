"""What the network's results dashboard counts, gathered from the features' manifests.

A feature declares ``results`` in its :class:`~participa.core.features.Feature`: a callable
returning :class:`ResultCount` records for the whole network (officials trained, events held,
practices published, exchanges completed, challenges run...), one per measure, member and
month, from aggregate queries only (a constant number of queries). The dashboard adds them up
per member and over time; the core knows no feature.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class ResultCount:
    """How many of one measure a member achieved in one month."""

    measure: str  # stable code, e.g. "officials_trained"; never shown
    label: Any  # translated label of the measure (a lazy string), e.g. "Officials trained"
    municipality_id: int | None  # the member; None for what the network itself did
    month: date  # the first day of the month
    count: int
    order: int = 50  # where the measure comes on the dashboard
