"""A person's roles, residency requests and census claims: in their data export, on their
account page, and what deleting the account does to them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as pgettext  # extracted as pgettext
from sqlalchemy import select, update

from participa.accounts.models import User
from participa.core.downloads import json_time
from participa.core.features import Contributions
from participa.extensions import db
from participa.municipalities.models import CensusEntry, Membership, Municipality, ResidencyRequest

if TYPE_CHECKING:
    from sqlalchemy import Row

ROLE_NAMES = {
    "admin": _l("Administrator"),
    "moderator": _l("Moderator"),
    "resident": _l("Verified resident"),
}
# The same labels as the municipality's residency pages ("approved" reads "Verified" there too).
STATUS_NAMES = {
    "pending": pgettext("residency status", "Pending"),
    "approved": pgettext("residency status", "Verified"),
    "rejected": pgettext("residency status", "Rejected"),
}


def memberships_of(user: User) -> list[tuple[Municipality, list[str]]]:
    """The municipalities where the person holds roles, with those roles."""
    rows = db.session.execute(
        select(Municipality, Membership.role)
        .join(Membership, Membership.municipality_id == Municipality.id)
        .where(Membership.user_id == user.id)
        .order_by(Municipality.name, Membership.role)
    ).all()
    grouped: dict[int, tuple[Municipality, list[str]]] = {}
    for municipality, role in rows:
        grouped.setdefault(municipality.id, (municipality, []))[1].append(role)
    return list(grouped.values())


def residency_requests_of(user: User) -> list[Row[ResidencyRequest, Municipality]]:
    """The person's residency requests, each with its municipality, newest first."""
    return list(
        db.session.execute(
            select(ResidencyRequest, Municipality)
            .join(Municipality, Municipality.id == ResidencyRequest.municipality_id)
            .where(ResidencyRequest.user_id == user.id)
            .order_by(ResidencyRequest.created_at.desc())
        ).all()
    )


def _export_memberships(user: User) -> list[dict[str, Any]]:
    return [
        {"municipality": municipality.slug, "municipality_name": municipality.name, "roles": roles}
        for municipality, roles in memberships_of(user)
    ]


def _export_residency_requests(user: User) -> list[dict[str, Any]]:
    return [
        {
            "municipality": municipality.slug,
            "status": request.status,
            "method": request.method,
            "note": request.note,
            "decision_reason": request.decision_reason,
            "decided_at": json_time(request.decided_at),
            "created_at": json_time(request.created_at),
        }
        for request, municipality in residency_requests_of(user)
    ]


def _export_census_claims(user: User) -> list[dict[str, Any]]:
    # The entry holds only a keyed hash of the document number: the claim is what is theirs.
    rows = db.session.execute(
        select(Municipality.slug, CensusEntry.claimed_at)
        .join(Municipality, Municipality.id == CensusEntry.municipality_id)
        .where(CensusEntry.claimed_by_id == user.id)
        .order_by(CensusEntry.id)
    )
    return [
        {"municipality": slug, "claimed_at": json_time(claimed_at)} for slug, claimed_at in rows
    ]


def _free_census_claims(user: User) -> None:
    # As when a residency is revoked: the entry is freed for its real owner's next account.
    db.session.execute(
        update(CensusEntry)
        .where(CensusEntry.claimed_by_id == user.id)
        .values(claimed_by_id=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )


def _account_section(user: User) -> dict[str, Any]:
    return {
        "memberships": memberships_of(user),
        "residency_requests": residency_requests_of(user),
        "role_names": ROLE_NAMES,
        "status_names": STATUS_NAMES,
    }


contributions = Contributions()
contributions.add("personal_data_export", "memberships", _export_memberships)
contributions.add("personal_data_cover", Membership, "user_id", "delete")
contributions.add("personal_data_export", "residency_requests", _export_residency_requests)
contributions.add("personal_data_cover", ResidencyRequest, "user_id", "delete")
contributions.add("personal_data_export", "census_claims", _export_census_claims)
contributions.add(
    "personal_data_cover", CensusEntry, "claimed_by_id", "unlink", erase=_free_census_claims
)
contributions.add(
    "account_section",
    "municipalities",
    template="municipalities/_account_section.html",
    load=_account_section,
)
