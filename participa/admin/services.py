"""Platform administration: municipalities, platform admins and legal pages."""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from participa.accounts.models import User
from participa.core import audit
from participa.core.errors import DomainError
from participa.core.values import SLUG_RE, country_codes, timezones
from participa.db import utcnow
from participa.extensions import db
from participa.municipalities.models import MemberKind, Membership, Municipality, Role
from participa.municipalities.services import find_user_by_email, roles_of
from participa.site.models import LEGAL_SLUGS, LegalPage

logger = logging.getLogger(__name__)


def _check_identity(
    slug: str, country: str, kind: str, *, current: Municipality | None = None
) -> None:
    if kind not in set(MemberKind):
        raise DomainError(_("Unknown kind of member."), status=422)
    if not SLUG_RE.match(slug):
        raise DomainError(_("Use 2 to 60 lower-case letters, digits and dashes."), status=422)
    if country not in country_codes():
        raise DomainError(_("Unknown country code."), status=422)
    query = select(Municipality.id).where(Municipality.slug == slug)
    if current is not None:
        query = query.where(Municipality.id != current.id)
    if db.session.scalar(query) is not None:
        raise DomainError(_("Another municipality already uses this address."), status=422)


def create_municipality(*, actor: User, data: dict[str, Any]) -> Municipality:
    """Create a member (a municipality, a legislature or an association) with its kind, address
    (slug), country, language and time zone."""
    slug = (data.get("slug") or "").strip()
    country = (data.get("country") or "").strip().upper()
    kind = data.get("kind") or MemberKind.MUNICIPALITY
    _check_identity(slug, country, kind)
    if data.get("timezone") not in timezones():
        raise DomainError(_("Unknown time zone."), status=422)
    if data.get("default_locale") not in current_app.config["LANGUAGES"]:
        raise DomainError(_("Unsupported language."), status=422)
    municipality = Municipality(
        slug=slug,
        name=data["name"].strip(),
        kind=kind,
        country=country,
        default_locale=data["default_locale"],
        timezone=data["timezone"],
    )
    db.session.add(municipality)
    db.session.flush()
    audit.record(
        "admin.create_municipality", actor=actor, municipality=municipality, target=municipality,
        slug=slug, country=country, kind=kind,
    )  # fmt: skip
    return municipality


def update_identity(
    municipality: Municipality, *, actor: User, slug: str, country: str, kind: str | None = None
) -> Municipality:
    """Change a member's address (slug), country and kind (None keeps the kind).

    A new kind hides the pages of the features that do not serve it; their data is kept.
    """
    slug, country = slug.strip(), country.strip().upper()
    kind = kind or municipality.kind
    _check_identity(slug, country, kind, current=municipality)
    before = {"slug": municipality.slug, "country": municipality.country, "kind": municipality.kind}
    municipality.slug = slug
    municipality.country = country
    municipality.kind = kind
    db.session.flush()
    audit.record(
        "admin.update_municipality", actor=actor, municipality=municipality, target=municipality,
        before=before, after={"slug": slug, "country": country, "kind": kind},
    )  # fmt: skip
    return municipality


def archive_municipality(municipality: Municipality, *, actor: User) -> None:
    """Hide a municipality from the platform; its data stays."""
    if municipality.is_archived:
        raise DomainError(_("This municipality is already archived."))
    municipality.archived_at = utcnow()
    db.session.flush()
    audit.record(
        "admin.archive_municipality", actor=actor, municipality=municipality, target=municipality
    )


def unarchive_municipality(municipality: Municipality, *, actor: User) -> None:
    """Bring an archived municipality back."""
    if not municipality.is_archived:
        raise DomainError(_("This municipality is not archived."))
    municipality.archived_at = None
    db.session.flush()
    audit.record(
        "admin.unarchive_municipality", actor=actor, municipality=municipality, target=municipality
    )


def _account(email: str) -> User:
    """The account with this e-mail address; a 422 when there is none."""
    user = find_user_by_email(email)
    if user is None:
        raise DomainError(
            _("There is no account with the e-mail %(email)s.", email=email.strip()), status=422
        )
    return user


def appoint_admin(municipality: Municipality, *, actor: User, email: str) -> Membership:
    """Make an existing account an admin of the municipality."""
    user = _account(email)
    if Role.ADMIN in roles_of(user, municipality.id):
        raise DomainError(_("%(name)s is already an admin here.", name=user.display_name))
    membership = Membership(user_id=user.id, municipality_id=municipality.id, role=Role.ADMIN)
    db.session.add(membership)
    db.session.flush()
    audit.record("admin.appoint_admin", actor=actor, municipality=municipality, target=user)
    return membership


def admins_of(municipality: Municipality) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.municipality_id == municipality.id, Membership.role == Role.ADMIN)
            .order_by(User.display_name)
        )
    )


def platform_admins() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.is_platform_admin.is_(True), User.deleted_at.is_(None))
            .order_by(User.display_name)
        )
    )


def grant_platform_admin(*, actor: User, email: str) -> User:
    """Make an existing account a platform admin."""
    user = _account(email)
    if user.is_platform_admin:
        raise DomainError(_("%(name)s is already a platform admin.", name=user.display_name))
    if not user.is_confirmed:
        raise DomainError(_("The account has not confirmed its e-mail address yet."), status=422)
    user.is_platform_admin = True
    db.session.flush()
    audit.record("admin.grant_platform_admin", actor=actor, target=user)
    return user


def revoke_platform_admin(user: User, *, actor: User) -> User:
    """Take platform admin rights away; the last platform admin stays."""
    if not user.is_platform_admin:
        raise DomainError(_("%(name)s is not a platform admin.", name=user.display_name))
    count = db.session.execute(
        select(func.count())
        .select_from(User)
        .where(User.is_platform_admin.is_(True), User.deleted_at.is_(None))
    ).scalar_one()
    if count <= 1:
        raise DomainError(_("The platform needs at least one platform admin."))
    user.is_platform_admin = False
    db.session.flush()
    audit.record("admin.revoke_platform_admin", actor=actor, target=user)
    return user


def get_legal_page(slug: str, locale: str) -> LegalPage | None:
    return db.session.scalars(
        select(LegalPage).where(LegalPage.slug == slug, LegalPage.locale == locale)
    ).first()


def save_legal_page(*, actor: User, slug: str, locale: str, title: str, body: str) -> LegalPage:
    """Create or update a legal page in one language."""
    if slug not in LEGAL_SLUGS or locale not in current_app.config["LANGUAGES"]:
        raise DomainError(_("Unknown page or language."), status=404)
    page = get_legal_page(slug, locale)
    if page is None:
        page = LegalPage(slug=slug, locale=locale)
        db.session.add(page)
    page.title = title.strip()
    page.body = body
    db.session.flush()
    audit.record("admin.save_legal_page", actor=actor, target=page, slug=slug, locale=locale)
    return page
