"""Proposal lifecycle: submit, preview, edit, withdraw, answer, merge; state labels.

The rules are enforced in the database transaction of the request.
Supports and who may take part live in ``supports``; listing, filters and sort in ``listing``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_pgettext as pgettext  # extracted as pgettext
from flask_babel import ngettext
from sqlalchemy import Select, delete, exists, func, insert, literal, select, update

from participa.accounts.models import User
from participa.consultations.models import Category, Consultation, PhaseKind
from participa.core import audit
from participa.core.authz import is_authenticated
from participa.core.dml import rows_changed
from participa.core.errors import DomainError
from participa.core.models import Upload
from participa.core.uploads import release_upload, save_image
from participa.core.viewer import Probe, prefetch
from participa.db import utcnow
from participa.extensions import db
from participa.notifications import services as notifications
from participa.places import services as places
from participa.proposals import hooks, search, supports
from participa.proposals.models import Proposal, ProposalState, Support
from participa.proposals.supports import (
    check_open,
    check_participation,
    count_participant,
    remaining_of,
)

if TYPE_CHECKING:
    from werkzeug.datastructures import FileStorage

    from participa.core.authz import Visitor

logger = logging.getLogger(__name__)

TITLE_MIN, TITLE_MAX = 4, 150
BODY_MIN, BODY_MAX = 10, 10_000
LOCATION_MAX = 200
# Official answers: which state may follow which (re-answering in the same state edits the text).
TRANSITIONS = {
    ProposalState.PUBLISHED: {"under_evaluation", "accepted", "rejected"},
    ProposalState.UNDER_EVALUATION: {"under_evaluation", "accepted", "rejected"},
    ProposalState.ACCEPTED: {"accepted", "implemented", "rejected"},
    ProposalState.REJECTED: {"rejected", "under_evaluation"},
    ProposalState.IMPLEMENTED: {"implemented"},
    ProposalState.WITHDRAWN: set(),
}
ANSWER_STATES = ("under_evaluation", "accepted", "rejected", "implemented")


# Reading ----------------------------------------------------------------------------------------


def is_within_edit_window(proposal: Proposal) -> bool:
    minutes = proposal.consultation.proposal_edit_minutes
    return utcnow() < proposal.created_at + timedelta(minutes=minutes)


def is_editable(proposal: Proposal) -> bool:
    """Published, never supported and still inside the consultation's edit window."""
    return (
        proposal.state == ProposalState.PUBLISHED
        and proposal.supports_count == 0
        and proposal.hidden_at is None
        and is_within_edit_window(proposal)
    )


# Submitting and editing -------------------------------------------------------------------------


def check_fields(consultation: Consultation, data: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise the fields of a proposal; raise a 422 DomainError otherwise."""
    title = (data.get("title") or "").strip()
    body = (data.get("body") or "").strip()
    if not TITLE_MIN <= len(title) <= TITLE_MAX:
        raise DomainError(
            ngettext("The title must have between %(min)s and %(num)s character.",
                     "The title must have between %(min)s and %(num)s characters.", TITLE_MAX,
                     min=TITLE_MIN), status=422,
        )  # fmt: skip
    if not BODY_MIN <= len(body) <= BODY_MAX:
        raise DomainError(
            ngettext("The text must have between %(min)s and %(num)s character.",
                     "The text must have between %(min)s and %(num)s characters.", BODY_MAX,
                     min=BODY_MIN), status=422,
        )  # fmt: skip
    location = (data.get("location_text") or "").strip() or None
    if location and len(location) > LOCATION_MAX:
        raise DomainError(_("The place is too long."), status=422)
    latitude, longitude = places.check_location(data.get("latitude"), data.get("longitude"))
    district = places.district_for(consultation.municipality, data.get("district_id"))
    category_id = data.get("category_id") or None
    if category_id is not None:
        owner = db.session.scalar(
            select(Category.municipality_id).where(Category.id == category_id)
        )
        if owner != consultation.municipality_id:
            raise DomainError(_("Choose one of the listed categories."), status=422)
    return dict(title=title, body=body, location_text=location, latitude=latitude,
                longitude=longitude, category_id=category_id,
                district_id=district.id if district is not None else None)  # fmt: skip


def stage_image(
    consultation: Consultation, *, author: User, image: FileStorage | None, alt: str | None = None
) -> Upload | None:
    """Check and store an image chosen in the proposal form (before preview or publishing)."""
    if image is None or not getattr(image, "filename", None):
        return None
    return save_image(
        image, municipality=consultation.municipality, uploader=author, alt=alt, alt_required=True
    )


def staged_image(token: str | None, *, author: User) -> Upload | None:
    """An image the same person uploaded at the preview step, by its token."""
    if not token:
        return None
    return db.session.scalars(
        select(Upload).where(Upload.token == token, Upload.uploader_id == author.id)
    ).first()


def submit_proposal(
    consultation: Consultation, *, author: User, data: dict[str, Any], image: Upload | None = None
) -> Proposal:
    """Publish a proposal in a consultation's proposals phase; the author follows it."""
    check_participation(author, consultation)
    check_open(consultation, PhaseKind.PROPOSALS)
    fields = check_fields(consultation, data)
    proposal = Proposal(
        municipality_id=consultation.municipality_id,
        consultation_id=consultation.id,
        author_id=author.id,
        image_id=image.id if image is not None else None,
        state=ProposalState.PUBLISHED,
        **fields,
    )
    db.session.add(proposal)
    db.session.flush()
    db.session.execute(
        update(Consultation)
        .where(Consultation.id == consultation.id)
        .values(proposals_count=Consultation.proposals_count + 1)
        .execution_options(synchronize_session=False)
    )
    count_participant(consultation.id, author.id, +1)
    db.session.expire(consultation, ["proposals_count", "participants_count"])
    search.index_proposal(db.session, proposal)
    notifications.follow(author, proposal)
    logger.info("proposal %s submitted by %s in consultation %s", proposal.id, author.id,
                consultation.id)  # fmt: skip
    return proposal


def edit_proposal(
    proposal: Proposal, *, actor: User, data: dict[str, Any], image: Upload | None = None
) -> Proposal:
    """Change a proposal: its author, within the edit window, while nobody supports it."""
    if proposal.author_id != getattr(actor, "id", None):
        raise DomainError(_("Only the author can edit a proposal."), status=403)
    if not is_editable(proposal):
        raise DomainError(
            _("This proposal can no longer be edited: the edit window has passed or it "
              "already has supports.")
        )  # fmt: skip
    fields = check_fields(proposal.consultation, data)
    replaced = proposal.image_id if image is not None and image.id != proposal.image_id else None
    # Recheck in the UPDATE itself: a support arriving meanwhile wins over the edit.
    edited = rows_changed(
        update(Proposal)
        .where(Proposal.id == proposal.id, Proposal.supports_count == 0)
        .values(**fields, edited_at=utcnow(),
                **({"image_id": image.id} if image is not None else {}))
    )  # fmt: skip
    if edited != 1:
        raise DomainError(_("This proposal received a support and can no longer be edited."))
    db.session.refresh(proposal)
    release_upload(replaced)  # the old image and its copies, unless a project still shows it
    search.index_proposal(db.session, proposal)
    return proposal


def withdraw_proposal(proposal: Proposal, *, actor: User) -> Proposal:
    """Withdraw a proposal: it stays visible, marked as withdrawn, and takes no more supports."""
    if proposal.author_id != getattr(actor, "id", None):
        raise DomainError(_("Only the author can withdraw a proposal."), status=403)
    if proposal.state != ProposalState.PUBLISHED:
        raise DomainError(_("Only published proposals without an answer can be withdrawn."))
    proposal.state = ProposalState.WITHDRAWN
    db.session.flush()
    title = proposal.title
    _notify_state_change(
        proposal, actor, lambda: _("“%(title)s” was withdrawn by its author.", title=title)
    )
    return proposal


def _notify_state_change(
    proposal: Proposal, actor: User, summary: Callable[[], str], url: str | None = None
) -> None:
    """Tell the followers of ``proposal`` that its state changed (the actor is skipped)."""
    notifications.notify(
        notifications.follower_ids(proposal),
        "state_change",
        target=proposal,
        url=url or proposal_path(proposal),
        summary=summary,
        actor_id=getattr(actor, "id", None),
        municipality_id=proposal.municipality_id,
    )


# Staff: answers and merges ----------------------------------------------------------------------


def answer_proposal(
    proposal: Proposal, *, actor: User, state: str, answer: str, details: str | None = None
) -> Proposal:
    """Give the official answer with a new state; followers are notified."""
    answer = (answer or "").strip()
    details = (details or "").strip() or None
    if state not in ANSWER_STATES:
        raise DomainError(_("Choose the state of the answer."), status=422)
    if state not in TRANSITIONS[ProposalState(proposal.state)]:
        raise DomainError(
            _("A proposal in state “%(old)s” cannot become “%(new)s”.",
              old=state_label(proposal.state), new=state_label(state))
        )  # fmt: skip
    if not answer:
        raise DomainError(_("Write the answer."), status=422)
    if state == ProposalState.REJECTED and not details:
        raise DomainError(_("Give the reason for rejecting the proposal."), status=422)
    if state == ProposalState.IMPLEMENTED and not details:
        raise DomainError(_("Describe how the proposal was implemented."), status=422)
    old_state = proposal.state
    proposal.state = state
    proposal.answer_text = answer
    proposal.answer_details = details
    proposal.answered_at = utcnow()
    proposal.answered_by_id = actor.id
    db.session.flush()
    audit.record("proposals.answer", actor=actor, municipality=proposal.consultation.municipality,
                 target=proposal, old_state=old_state, state=state)  # fmt: skip
    # Features that follow answers (the follow-up of accepted proposals) act in this transaction.
    hooks.answered(proposal, old_state=old_state, actor=actor)
    title = proposal.title
    notifications.notify(
        notifications.follower_ids(proposal),
        "official_answer",
        target=proposal,
        url=proposal_path(proposal),
        summary=lambda: _("Official answer to “%(title)s”: %(state)s", title=title,
                          state=state_label(state)),
        actor_id=actor.id,
        municipality_id=proposal.municipality_id,
    )  # fmt: skip
    return proposal


def merge_proposals(source: Proposal, target: Proposal, *, actor: User) -> Proposal:
    """Merge a duplicate into ``target``: supports of both are kept, each person counted once."""
    if source.id == target.id or source.consultation_id != target.consultation_id:
        raise DomainError(_("Choose another proposal of the same consultation."), status=422)
    if source.merged_into_id is not None or target.merged_into_id is not None:
        raise DomainError(_("One of these proposals has already been merged."))
    if target.is_withdrawn:
        raise DomainError(_("A proposal cannot be merged into a withdrawn one."))
    consultation = target.consultation
    # Lock both rows (PostgreSQL) so supports given meanwhile wait for the merge.
    db.session.execute(
        select(Proposal.id).where(Proposal.id.in_([source.id, target.id])).with_for_update()
    )
    before = db.session.execute(
        select(func.count()).select_from(Support).where(
            Support.proposal_id.in_([source.id, target.id])
        )
    ).scalar_one()  # fmt: skip
    moved = _moved_supports(source.id, target.id)
    db.session.execute(
        insert(Support).from_select(
            ["user_id", "proposal_id", "consultation_id", "municipality_id", "created_at"], moved
        )
    )
    db.session.execute(delete(Support).where(Support.proposal_id == source.id))
    after = db.session.execute(
        select(func.count()).select_from(Support).where(Support.proposal_id == target.id)
    ).scalar_one()
    db.session.execute(
        update(Proposal)
        .where(Proposal.id == target.id)
        .values(supports_count=after, qualifies=after >= consultation.support_threshold)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Proposal)
        .where(Proposal.id == source.id)
        .values(supports_count=0, qualifies=False, state=ProposalState.WITHDRAWN,
                merged_into_id=target.id)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    db.session.execute(
        update(Consultation)
        .where(Consultation.id == consultation.id)
        .values(supports_count=Consultation.supports_count - (before - after))
        .execution_options(synchronize_session=False)
    )
    db.session.expire_all()
    audit.record("proposals.merge", actor=actor, municipality=consultation.municipality,
                 target=target, source_id=source.id, duplicates=before - after)  # fmt: skip
    source_title, target_title = source.title, target.title
    _notify_state_change(
        source, actor,
        lambda: _("“%(source)s” was merged into “%(target)s”.", source=source_title,
                  target=target_title),
        url=proposal_path(target),
    )  # fmt: skip
    for user_id in notifications.follower_ids(source):
        notifications.follow(db.session.get_one(User, user_id), target)
    return target


def _moved_supports(source_id: int, target_id: int) -> Select[int, int, int, int, datetime]:
    already = Support.__table__.alias("already")
    return select(
        Support.user_id, literal(target_id), Support.consultation_id, Support.municipality_id,
        Support.created_at,
    ).where(
        Support.proposal_id == source_id,
        ~exists().where(already.c.proposal_id == target_id, already.c.user_id == Support.user_id),
    )  # fmt: skip


# Presentation helpers ---------------------------------------------------------------------------


# Portuguese and Spanish agree the adjective with "proposta"/"propuesta" (feminine). Lazy: a list
# page asks for a label per card and per filter option, and only the asked one is translated.
_STATE_LABELS = {
    "published": pgettext("proposal state", "Published"),
    "withdrawn": pgettext("proposal state", "Withdrawn"),
    "under_evaluation": pgettext("proposal state", "Under evaluation"),
    "accepted": pgettext("proposal state", "Accepted"),
    "rejected": pgettext("proposal state", "Rejected"),
    "implemented": pgettext("proposal state", "Implemented"),
}


def state_label(state: str) -> str:
    label = _STATE_LABELS.get(state)
    return str(label) if label is not None else state


@dataclass(frozen=True)
class ReaderFacts:
    """What a proposal's page says about the person reading it."""

    remaining: int
    supported: bool = False
    reported: bool = False
    following: bool = False


def reader_probes(user: Visitor, proposal: Proposal) -> list[Probe | None]:
    """What :func:`reader_facts` asks, for a page to ask with its other questions."""
    from participa.moderation.services import reported_probe
    from participa.notifications.services import following_probe

    return [
        supports.supported_probe(user, proposal),
        supports.used_probe(user, proposal.consultation),
        reported_probe(user, "proposal", proposal.id),
        following_probe(user, proposal),
    ]


def reader_facts(user: Visitor, proposal: Proposal) -> ReaderFacts:
    """Whether the reader supports, has reported and follows the proposal, and how many supports
    they have left, in one query unless the page asked already (none for anonymous visitors)."""
    consultation = proposal.consultation
    if not is_authenticated(user):
        return ReaderFacts(remaining=remaining_of(consultation, 0))
    from participa.moderation.services import has_reported

    prefetch(*reader_probes(user, proposal))
    return ReaderFacts(
        remaining=supports.remaining_supports(user, consultation),
        supported=supports.supports(user, proposal),
        reported=has_reported(user, "proposal", proposal.id),
        following=notifications.is_following(user, proposal),
    )


def proposal_path(proposal: Proposal) -> str:
    from participa.municipalities.models import Municipality

    municipality = db.session.get_one(Municipality, proposal.municipality_id)
    return url_for("proposals.detail", municipality=municipality.slug, proposal_id=proposal.id)
