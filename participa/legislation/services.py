"""Staff work on drafts: create, edit, publish versions, open, close, decide and respond."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, insert, select, union, update
from sqlalchemy.orm import aliased

from participa.core import audit
from participa.core.errors import DomainError
from participa.core.security import check_storable
from participa.db import utcnow
from participa.extensions import db
from participa.legislation import parsing
from participa.legislation.diffing import same_text
from participa.legislation.models import (
    Amendment,
    AmendmentState,
    AmendmentSupport,
    ArticleVote,
    Draft,
    DraftStatus,
    DraftVersion,
    Passage,
    Question,
    QuestionAnswer,
    QuestionKind,
    Section,
    SectionKind,
    SectionSource,
    VoteValue,
)
from participa.municipalities.models import Municipality

if TYPE_CHECKING:
    from sqlalchemy import ScalarSelect

    from participa.accounts.models import User

logger = logging.getLogger(__name__)

DRAFT_FIELDS = (
    "title",
    "kind",
    "summary",
    "explanatory_statement",
    "destination_body",
    "opens_at",
    "closes_at",
    "participation",
    "consultation_id",
)


def _check_period(data: dict[str, Any]) -> None:
    opens, closes = data.get("opens_at"), data.get("closes_at")
    if opens and closes and closes <= opens:
        raise DomainError(_("The participation period must close after it opens."), status=422)


def _check_consultation(municipality_id: int, consultation_id: int | None) -> None:
    if consultation_id is None:
        return
    from participa.consultations.models import Consultation

    found = db.session.scalar(
        select(Consultation.id).where(
            Consultation.id == consultation_id, Consultation.municipality_id == municipality_id
        )
    )
    if found is None:
        raise DomainError(_("Choose a consultation of this municipality."), status=422)


def create_draft(municipality: Municipality, *, actor: User, data: dict[str, Any]) -> Draft:
    """Create an unpublished draft in a municipality."""
    _check_period(data)
    _check_consultation(municipality.id, data.get("consultation_id"))
    draft = Draft(
        municipality_id=municipality.id,
        created_by_id=actor.id,
        **{name: data.get(name) for name in DRAFT_FIELDS if data.get(name) is not None},
    )
    db.session.add(draft)
    db.session.flush()
    audit.record("legislation.create", actor=actor, municipality=municipality, target=draft)
    return draft


def update_draft(draft: Draft, *, actor: User, data: dict[str, Any]) -> Draft:
    """Change a draft's description, period and participation rule."""
    _check_period(data)
    _check_consultation(draft.municipality_id, data.get("consultation_id"))
    for name in DRAFT_FIELDS:
        if name in data:
            setattr(draft, name, data[name])
    db.session.flush()
    audit.record_on(draft, "legislation.edit", actor=actor)
    return draft


def versions_of(draft: Draft) -> list[DraftVersion]:
    return list(
        db.session.scalars(
            select(DraftVersion)
            .where(DraftVersion.draft_id == draft.id)
            .order_by(DraftVersion.number)
        )
    )


def sections_of(version_id: int | None, *, articles_only: bool = False) -> list[Section]:
    """The sections of a version in reading order (one query)."""
    if version_id is None:
        return []
    query = select(Section).where(Section.version_id == version_id)
    if articles_only:
        query = query.where(Section.kind == SectionKind.ARTICLE)
    return list(db.session.scalars(query.order_by(Section.position)))


def check_source(source: str) -> parsing.ParseResult:
    """Parse a text staff pasted or uploaded; refuse texts without any article."""
    if len(source or "") > parsing.MAX_SOURCE:
        raise DomainError(_("The text is too long."), status=413)
    check_storable(source or "")  # an uploaded file's contents (form fields are checked before)
    result = parsing.parse_draft(source)
    if not result.articles:
        raise DomainError(_("No article was found in the text."), status=422)
    return result


def publish_version(
    draft: Draft,
    *,
    actor: User,
    source: str,
    change_note: str = "",
    provenance: Mapping[str, Iterable[tuple[str, int]]] | None = None,
) -> DraftVersion:
    """Publish the text as the draft's next version; earlier versions keep their participation.

    Articles whose wording did not change carry their votes into the new version; changed and
    new articles start afresh. ``provenance`` maps an article key to the ("amendment" |
    "comment", id) pairs the change answers; only amendments and comments of the same article
    in the previous version count.
    """
    if draft.status == DraftStatus.CLOSED:
        raise DomainError(_("This draft is closed; its text can no longer change."))
    result = check_source(source)
    # Votes take a share lock on the draft (participation.cast_vote): none lands on the previous
    # text between copying its votes and switching to the new one.
    db.session.execute(select(Draft.id).where(Draft.id == draft.id).with_for_update())
    previous = draft.current_version_id
    number = (
        db.session.scalar(
            select(func.max(DraftVersion.number)).where(DraftVersion.draft_id == draft.id)
        )
        or 0
    ) + 1
    version = DraftVersion(
        draft_id=draft.id,
        number=number,
        source=source,
        preamble=result.preamble,
        change_note=change_note or "",
        published_by_id=actor.id,
    )
    db.session.add(version)
    db.session.flush()
    unchanged = _unchanged_articles(previous, result.sections)
    by_key: dict[str, Section] = {}
    for position, parsed in enumerate(result.sections):
        section = Section(
            municipality_id=draft.municipality_id,
            draft_id=draft.id,
            version_id=version.id,
            parent_id=by_key[parsed.parent_key].id if parsed.parent_key else None,
            kind=parsed.kind,
            key=parsed.key,
            number=parsed.number[:30],
            heading=parsed.heading[:300],
            body=parsed.body,
            position=position,
            carried_from_id=unchanged.get(parsed.key),
        )
        db.session.add(section)
        db.session.flush()
        by_key[parsed.key] = section
    if unchanged:
        _carry_votes(version.id)
        for section in by_key.values():
            db.session.expire(section, list(_TALLIES))
    if previous is not None and provenance:
        _record_provenance(previous, by_key, provenance)
    draft.current_version_id = version.id
    db.session.flush()
    audit.record_on(draft, "legislation.publish_version", actor=actor, version=number)
    logger.info("draft %s version %s published (%s sections)", draft.id, number, len(by_key))
    return version


def _unchanged_articles(
    previous_version_id: int | None, parsed: list[parsing.ParsedSection]
) -> dict[str, int]:
    """Map the key of each article whose wording did not change to its previous section's id."""
    if previous_version_id is None:
        return {}
    old = {s.key: s for s in sections_of(previous_version_id, articles_only=True)}
    return {
        new.key: old[new.key].id
        for new in parsed
        if new.kind == SectionKind.ARTICLE
        and new.key in old
        and same_text(old[new.key], SimpleNamespace(
            number=new.number[:30], heading=new.heading[:300], body=new.body
        ))
    }  # fmt: skip


_TALLIES = {
    "votes_in_favour": VoteValue.IN_FAVOUR,
    "votes_against": VoteValue.AGAINST,
    "votes_abstain": VoteValue.ABSTAIN,
}


def _carry_votes(version_id: int) -> None:
    """Copy the votes of unchanged articles into the new version and count them there.

    The copies are new rows (one per person and article, so the unique constraint holds and a
    person changes their carried vote rather than adding one); the earlier version keeps its
    own rows and counts. The counters are recounted from the rows, never added to.
    """
    carried = aliased(Section)
    db.session.execute(
        insert(ArticleVote).from_select(
            ["draft_id", "section_id", "user_id", "value", "created_at", "updated_at"],
            select(
                ArticleVote.draft_id,
                carried.id,
                ArticleVote.user_id,
                ArticleVote.value,
                ArticleVote.created_at,
                ArticleVote.updated_at,
            )
            .join(carried, carried.carried_from_id == ArticleVote.section_id)
            .where(carried.version_id == version_id),
        )
    )

    def tally(value: VoteValue) -> ScalarSelect[int]:
        return (
            select(func.count())
            .select_from(ArticleVote)
            .where(ArticleVote.section_id == Section.id, ArticleVote.value == value)
            .scalar_subquery()
        )

    db.session.execute(
        update(Section)
        .where(Section.version_id == version_id, Section.carried_from_id.is_not(None))
        .values({column: tally(value) for column, value in _TALLIES.items()})
        .execution_options(synchronize_session=False)
    )


def participant_ids(draft: Draft) -> set[int]:
    """Everyone who voted, commented, amended, supported an amendment or answered a question on
    any version of the draft, and everyone following it (one query)."""
    from participa.comments.models import Comment
    from participa.notifications.models import Follow

    sections = select(Section.id).where(Section.draft_id == draft.id)
    passages = select(Passage.id).where(Passage.draft_id == draft.id)
    everyone = union(
        select(ArticleVote.user_id).where(ArticleVote.draft_id == draft.id),
        select(Amendment.author_id).where(Amendment.draft_id == draft.id),
        select(AmendmentSupport.user_id)
        .join(Amendment, Amendment.id == AmendmentSupport.amendment_id)
        .where(Amendment.draft_id == draft.id),
        select(QuestionAnswer.user_id)
        .join(Question, Question.id == QuestionAnswer.question_id)
        .where(Question.draft_id == draft.id),
        select(Comment.author_id).where(
            Comment.commentable_type == "article",
            Comment.commentable_id.in_(sections),
            Comment.deleted_at.is_(None),
        ),
        select(Comment.author_id).where(
            Comment.commentable_type == "passage",
            Comment.commentable_id.in_(passages),
            Comment.deleted_at.is_(None),
        ),
        select(Follow.user_id).where(
            Follow.target_type == Draft.__tablename__, Follow.target_id == draft.id
        ),
    ).subquery()
    return {user_id for user_id in db.session.scalars(select(everyone.c[0])) if user_id}


def announce_version(draft: Draft, version: DraftVersion, *, actor: User) -> int:
    """Tell everyone who took part in or follows a public draft that a new text is out, once
    each (in the app, and by e-mail as each of them chose); return how many were told."""
    from participa.core.mail import url_context
    from participa.notifications.services import notify

    if version.number < 2 or draft.status == DraftStatus.DRAFT:
        return 0
    with url_context():
        url = url_for(
            "legislation.compare", municipality=draft.municipality.slug, draft_id=draft.id
        )
    return notify(
        participant_ids(draft),
        "new_version",
        target=draft,
        url=url,
        summary=lambda: _("New version of %(title)s", title=draft.title),
        actor_id=getattr(actor, "id", None),
        municipality_id=draft.municipality_id,
    )


def _record_provenance(
    previous_version_id: int,
    new_sections: dict[str, Section],
    provenance: Mapping[str, Iterable[tuple[str, int]]],
) -> None:
    from participa.comments.models import Comment

    old = {s.key: s.id for s in sections_of(previous_version_id, articles_only=True)}
    for key, items in provenance.items():
        if key not in new_sections or key not in old:
            continue
        for source_kind, source_id in items:
            if source_kind == "amendment":
                valid = db.session.scalar(
                    select(Amendment.id).where(
                        Amendment.id == source_id, Amendment.section_id == old[key]
                    )
                )
                row = SectionSource(section_id=new_sections[key].id, amendment_id=valid)
            else:
                valid = db.session.scalar(
                    select(Comment.id).where(
                        Comment.id == source_id,
                        Comment.commentable_type == "article",
                        Comment.commentable_id == old[key],
                    )
                )
                row = SectionSource(section_id=new_sections[key].id, comment_id=valid)
            if valid is not None:
                db.session.add(row)
    db.session.flush()


def source_with_accepted_amendments(draft: Draft) -> str:
    """The current text with every accepted amendment's wording in place (a start for v+1)."""
    version = draft.current_version
    if version is None:
        return ""
    sections = sections_of(version.id)
    accepted = {
        a.section_id: a.text
        for a in db.session.scalars(
            select(Amendment)
            .where(
                Amendment.section_id.in_([s.id for s in sections]),
                Amendment.state == AmendmentState.ACCEPTED,
            )
            .order_by(Amendment.decided_at)
        )
    }
    rewritten = [
        SimpleNamespace(
            kind=s.kind, number=s.number, heading=s.heading, body=accepted.get(s.id, s.body)
        )
        for s in sections
    ]
    return parsing.to_markdown(version.preamble, rewritten)


def publish_draft(draft: Draft, *, actor: User) -> Draft:
    """Open a draft to the public; it needs a published text."""
    if draft.status != DraftStatus.DRAFT:
        raise DomainError(_("This draft is already published."))
    if draft.current_version_id is None:
        raise DomainError(_("Publish a text before opening the draft."))
    draft.status = DraftStatus.PUBLISHED
    draft.published_at = utcnow()
    db.session.flush()
    audit.record_on(draft, "legislation.publish", actor=actor)
    return draft


def close_draft(draft: Draft, *, actor: User) -> Draft:
    """Close participation now (the report becomes public)."""
    if draft.status != DraftStatus.PUBLISHED:
        raise DomainError(_("Only a published draft can be closed."))
    draft.status = DraftStatus.CLOSED
    draft.closed_at = utcnow()
    if draft.closes_at is None or draft.closes_at > draft.closed_at:
        draft.closes_at = draft.closed_at
    db.session.flush()
    audit.record_on(draft, "legislation.close", actor=actor)
    return draft


def decide_amendment(amendment: Amendment, *, actor: User, accept: bool, note: str) -> Amendment:
    """Accept or reject an amendment, with the reason given to its author and the public."""
    if amendment.state == AmendmentState.WITHDRAWN:
        raise DomainError(_("This amendment was withdrawn by its author."))
    amendment.state = AmendmentState.ACCEPTED if accept else AmendmentState.REJECTED
    amendment.decision_note = (note or "").strip()
    amendment.decided_at = utcnow()
    amendment.decided_by_id = actor.id
    db.session.flush()
    audit.record(
        "legislation.decide_amendment",
        actor=actor,
        municipality=db.session.get(Municipality, amendment.municipality_id),
        target=amendment,
        state=amendment.state,
    )
    return amendment


def publish_response(draft: Draft, *, actor: User, text: str) -> Draft:
    """Publish the staff's response: what changed in the final text and why."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the response."), status=422)
    if draft.status == DraftStatus.DRAFT:
        raise DomainError(_("Publish the draft before responding to participants."))
    draft.response = text
    draft.response_published_at = utcnow()
    db.session.flush()
    audit.record_on(draft, "legislation.respond", actor=actor)
    return draft


def add_question(
    draft: Draft, *, actor: User, kind: str, prompt: str, options: list[str]
) -> Question:
    """Ask participants a general question about the draft."""
    prompt = (prompt or "").strip()
    options = [o.strip() for o in options if o.strip()]
    if kind not in set(QuestionKind) or not prompt:
        raise DomainError(_("Write the question and choose its kind."), status=422)
    if kind != QuestionKind.OPEN and len(options) < 2:
        raise DomainError(_("A choice question needs at least two options."), status=422)
    if kind == QuestionKind.OPEN:
        options = []
    position = (
        db.session.scalar(
            select(func.count()).select_from(Question).where(Question.draft_id == draft.id)
        )
        or 0
    )
    question = Question(
        draft_id=draft.id, kind=kind, prompt=prompt[:500], options=options, position=position
    )
    db.session.add(question)
    db.session.flush()
    audit.record_on(draft, "legislation.add_question", actor=actor)
    return question


def questions_of(draft: Draft) -> list[Question]:
    return list(
        db.session.scalars(
            select(Question).where(Question.draft_id == draft.id).order_by(Question.position)
        )
    )
