"""Make procurement processes commentable and followable (shared registries only), and offer
the published OCDS releases as evidence for indicators."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask import url_for
from flask_babel import ngettext
from sqlalchemy import Select, func, select

from participa.contracting import prefixes
from participa.contracting.models import PROCESS_KIND, ProcurementProcess, Release
from participa.core.authz import can
from participa.core.features import Contributions
from participa.extensions import db
from participa.indicators.services import latest_in_period

if TYPE_CHECKING:
    from participa.core.authz import Visitor
    from participa.core.features import Evidence
    from participa.municipalities.models import Municipality

contributions = Contributions()


def process_url(process: ProcurementProcess) -> str:
    return url_for(
        "contracting.detail", municipality=process.municipality.slug, process_id=process.id
    )


def _visible(user: Visitor, process: ProcurementProcess) -> bool:
    return process.is_published


def public_ids(municipality_id: int) -> Select[int]:
    """The published processes (as ``_visible`` rules)."""
    return select(ProcurementProcess.id).where(
        ProcurementProcess.municipality_id == municipality_id,
        ProcurementProcess.release_count > 0,
    )


# Citizens ask questions about a purchase once it is published.
contributions.add(
    "commentable",
    PROCESS_KIND,
    ProcurementProcess,
    url=process_url,
    is_open=lambda p: p.is_published,
    verified_only=lambda p: False,
    author_id=lambda p: None,
    visible=_visible,
    public_ids=public_ids,
)
contributions.add("followable", PROCESS_KIND, ProcurementProcess, url=process_url, visible=_visible)
contributions.add(
    "ocid_prefix_rules",
    locked=prefixes.prefix_locked,
    used_elsewhere=prefixes.prefix_used_elsewhere,
    follow=prefixes.follow_prefix,
)


def _releases_evidence(municipality: Municipality, now: datetime, since: datetime) -> Evidence:
    count = db.session.scalar(
        select(func.count(Release.id)).where(
            Release.municipality_id == municipality.id, Release.published_at >= since
        )
    )
    if not count:
        return []
    label = ngettext("%(num)s OCDS release published on this platform in the last 12 months",
                     "%(num)s OCDS releases published on this platform in the last 12 months",
                     count)  # fmt: skip
    return [(label, url_for("contracting.list", municipality=municipality.slug))]


contributions.add("indicator_evidence", "ocds_releases", _releases_evidence)


def _contracts_evidence(municipality: Municipality, now: datetime, since: datetime) -> Evidence:
    # TRA-08: contract pages published in the period that show the contracted amount (the
    # supplier and documents are on the same page, from the OCDS release).
    found = latest_in_period(
        ProcurementProcess,
        ProcurementProcess.last_published_at,
        municipality,
        now,
        since,
        ProcurementProcess.contracted_amount.is_not(None),
    )
    return [
        (p.title, url_for("contracting.detail", municipality=municipality.slug, process_id=p.id))
        for p in found
    ]


contributions.add("indicator_evidence", "contract_detail", _contracts_evidence)

# Tender documents staff attach to a process (see participa.media).
contributions.add(
    "attachable", PROCESS_KIND, ProcurementProcess, url=process_url,
    title=lambda p: p.title,
    visible=lambda user, p: p.is_published or can(user, "contracting.procurement", p),
    manage="contracting.procurement",
)  # fmt: skip
