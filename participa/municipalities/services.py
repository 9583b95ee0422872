"""Municipalities, staff memberships and residency verification: the rules."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import bindparam, case, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import QueryableAttribute

from participa.accounts.models import User
from participa.core import audit
from participa.core.authz import forget_roles, is_authenticated
from participa.core.errors import DomainError
from participa.core.mail import send_mail
from participa.core.uploads import save_image
from participa.core.values import is_web_url, timezones
from participa.core.viewer import fact
from participa.db import utcnow
from participa.extensions import db
from participa.municipalities import census, hooks

# Part of this module's interface: re-exported (``as``) for the views.
from participa.municipalities.census import CensusReport as CensusReport
from participa.municipalities.census import census_count as census_count
from participa.municipalities.census import census_hash as census_hash
from participa.municipalities.census import load_census as load_census
from participa.municipalities.census import normalise_document as normalise_document
from participa.municipalities.models import (
    CensusEntry,
    Membership,
    Municipality,
    ResidencyRequest,
    Role,
    VerificationStatus,
)
from participa.municipalities.validation import OCID_PREFIX_RE, is_valid_accent

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy import ColumnElement, ScalarSelect, Select
    from werkzeug.datastructures import FileStorage

    from participa.core.authz import Visitor

logger = logging.getLogger(__name__)

Q = TypeVar("Q")  # a SELECT of any columns, returned with its own type

STAFF_ROLES = (Role.ADMIN, Role.MODERATOR)
SETTINGS_FIELDS = (
    "name", "region", "population", "description", "default_locale", "timezone", "accent_color",
    "contact_email", "contact_phone", "website", "address", "ocid_prefix",
)  # fmt: skip


def roles_question(
    user_id: int | ColumnElement[int],
    municipality_id: int | ColumnElement[int] | None,
    _now: datetime | ColumnElement[datetime],
) -> ScalarSelect[str]:
    """The roles the person holds in the member, joined by commas (core.viewer)."""
    return (
        select(func.aggregate_strings(Membership.role, ","))
        .where(Membership.user_id == user_id, Membership.municipality_id == municipality_id)
        .scalar_subquery()
    )


def roles_of(user: User, municipality_id: int) -> set[str]:
    """The roles ``user`` holds in one municipality."""
    held = fact("municipalities.roles", roles_question, user.id, municipality_id)
    return set(held.split(",")) if held else set()


# Built once: every request under /m/<slug> runs it, and building it cost as much as running it.
_BY_SLUG = select(Municipality).where(Municipality.slug == bindparam("slug"))


def municipality_by_slug(slug: str) -> Municipality | None:
    """The municipality whose URL name is ``slug`` (archived ones included), or None."""
    return db.session.scalars(_BY_SLUG, {"slug": slug}).first()


def of_live_members(query: Q, member: QueryableAttribute[int], municipality_id: int | None) -> Q:
    """``query`` joined to the member its ``member`` column names and kept to members that are
    not archived (what the homes and public lists show), and to ``municipality_id`` alone unless
    it is None (the whole network)."""
    found: Any = query
    found = found.join(Municipality, Municipality.id == member).where(
        Municipality.archived_at.is_(None)
    )
    if municipality_id is not None:
        found = found.where(member == municipality_id)
    return cast(Q, found)


def _forget_roles(user_id: int, municipality_id: int) -> None:
    # core.authz caches roles per request; a role changed now must count now.
    forget_roles(user_id, municipality_id)


def find_user_by_email(email: str) -> User | None:
    """The live account with this e-mail (stored lower-cased), or None."""
    email = (email or "").strip().lower()
    if not email:
        return None
    return db.session.scalars(
        select(User).where(User.email == email, User.deleted_at.is_(None))
    ).first()


# Settings ---------------------------------------------------------------------------------------


def update_settings(
    municipality: Municipality,
    *,
    actor: User,
    data: dict[str, Any],
    logo: FileStorage | None = None,
) -> Municipality:
    """Change a municipality's public settings; slug and country stay with the platform admin."""
    _check_settings(data)
    _check_ocid_prefix(municipality, data)
    if logo is not None and getattr(logo, "filename", None):
        # First, so that a refused image leaves every other setting untouched.
        municipality.logo = save_image(logo, municipality=municipality, uploader=actor)
    elif data.get("remove_logo"):
        municipality.logo = None
    changed = []
    for name in SETTINGS_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, str):
            value = value.strip() or None
        if name in ("name", "default_locale", "timezone", "accent_color") and value is None:
            continue
        if name == "accent_color":
            value = value.lower()
        if getattr(municipality, name) != value:
            setattr(municipality, name, value)
            changed.append(name)
    prefix = municipality.ocid_prefix
    try:
        if "ocid_prefix" in changed:
            _follow_prefix(municipality)
        db.session.flush()
    except IntegrityError:
        # Another municipality took the same prefix at the same moment: the unique index says no.
        raise SettingError(_prefix_taken_message(prefix), "ocid_prefix") from None
    audit.record(
        "municipalities.update_settings",
        actor=actor,
        municipality=municipality,
        target=municipality,
        fields=changed,
        logo=bool(logo is not None and getattr(logo, "filename", None)),
    )
    return municipality


class SettingError(DomainError):
    """A setting was refused; ``field`` names the form field the message belongs to."""

    status = 422

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def _prefix_taken_message(prefix: str | None) -> str:
    return str(
        _(
            "Another municipality already uses the OCDS prefix %(prefix)s. Each municipality "
            "needs its own prefix, registered with the Open Contracting Partnership.",
            prefix=prefix,
        )
    )


# The feature that publishes under the OCDS prefix (open contracting) says, through its
# manifest, whether a prefix is locked or used, and follows a change.
_prefix_rules: dict[str, Callable[..., Any]] = {}


def set_ocid_prefix_rules(
    *,
    locked: Callable[[Municipality], bool],
    used_elsewhere: Callable[[Municipality, str], bool],
    follow: Callable[[Municipality, str | None], Any],
) -> None:
    """Declare who decides about OCDS prefixes (served to manifests as "ocid_prefix_rules")."""
    _prefix_rules.update(locked=locked, used_elsewhere=used_elsewhere, follow=follow)


def ocid_prefix_locked(municipality: Municipality) -> bool:
    """Whether procurement data was published under the prefix, which then never changes."""
    locked = _prefix_rules.get("locked")
    return bool(municipality.ocid_prefix) and locked is not None and bool(locked(municipality))


def _check_ocid_prefix(municipality: Municipality, data: dict[str, Any]) -> None:
    if "ocid_prefix" not in data:
        return
    prefix = (data["ocid_prefix"] or "").strip() or None
    if prefix == municipality.ocid_prefix:
        return
    if ocid_prefix_locked(municipality):
        raise SettingError(
            _(
                "The OCDS prefix %(prefix)s cannot be changed: releases have already been "
                "published under it, and a published ocid never changes.",
                prefix=municipality.ocid_prefix,
            ),
            "ocid_prefix",
        )
    if prefix is None:
        return
    taken = select(Municipality.id).where(
        Municipality.ocid_prefix == prefix, Municipality.id != municipality.id
    )
    if db.session.scalar(taken) is not None or _prefix_in_other_ocids(municipality, prefix):
        raise SettingError(_prefix_taken_message(prefix), "ocid_prefix")


def _prefix_in_other_ocids(municipality: Municipality, prefix: str) -> bool:
    used_elsewhere = _prefix_rules.get("used_elsewhere")
    return used_elsewhere is not None and bool(used_elsewhere(municipality, prefix))


def _follow_prefix(municipality: Municipality) -> None:
    follow = _prefix_rules.get("follow")
    if follow is not None:
        follow(municipality, municipality.ocid_prefix)


def _check_settings(data: dict[str, Any]) -> None:
    if "name" in data and not (data["name"] or "").strip():
        raise DomainError(_("The name cannot be empty."), status=422)
    color = data.get("accent_color")
    if color and not is_valid_accent(color):
        raise DomainError(
            _("The accent colour must be #rrggbb and dark enough for white text."), status=422
        )
    if data.get("timezone") and data["timezone"] not in timezones():
        raise DomainError(_("Unknown time zone."), status=422)
    locale = data.get("default_locale")
    if locale and locale not in current_app.config["LANGUAGES"]:
        raise DomainError(_("Unsupported language."), status=422)
    if data.get("website") and not is_web_url(data["website"]):
        raise DomainError(_("The website must be an http or https address."), status=422)
    if data.get("ocid_prefix") and not OCID_PREFIX_RE.match(data["ocid_prefix"]):
        raise DomainError(_("The OCID prefix must look like ocds-abc123."), status=422)
    population = data.get("population")
    if population is not None and population < 0:
        raise DomainError(_("The population cannot be negative."), status=422)


# Members ----------------------------------------------------------------------------------------


def members_query(municipality: Municipality) -> Select[Membership]:
    """Every membership of the municipality, staff first, then by name."""
    order = {Role.ADMIN.value: 0, Role.MODERATOR.value: 1, Role.RESIDENT.value: 2}

    return (
        select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(Membership.municipality_id == municipality.id)
        .order_by(case(order, value=Membership.role), func.lower(User.display_name))
    )


def add_member(municipality: Municipality, *, actor: User, email: str, role: str) -> Membership:
    """Give an existing account a staff role (admin or moderator) in the municipality."""
    if role not in STAFF_ROLES:
        raise DomainError(_("Choose the admin or moderator role."), status=422)
    user = find_user_by_email(email)
    if user is None:
        raise DomainError(
            _("There is no account with the e-mail %(email)s. Ask the person to sign up first.",
              email=email.strip()),
            status=422,
        )  # fmt: skip
    if role in roles_of(user, municipality.id):
        raise DomainError(_("%(name)s already holds this role.", name=user.display_name))
    membership = Membership(user_id=user.id, municipality_id=municipality.id, role=role)
    db.session.add(membership)
    db.session.flush()
    _forget_roles(user.id, municipality.id)
    audit.record(
        "municipalities.add_member", actor=actor, municipality=municipality, target=user,
        role=role,
    )  # fmt: skip
    return membership


def remove_member(municipality: Municipality, *, actor: User, membership: Membership) -> None:
    """Take a role away; the last admin of a municipality cannot be removed."""
    if membership.municipality_id != municipality.id:
        raise DomainError(_("This role belongs to another municipality."), status=404)
    if membership.role == Role.RESIDENT:
        request = residency_of(membership.user, municipality)
        if request is not None and request.status == VerificationStatus.APPROVED:
            revoke_residency(request, actor=actor, reason=None)
            return
    elif membership.role == Role.ADMIN and _admin_count(municipality) <= 1:
        raise DomainError(_("A municipality needs at least one admin; appoint another first."))
    user_id = membership.user_id
    db.session.delete(membership)
    db.session.flush()
    _forget_roles(user_id, municipality.id)
    audit.record(
        "municipalities.remove_member", actor=actor, municipality=municipality,
        target=membership.user, role=membership.role,
    )  # fmt: skip


def _admin_count(municipality: Municipality) -> int:
    return db.session.execute(
        select(func.count())
        .select_from(Membership)
        .where(Membership.municipality_id == municipality.id, Membership.role == Role.ADMIN)
    ).scalar_one()


# Residency --------------------------------------------------------------------------------------


def residency_of(user: Visitor, municipality: Municipality) -> ResidencyRequest | None:
    """The person's residency request in this municipality, if any."""
    if not is_authenticated(user):
        return None
    return db.session.scalars(
        select(ResidencyRequest).where(
            ResidencyRequest.user_id == user.id,
            ResidencyRequest.municipality_id == municipality.id,
        )
    ).first()


def request_residency(
    municipality: Municipality, *, user: User, note: str | None = None
) -> ResidencyRequest:
    """Ask staff to verify residency; a rejected request goes back to pending."""
    if not user.is_confirmed:
        raise DomainError(_("Confirm your e-mail address before asking for verification."), 403)
    request = residency_of(user, municipality)
    note = (note or "").strip() or None
    if request is None:
        request = ResidencyRequest(user_id=user.id, municipality_id=municipality.id)
        db.session.add(request)
    elif request.status == VerificationStatus.PENDING:
        raise DomainError(_("Your request is already waiting for a decision."))
    elif request.status == VerificationStatus.APPROVED:
        raise DomainError(_("You are already a verified resident."))
    request.status = VerificationStatus.PENDING
    request.method = "manual"
    request.note = note
    request.decision_reason = None
    request.decided_by_id = None
    request.decided_at = None
    db.session.flush()
    return request


def verify_by_census(municipality: Municipality, *, user: User, document: str) -> ResidencyRequest:
    """Verify a person at once when their document matches an unclaimed census entry."""
    if not user.is_confirmed:
        raise DomainError(_("Confirm your e-mail address before asking for verification."), 403)
    request = residency_of(user, municipality)
    if request is not None and request.status == VerificationStatus.APPROVED:
        raise DomainError(_("You are already a verified resident."))
    normalised = normalise_document(document)
    if not census.is_valid_document(normalised):
        raise DomainError(_("Type the number of your identity document."), status=422)
    entry = db.session.scalars(
        select(CensusEntry).where(
            CensusEntry.municipality_id == municipality.id,
            CensusEntry.id_hash == census_hash(municipality.id, normalised),
        )
    ).first()
    if entry is None:
        raise DomainError(
            _("This document is not in the census list of %(name)s. You can ask staff to "
              "verify you instead.", name=municipality.name),
            status=422,
        )  # fmt: skip
    if entry.claimed_by_id is not None and entry.claimed_by_id != user.id:
        raise DomainError(
            _("This document has already been used to verify another account. If it is yours, "
              "contact the municipality.")
        )  # fmt: skip
    entry.claimed_by_id = user.id
    entry.claimed_at = utcnow()
    if request is None:
        request = ResidencyRequest(user_id=user.id, municipality_id=municipality.id)
        db.session.add(request)
    request.status = VerificationStatus.APPROVED
    request.method = "census"
    request.decision_reason = None
    request.decided_by_id = None
    request.decided_at = utcnow()
    _grant_resident(user.id, municipality)
    db.session.flush()
    audit.record(
        "municipalities.verify_by_census", actor=user, municipality=municipality, target=request
    )
    return request


def pending_count(municipality: Municipality) -> int:
    return db.session.execute(
        select(func.count())
        .select_from(ResidencyRequest)
        .where(
            ResidencyRequest.municipality_id == municipality.id,
            ResidencyRequest.status == VerificationStatus.PENDING,
        )
    ).scalar_one()


def requests_query(municipality: Municipality, status: str) -> Select[ResidencyRequest]:
    """Residency requests in one state, oldest first (a queue)."""
    return (
        select(ResidencyRequest)
        .where(
            ResidencyRequest.municipality_id == municipality.id,
            ResidencyRequest.status == status,
        )
        .order_by(ResidencyRequest.updated_at, ResidencyRequest.id)
    )


def approve_residency(request: ResidencyRequest, *, actor: User) -> ResidencyRequest:
    """Approve a pending request: the person becomes a verified resident."""
    if request.status != VerificationStatus.PENDING:
        raise DomainError(_("Only pending requests can be approved."))
    municipality = db.session.get_one(Municipality, request.municipality_id)
    _decide(request, VerificationStatus.APPROVED, actor, None)
    _grant_resident(request.user_id, municipality)
    db.session.flush()
    audit.record(
        "municipalities.approve_residency", actor=actor, municipality=municipality, target=request
    )
    _notify(request, municipality, "residency_approved")
    return request


def reject_residency(
    request: ResidencyRequest, *, actor: User, reason: str | None = None
) -> ResidencyRequest:
    """Reject a pending request, with a reason the person will read."""
    if request.status != VerificationStatus.PENDING:
        raise DomainError(_("Only pending requests can be rejected."))
    municipality = db.session.get_one(Municipality, request.municipality_id)
    reason = (reason or "").strip() or None
    _decide(request, VerificationStatus.REJECTED, actor, reason)
    db.session.flush()
    audit.record(
        "municipalities.reject_residency", actor=actor, municipality=municipality, target=request,
        reason=reason,
    )  # fmt: skip
    _notify(request, municipality, "residency_rejected")
    return request


def revoke_residency(
    request: ResidencyRequest, *, actor: User, reason: str | None = None
) -> ResidencyRequest:
    """Withdraw a verified residency; a census entry it claimed is freed for its real owner."""
    if request.status != VerificationStatus.APPROVED:
        raise DomainError(_("Only verified residents can have their residency revoked."))
    municipality = db.session.get_one(Municipality, request.municipality_id)
    reason = (reason or "").strip() or None
    _decide(request, VerificationStatus.REJECTED, actor, reason)
    db.session.execute(
        delete(Membership).where(
            Membership.user_id == request.user_id,
            Membership.municipality_id == municipality.id,
            Membership.role == Role.RESIDENT,
        )
    )
    for entry in db.session.scalars(
        select(CensusEntry).where(
            CensusEntry.municipality_id == municipality.id,
            CensusEntry.claimed_by_id == request.user_id,
        )
    ):
        entry.claimed_by_id = None
        entry.claimed_at = None
    _forget_roles(request.user_id, municipality.id)
    db.session.flush()
    audit.record(
        "municipalities.revoke_residency", actor=actor, municipality=municipality, target=request,
        reason=reason,
    )  # fmt: skip
    _notify(request, municipality, "residency_revoked")
    return request


def _decide(request: ResidencyRequest, status: str, actor: User, reason: str | None) -> None:
    request.status = status
    request.decision_reason = reason
    request.decided_by_id = getattr(actor, "id", None)
    request.decided_at = utcnow()


def _grant_resident(user_id: int, municipality: Municipality) -> None:
    if Role.RESIDENT not in _fresh_roles(user_id, municipality.id):
        db.session.add(
            Membership(user_id=user_id, municipality_id=municipality.id, role=Role.RESIDENT)
        )
    _forget_roles(user_id, municipality.id)


def _fresh_roles(user_id: int, municipality_id: int) -> set[str]:
    return set(
        db.session.scalars(
            select(Membership.role).where(
                Membership.user_id == user_id, Membership.municipality_id == municipality_id
            )
        )
    )


def _notify(request: ResidencyRequest, municipality: Municipality, template: str) -> None:
    hooks.decided(request, municipality, template)  # in the app (notifications listen)
    user = db.session.get(User, request.user_id)
    if user is None or not user.email:
        return
    with force_locale(user.locale or municipality.default_locale):
        send_mail(
            user.email,
            _subject(template, municipality),
            template,
            user=user,
            municipality=municipality,
            request=request,
        )


def _subject(template: str, municipality: Municipality) -> str:
    # Built inside force_locale so that the subject is in the recipient's language.
    subjects: dict[str, str] = {
        "residency_approved": _("%(name)s: your residency has been verified",
                                name=municipality.name),
        "residency_rejected": _("%(name)s: your residency request was declined",
                                name=municipality.name),
        "residency_revoked": _("%(name)s: your residency has been revoked",
                               name=municipality.name),
    }  # fmt: skip
    return subjects[template]
