"""Consultations: creating, editing, publishing, archiving and copying them."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar, cast

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, ScalarSelect, Select, and_, exists, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from participa.consultations import hooks
from participa.consultations.models import (
    PHASE_KINDS,
    Category,
    Consultation,
    ConsultationStatus,
    Phase,
    PhaseKind,
)
from participa.core import audit
from participa.core.errors import DomainError
from participa.core.link_choices import Choice
from participa.core.participation import Participation
from participa.core.search import fold, folded
from participa.core.uploads import release_upload, save_image
from participa.core.viewer import fact
from participa.db import utcnow
from participa.extensions import db
from participa.municipalities.models import Membership, Municipality, Role
from participa.municipalities.services import of_live_members

if TYPE_CHECKING:
    from sqlalchemy.orm import QueryableAttribute
    from sqlalchemy.orm.interfaces import LoaderOption
    from werkzeug.datastructures import FileStorage

    from participa.accounts.models import User

logger = logging.getLogger(__name__)


@cache
def with_phases(via: QueryableAttribute[Consultation] | None = None) -> LoaderOption:
    """Loader option: a consultation's phases in the same query (its policies and pages ask for
    the open phase); ``via``, the relationship that leads to the consultation (``Ballot
    .consultation``) when the query loads something else. One object per ``via``, built on
    first use: core.tenancy.get_or_404 builds its statement once per option object."""
    if via is None:
        return joinedload(Consultation.phases)
    return joinedload(via).joinedload(Consultation.phases)


EDITABLE_FIELDS = (
    "title", "summary", "body", "category_id", "participation", "supports_per_person",
    "support_threshold", "proposal_edit_minutes", "comments_enabled", "phase_override",
)  # fmt: skip
TEMPLATE_FIELDS = (
    "title", "summary", "body", "cover_id", "participation", "supports_per_person",
    "support_threshold", "proposal_edit_minutes", "comments_enabled",
)  # fmt: skip


@dataclass(frozen=True)
class PhaseDates:
    kind: str
    starts_at: datetime
    ends_at: datetime


# Reading ----------------------------------------------------------------------------------------


def _categories(municipality: Municipality, *columns: Any) -> Select[*tuple[Any, ...]]:
    return (
        select(*columns)
        .where(Category.municipality_id == municipality.id)
        .order_by(func.lower(Category.name))
    )


def categories_of(municipality: Municipality) -> list[Category]:
    """The municipality's categories, by name."""
    return list(db.session.scalars(_categories(municipality, Category)))


def category_choices(municipality: Municipality) -> list[Choice]:
    """The municipality's topics as ``(id, name)`` choices, by name: what a filter offers."""
    rows = db.session.execute(_categories(municipality, Category.id, Category.name))
    return [Choice(id_, name) for id_, name in rows]


def _admin_memberships(user_id: int | ColumnElement[int]) -> Select[int]:
    # The person's admin memberships of live municipalities.
    return (
        select(Membership.municipality_id)
        .join(Municipality, Membership.municipality_id == Municipality.id)
        .where(
            Membership.user_id == user_id,
            Membership.role == Role.ADMIN,
            Municipality.archived_at.is_(None),
        )
    )


def _administered(user: User) -> Select[Municipality]:
    query = select(Municipality).where(Municipality.archived_at.is_(None))
    if not user.is_platform_admin:
        query = query.where(Municipality.id.in_(_admin_memberships(user.id)))
    return query


def administered_municipalities(user: User) -> list[Municipality]:
    """The live municipalities where ``user`` is an admin (every one for platform admins)."""
    return list(db.session.scalars(_administered(user).order_by(Municipality.name)))


def administers_question(
    user_id: int | ColumnElement[int],
    _municipality_id: int | ColumnElement[int] | None,
    _now: datetime | ColumnElement[datetime],
) -> ScalarSelect[int]:
    """Whether the person is an admin of some live municipality (core.viewer)."""
    return _admin_memberships(user_id).limit(1).scalar_subquery()


def administers_any(user: User) -> bool:
    """Whether ``user`` is an admin of some live municipality (platform admins of every one)."""
    if user.is_platform_admin:
        return bool(db.session.scalar(select(_administered(user).exists())))
    return fact("consultations.administers", administers_question, user.id) is not None


def consultations_query(
    municipality: Municipality, *, include_drafts: bool
) -> Select[Consultation]:
    """A municipality's consultations, newest first; drafts only when asked (staff)."""
    query = select(Consultation).where(Consultation.municipality_id == municipality.id)
    if not include_drafts:
        query = query.where(Consultation.status != ConsultationStatus.DRAFT)
    return query.order_by(
        (Consultation.status == ConsultationStatus.ARCHIVED).asc(),
        Consultation.created_at.desc(),
        Consultation.id.desc(),
    )


def phase_open_condition(
    kind: str | None = None, now: datetime | None = None
) -> ColumnElement[bool]:
    """SQL condition: a phase (of ``kind``, or any except closed) is open now."""
    now = now or utcnow()
    window = exists().where(
        Phase.consultation_id == Consultation.id,
        Phase.starts_at <= now,
        Phase.ends_at > now,
        Phase.kind == kind if kind else Phase.kind != PhaseKind.CLOSED,
    )
    overridden = (
        Consultation.phase_override == kind
        if kind
        else Consultation.phase_override != PhaseKind.CLOSED
    )
    return or_(
        and_(Consultation.phase_override.is_(None), window),
        and_(Consultation.phase_override.is_not(None), overridden),
    )


def network_query(
    *, country: str | None = None, topic: str | None = None, phase: str | None = None
) -> Select[Consultation]:
    """Published consultations open now in every live municipality, with optional filters."""
    query = (
        select(Consultation)
        .options(contains_eager(Consultation.municipality))
        .join(Municipality, Municipality.id == Consultation.municipality_id)
        .where(
            Consultation.status == ConsultationStatus.PUBLISHED,
            Municipality.archived_at.is_(None),
            phase_open_condition(phase if phase in PHASE_KINDS else None),
        )
    )
    if country:
        query = query.where(Municipality.country == country.upper())
    if topic:
        query = query.join(Category, Category.id == Consultation.category_id).where(
            folded(Category.name) == fold(topic)
        )
    return query.order_by(Consultation.published_at.desc(), Consultation.id.desc())


def network_topics() -> list[str]:
    """Distinct category names used by published consultations, for the network filter.

    Names that differ only in case or accents ("Movilidad", "movilidad") are one topic.
    """
    names = db.session.scalars(
        select(Category.name)
        .join(Consultation, Consultation.category_id == Category.id)
        .where(Consultation.status == ConsultationStatus.PUBLISHED)
        .distinct()
        .order_by(Category.name)
    )
    topics: dict[str, str] = {}
    for name in names:
        topics.setdefault(fold(name), name)
    return sorted(topics.values(), key=fold)


def network_countries() -> list[str]:
    """Countries with at least one published consultation."""
    return list(
        db.session.scalars(
            select(Municipality.country)
            .join(Consultation, Consultation.municipality_id == Municipality.id)
            .where(Consultation.status == ConsultationStatus.PUBLISHED)
            .distinct()
            .order_by(Municipality.country)
        )
    )


# Writing ----------------------------------------------------------------------------------------


def create_category(municipality: Municipality, *, actor: User, name: str) -> Category:
    """Add a category to the municipality (names are unique per municipality)."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("The name cannot be empty."), status=422)
    duplicate = db.session.scalar(
        select(Category.id).where(
            Category.municipality_id == municipality.id, folded(Category.name) == fold(name)
        )
    )
    if duplicate:
        raise DomainError(_("There is already a category with this name."), status=422)
    category = Category(municipality_id=municipality.id, name=name)
    db.session.add(category)
    db.session.flush()
    audit.record("consultations.create_category", actor=actor, municipality=municipality,
                 target=category, name=name)  # fmt: skip
    return category


def create_consultation(
    municipality: Municipality,
    *,
    actor: User,
    data: dict[str, Any],
    phases: Iterable[PhaseDates] = (),
    cover: FileStorage | None = None,
) -> Consultation:
    """Create a draft consultation with its settings and timeline."""
    consultation = Consultation(
        municipality_id=municipality.id,
        created_by_id=getattr(actor, "id", None),
        status=ConsultationStatus.DRAFT,
    )
    _apply(consultation, municipality, data)
    db.session.add(consultation)
    if cover is not None and getattr(cover, "filename", None):
        consultation.cover_id = save_image(
            cover, municipality=municipality, uploader=actor, alt=data.get("cover_alt"),
            alt_required=True,
        ).id  # fmt: skip
    _set_phases(consultation, phases)
    db.session.flush()
    audit.record("consultations.create", actor=actor, municipality=municipality,
                 target=consultation)  # fmt: skip
    return consultation


def edit_consultation(
    consultation: Consultation,
    *,
    actor: User,
    data: dict[str, Any],
    phases: Iterable[PhaseDates] | None = None,
    cover: FileStorage | None = None,
) -> Consultation:
    """Change a consultation's texts, settings and timeline."""
    municipality = consultation.municipality
    old_threshold = consultation.support_threshold
    changed = _apply(consultation, municipality, data)
    old_cover = consultation.cover_id
    if cover is not None and getattr(cover, "filename", None):
        consultation.cover_id = save_image(
            cover, municipality=municipality, uploader=actor, alt=data.get("cover_alt"),
            alt_required=True,
        ).id  # fmt: skip
        changed.append("cover")
    elif data.get("remove_cover") and consultation.cover_id:
        consultation.cover_id = None
        changed.append("cover")
    if consultation.cover_id != old_cover:
        release_upload(old_cover)  # the old image and its copies, unless shown elsewhere
    if phases is not None:
        _set_phases(consultation, phases)
        changed.append("phases")
    db.session.flush()
    if consultation.support_threshold != old_threshold:
        _requalify(consultation)
    audit.record("consultations.edit", actor=actor, municipality=municipality,
                 target=consultation, fields=changed)  # fmt: skip
    return consultation


def set_phase_override(consultation: Consultation, *, actor: User, kind: str | None) -> None:
    """Force the current phase (or go back to following the dates with ``None``)."""
    if kind is not None and kind not in PHASE_KINDS:
        raise DomainError(_("Unknown phase."), status=422)
    consultation.phase_override = kind
    db.session.flush()
    audit.record_on(consultation, "consultations.override_phase", actor=actor, phase=kind)


def publish_consultation(consultation: Consultation, *, actor: User) -> Consultation:
    """Make a draft (or archived) consultation public."""
    if consultation.is_published:
        raise DomainError(_("The consultation is already published."))
    if not consultation.phases:
        raise DomainError(_("Add at least one phase with dates before publishing."), status=422)
    consultation.status = ConsultationStatus.PUBLISHED
    consultation.published_at = consultation.published_at or utcnow()
    consultation.archived_at = None
    db.session.flush()
    audit.record_on(consultation, "consultations.publish", actor=actor)
    return consultation


def archive_consultation(consultation: Consultation, *, actor: User) -> Consultation:
    """Archive a published consultation: it stays readable and closed to participation."""
    if not consultation.is_published:
        raise DomainError(_("Only published consultations can be archived."))
    consultation.status = ConsultationStatus.ARCHIVED
    consultation.archived_at = utcnow()
    db.session.flush()
    audit.record_on(consultation, "consultations.archive", actor=actor)
    return consultation


def copy_from_template(
    source: Consultation,
    target_municipality: Municipality,
    *,
    actor: User,
    start: datetime | None = None,
) -> Consultation:
    """Start a draft in ``target_municipality`` from the structure, phases and settings of
    ``source``; no proposals, supports, comments or counts are copied."""
    if source.is_draft:
        raise DomainError(_("Only published consultations can be used as templates."), 404)
    copy = Consultation(
        municipality_id=target_municipality.id,
        created_by_id=getattr(actor, "id", None),
        status=ConsultationStatus.DRAFT,
        copied_from_id=source.id,
        **{name: getattr(source, name) for name in TEMPLATE_FIELDS},
    )
    if source.category is not None:
        copy.category_id = _category_named(target_municipality, source.category.name).id
    db.session.add(copy)
    # Keep the shape of the timeline, moved so that it starts a week from now.
    phases = list(source.phases)
    if phases:
        start = start or (utcnow() + timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
        shift = start - min(p.starts_at for p in phases)
        _set_phases(
            copy,
            [PhaseDates(p.kind, p.starts_at + shift, p.ends_at + shift) for p in phases],
        )
    db.session.flush()
    audit.record("consultations.copy_from_template", actor=actor,
                 municipality=target_municipality, target=copy, source_id=source.id,
                 source_municipality_id=source.municipality_id)  # fmt: skip
    return copy


# Helpers ----------------------------------------------------------------------------------------


def _apply(
    consultation: Consultation, municipality: Municipality, data: dict[str, Any]
) -> list[str]:
    _check(municipality, data)
    changed = []
    for name in EDITABLE_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, str):
            value = value.strip()
        if name in ("category_id", "phase_override") and not value:
            value = None
        if getattr(consultation, name) != value:
            setattr(consultation, name, value)
            changed.append(name)
    return changed


def _check(municipality: Municipality, data: dict[str, Any]) -> None:
    if "title" in data and not (data["title"] or "").strip():
        raise DomainError(_("The title cannot be empty."), status=422)
    if data.get("participation") and data["participation"] not in set(Participation):
        raise DomainError(_("Choose who may take part."), status=422)
    if data.get("phase_override") and data["phase_override"] not in PHASE_KINDS:
        raise DomainError(_("Unknown phase."), status=422)
    for name in ("supports_per_person", "support_threshold"):
        if name in data and (data[name] is None or data[name] < 1):
            raise DomainError(_("The number must be at least 1."), status=422)
    if "proposal_edit_minutes" in data and (
        data["proposal_edit_minutes"] is None or data["proposal_edit_minutes"] < 0
    ):
        raise DomainError(_("The edit window cannot be negative."), status=422)
    category_id = data.get("category_id")
    if category_id:
        owner = db.session.scalar(
            select(Category.municipality_id).where(Category.id == category_id)
        )
        if owner != municipality.id:
            raise DomainError(_("Choose one of this municipality's categories."), status=422)


def _set_phases(consultation: Consultation, phases: Iterable[PhaseDates]) -> None:
    phases = list(phases)
    kinds = [p.kind for p in phases]
    if len(set(kinds)) != len(kinds):
        raise DomainError(_("Each phase can appear only once."), status=422)
    for item in phases:
        if item.kind not in PHASE_KINDS:
            raise DomainError(_("Unknown phase."), status=422)
        if item.ends_at <= item.starts_at:
            raise DomainError(_("A phase must end after it starts."), status=422)
    consultation.phases.clear()
    db.session.flush()
    for item in phases:
        consultation.phases.append(
            Phase(kind=item.kind, starts_at=item.starts_at, ends_at=item.ends_at,
                  position=PHASE_KINDS.index(item.kind))
        )  # fmt: skip


def _category_named(municipality: Municipality, name: str) -> Category:
    found = db.session.scalars(
        select(Category).where(
            Category.municipality_id == municipality.id, folded(Category.name) == fold(name)
        )
    ).first()
    if found is None:
        found = Category(municipality_id=municipality.id, name=name)
        db.session.add(found)
        db.session.flush()
    return found


def _requalify(consultation: Consultation) -> None:
    # The threshold changed: the feature that holds the supported items re-marks them.
    hooks.threshold_changed(consultation)


Q = TypeVar("Q")  # a SELECT of any columns, returned with its own type


def held_in_public(query: Q, model: type[Any], draft: str, municipality_id: int | None) -> Q:
    """Limit ``query`` over ``model`` (a ballot or a budget: anything a consultation holds, with
    ``status``, ``consultation_id`` and ``municipality_id``) to what everyone may see: not a
    draft, in a consultation that is not a draft, of a municipality that is not archived; and
    to one municipality unless ``municipality_id`` is None."""
    found: Any = (
        cast(Any, query)
        .join(Consultation, Consultation.id == model.consultation_id)
        .where(model.status != draft, Consultation.status != ConsultationStatus.DRAFT)
    )
    return cast(Q, of_live_members(found, model.municipality_id, municipality_id))


def closed_in_public(
    model: type[Any], draft: str, closed: str, municipality_id: int | None, limit: int
) -> list[Any]:
    """The latest closed ``model`` rows (ballots or budgets) everyone may see, newest close
    first, as (id, title, closed_at, municipality slug, municipality name) rows."""
    query = (
        held_in_public(
            select(model.id, model.title, model.closed_at, Municipality.slug, Municipality.name),
            model,
            draft,
            municipality_id,
        )
        .where(model.status == closed, model.closed_at.is_not(None))
        .order_by(model.closed_at.desc(), model.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(query).all())


def open_in_public(
    model: type[Any], draft: str, opened: str, municipality_id: int | None, limit: int
) -> list[Any]:
    """The latest opened ``model`` rows (ballots or budgets) everyone may see, newest first,
    with their municipality and consultation loaded."""
    query = (
        held_in_public(select(model), model, draft, municipality_id)
        .options(contains_eager(model.municipality), contains_eager(model.consultation))
        .where(model.status == opened)
        .order_by(model.opened_at.desc(), model.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query).unique())
