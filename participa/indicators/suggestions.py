"""Evidence the platform itself can show: its own consultations, crowdlaw drafts, OCDS releases
and open data. Each indicator names the kind of activity that proves it (``suggestion`` in the
framework file); the answer form proposes the link. Features that are not installed simply
suggest nothing, so every feature package is imported lazily."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select
from werkzeug.routing import BuildError

from participa.db import utcnow
from participa.extensions import db

logger = logging.getLogger(__name__)

WINDOW = timedelta(days=365)


@dataclass(frozen=True)
class Suggestion:
    label: str
    link: str  # a path on this platform, usable as the answer's evidence link


Provider = Callable[[Any, datetime], list[Suggestion]]


def _consultations(municipality: Any, now: datetime, *, phase: str | None) -> list[Suggestion]:
    try:
        from participa.consultations.models import Consultation, Phase
    except ImportError:
        return []
    query = (
        select(Consultation)
        .join(Phase, Phase.consultation_id == Consultation.id)
        .where(
            Consultation.municipality_id == municipality.id,
            Consultation.status != "draft",
            Phase.starts_at <= now,
            Phase.ends_at >= now - WINDOW,
        )
        .order_by(Consultation.published_at.desc())
        .distinct()
        .limit(3)
    )
    if phase:
        query = query.where(Phase.kind == phase)
    return [
        Suggestion(
            label=c.title,
            link=url_for(
                "consultations.detail", municipality=municipality.slug, consultation_id=c.id
            ),
        )
        for c in db.session.scalars(query)
    ]


def _probe(
    module: str, classes: Iterable[str], dates: Iterable[str], endpoint: str, label: Any
) -> Provider:
    """A provider for a feature that may not exist yet: the first model in ``classes`` with a
    municipality and one of the ``dates`` columns; any row dated in the last 12 months means
    the feature's ``endpoint`` page is evidence."""

    def provide(municipality: Any, now: datetime) -> list[Suggestion]:
        try:
            models = importlib.import_module(f"participa.{module}.models")
        except ImportError:
            return []
        for name in classes:
            model = getattr(models, name, None)
            column = next((getattr(model, d) for d in dates if hasattr(model, d)), None)
            if model is None or column is None or not hasattr(model, "municipality_id"):
                continue
            found = db.session.scalar(
                select(model.id)
                .where(model.municipality_id == municipality.id, column >= now - WINDOW)
                .limit(1)
            )
            if found is None:
                return []
            link = _link(endpoint, municipality)
            if link is None:
                return []
            return [Suggestion(label=str(label), link=link)]
        return []

    return provide


def _link(endpoint: str, municipality: Any, **values: Any) -> str | None:
    try:
        return url_for(endpoint, municipality=municipality.slug, **values)
    except BuildError:  # the feature renamed or dropped the page: suggest nothing
        return None


def _crowdlaw(municipality: Any, now: datetime, *, with_report: bool) -> list[Suggestion]:
    try:
        from participa.legislation.models import Draft
    except ImportError:
        return []
    query = select(Draft).where(Draft.municipality_id == municipality.id, Draft.status != "draft")
    if with_report:
        column = Draft.response_published_at
        endpoint = "legislation.report"
    else:
        column = Draft.published_at
        endpoint = "legislation.detail"
    query = query.where(column >= now - WINDOW).order_by(column.desc()).limit(3)
    found = []
    for draft in db.session.scalars(query):
        link = _link(endpoint, municipality, draft_id=draft.id)
        if link:
            found.append(Suggestion(label=draft.title, link=link))
    return found


def _ocds_releases(municipality: Any, now: datetime) -> list[Suggestion]:
    try:
        from participa.contracting.models import Release
    except ImportError:
        return []
    count = db.session.scalar(
        select(func.count(Release.id)).where(
            Release.municipality_id == municipality.id, Release.published_at >= now - WINDOW
        )
    )
    link = _link("contracting.list", municipality) if count else None
    if not link:
        return []
    label = ngettext("%(num)s OCDS release published on this platform in the last 12 months",
                     "%(num)s OCDS releases published on this platform in the last 12 months",
                     count)  # fmt: skip
    return [Suggestion(label=label, link=link)]


PROVIDERS: dict[str, Provider] = {
    "consultation_active": lambda m, now: _consultations(m, now, phase=None),
    "consultation_results": lambda m, now: _consultations(m, now, phase="results"),
    "crowdlaw_draft": lambda m, now: _crowdlaw(m, now, with_report=False),
    "crowdlaw_report": lambda m, now: _crowdlaw(m, now, with_report=True),
    "ocds_releases": _ocds_releases,
    # Open-data downloads are planned; this starts suggesting once the feature exists.
    "open_data": _probe(
        "opendata", ("Dataset",), ("updated_at",), "opendata.list",
        _l("Open data published on this platform"),
    ),
}  # fmt: skip


def suggest_evidence(
    municipality: Any, indicators: Iterable[Any], now: datetime | None = None
) -> dict[int, list[Suggestion]]:
    """Suggested evidence links for the indicators that platform activity can prove."""
    now = now or utcnow()
    cache: dict[str, list[Suggestion]] = {}
    found: dict[int, list[Suggestion]] = {}
    for indicator in indicators:
        key = indicator.suggestion
        if not key or key not in PROVIDERS:
            continue
        if key not in cache:
            try:
                # A savepoint, so that a failing query leaves the request's transaction usable.
                with db.session.begin_nested():
                    cache[key] = PROVIDERS[key](municipality, now)
            except Exception:  # a feature in flux must never break the assessment form
                logger.warning("evidence suggestions for %s failed", key, exc_info=True)
                cache[key] = []
        if cache[key]:
            found[indicator.id] = cache[key]
    return found
