"""Make procurement processes commentable and followable (shared registries only)."""

from __future__ import annotations

from typing import Any

from flask import url_for

from participa.contracting import prefixes
from participa.contracting.models import ProcurementProcess
from participa.core.features import Contributions

contributions = Contributions()


def process_url(process: ProcurementProcess) -> str:
    return url_for(
        "contracting.detail", municipality=process.municipality.slug, process_id=process.id
    )


def _visible(user: Any, process: ProcurementProcess) -> bool:
    return process.is_published


# Citizens ask questions about a purchase once it is published.
contributions.add(
    "commentable",
    "procurement_process",
    ProcurementProcess,
    url=process_url,
    is_open=lambda p: p.is_published,
    verified_only=lambda p: False,
    author_id=lambda p: None,
)
contributions.add(
    "followable", "procurement_process", ProcurementProcess, url=process_url, visible=_visible
)
contributions.add(
    "ocid_prefix_rules",
    locked=prefixes.prefix_locked,
    used_elsewhere=prefixes.prefix_used_elsewhere,
    follow=prefixes.follow_prefix,
)
