"""The open-data catalogue as evidence for the open-data indicator (DIG-04): the platform
proves it when the municipality publishes datasets updated within the period."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask import url_for
from flask_babel import lazy_gettext as _l

from participa.core.features import Contributions
from participa.opendata import registry, services

if TYPE_CHECKING:
    from participa.core.features import Evidence
    from participa.municipalities.models import Municipality

contributions = Contributions()


def _catalogue_evidence(municipality: Municipality, now: datetime, since: datetime) -> Evidence:
    fresh = [
        facts
        for facts in (services.facts(d, municipality.id) for d in registry.datasets())
        if facts.rows and facts.last_modified is not None and since <= facts.last_modified <= now
    ]
    if not fresh:
        return []
    return [
        (_l("Open-data catalogue"), url_for("opendata.catalogue", municipality=municipality.slug))
    ]


contributions.add("indicator_evidence", "open_data", _catalogue_evidence)


def _api_evidence(municipality: Municipality, now: datetime, since: datetime) -> Evidence:
    # DIG-06: the data package is a documented machine interface (Frictionless Data Package,
    # every dataset as CSV and JSON) that another public body can read, once it holds data.
    published = any(services.facts(d, municipality.id).rows for d in registry.datasets())
    if not published:
        return []
    return [
        (
            _l("Data package of the open-data catalogue (machine-readable)"),
            url_for("opendata.datapackage", municipality=municipality.slug),
        )
    ]


contributions.add("indicator_evidence", "open_data_api", _api_evidence)
