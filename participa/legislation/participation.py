"""What participants do on a draft: vote on articles, amend, support, answer, pick passages."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from flask_babel import gettext as _
from sqlalchemy import CursorResult, delete, select, update

from participa.core.authz import is_authenticated
from participa.core.errors import DomainError
from participa.core.participation import check_may_take_part, may_take_part
from participa.core.unique import add_if_new
from participa.db import utcnow
from participa.extensions import db
from participa.legislation import passages as passage_text
from participa.legislation.models import (
    Amendment,
    AmendmentState,
    AmendmentSupport,
    ArticleVote,
    Draft,
    Passage,
    Question,
    QuestionAnswer,
    QuestionKind,
    Section,
    VoteValue,
)

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.comments.models import Comment
    from participa.core.authz import Visitor

logger = logging.getLogger(__name__)

AMENDMENT_MAX = 10_000
ANSWER_MAX = 5_000
_COUNTER = {
    VoteValue.IN_FAVOUR: "votes_in_favour",
    VoteValue.AGAINST: "votes_against",
    VoteValue.ABSTAIN: "votes_abstain",
}


# --- Who may take part -----------------------------------------------------------------------


def may_participate(user: Visitor, draft: Draft) -> bool:
    """Tell whether ``user`` meets the draft's rule (registered, or verified resident)."""
    return may_take_part(user, draft.municipality, draft.participation)


def ensure_open(draft: Draft, section: Section | None = None) -> None:
    """Raise a 409 unless the draft takes part now (and the section is of the current text)."""
    if not draft.is_open:
        raise DomainError(_("Participation on this draft is not open."), status=409)
    if section is not None and section.version_id != draft.current_version_id:
        raise DomainError(_("This article belongs to an earlier version of the text."), status=409)
    if section is not None and not section.is_article:
        raise DomainError(_("Only articles take votes and amendments."), status=409)


def ensure_may_participate(user: Visitor, draft: Draft) -> None:
    """Raise a 403 unless ``user`` meets the draft's participation rule."""
    check_may_take_part(
        user, draft.municipality, draft.participation,
        residents_only=_("Only verified residents of %(name)s can take part in this draft.",
                         name=draft.municipality.name),
    )  # fmt: skip


def _check(user: User, draft: Draft, section: Section | None = None) -> None:
    ensure_may_participate(user, draft)
    ensure_open(draft, section)


# --- Votes -----------------------------------------------------------------------------------


def _bump(section_id: int, value: str, delta: int) -> None:
    column = getattr(Section, _COUNTER[VoteValue(value)])
    db.session.execute(
        update(Section).where(Section.id == section_id).values({column: column + delta})
    )


def _lock_current_text(draft: Draft, section: Section) -> None:
    # Publishing a version copies the votes of unchanged articles under an exclusive lock on
    # the draft; a vote waits for it, then finds its article superseded instead of being lost.
    current = db.session.scalar(
        select(Draft.current_version_id).where(Draft.id == draft.id).with_for_update(read=True)
    )
    if current != section.version_id:
        raise DomainError(_("This article belongs to an earlier version of the text."), status=409)


def cast_vote(draft: Draft, section: Section, *, voter: User, value: str) -> ArticleVote:
    """Record or change a person's vote on an article while the draft is open.

    Insert first; when the unique constraint says the person already voted, change the value
    with a compare-and-set UPDATE so that parallel requests never count a vote twice.
    """
    _check(voter, draft, section)
    if value not in set(VoteValue):
        raise DomainError(_("Choose in favour, against or abstain."), status=422)
    _lock_current_text(draft, section)
    now = utcnow()
    vote = ArticleVote(
        draft_id=draft.id,
        section_id=section.id,
        user_id=voter.id,
        value=value,
        created_at=now,
        updated_at=now,
    )
    if add_if_new(vote):
        _bump(section.id, value, +1)
        db.session.expire(section)
        return vote
    for _attempt in range(3):
        existing = db.session.scalars(
            select(ArticleVote).where(
                ArticleVote.user_id == voter.id, ArticleVote.section_id == section.id
            )
        ).one()
        old = existing.value
        if old == value:
            return existing
        changed = cast(
            CursorResult[Any],
            db.session.execute(
                update(ArticleVote)
                .where(ArticleVote.id == existing.id, ArticleVote.value == old)
                .values(value=value, updated_at=now)
                .execution_options(synchronize_session=False)
            ),
        ).rowcount
        db.session.expire(existing)
        if changed == 1:
            _bump(section.id, old, -1)
            _bump(section.id, value, +1)
            db.session.expire(section)
            return existing
    raise DomainError(_("Your vote changed at the same time elsewhere; try again."), status=409)


def votes_of(user: Visitor, section_ids: list[int]) -> dict[int, str]:
    """The person's votes on these sections (one query)."""
    if not is_authenticated(user) or not section_ids:
        return {}
    rows = db.session.execute(
        select(ArticleVote.section_id, ArticleVote.value).where(
            ArticleVote.user_id == user.id, ArticleVote.section_id.in_(section_ids)
        )
    )
    return dict(rows.all())


# --- Amendments ------------------------------------------------------------------------------


def propose_amendment(
    draft: Draft, section: Section, *, author: User, text: str, justification: str
) -> Amendment:
    """Propose alternative wording for an article of the current text."""
    _check(author, draft, section)
    text = (text or "").strip()
    if not text or len(text) > AMENDMENT_MAX:
        raise DomainError(_("Write the wording you propose."), status=422)
    if text == section.body.strip():
        raise DomainError(_("The wording you propose is the same as the article's."), status=422)
    amendment = Amendment(
        municipality_id=draft.municipality_id,
        draft_id=draft.id,
        section_id=section.id,
        author_id=author.id,
        text=text,
        justification=(justification or "").strip()[:ANSWER_MAX],
    )
    db.session.add(amendment)
    db.session.flush()
    return amendment


def _amendment_section(draft: Draft, amendment: Amendment) -> Section:
    return db.session.get_one(Section, amendment.section_id)


def support_amendment(draft: Draft, amendment: Amendment, *, supporter: User) -> bool:
    """Support an amendment (idempotent); answers whether a new support was recorded."""
    _check(supporter, draft, _amendment_section(draft, amendment))
    if amendment.state != AmendmentState.PUBLISHED:
        raise DomainError(_("This amendment no longer takes supports."), status=409)
    if amendment.author_id == supporter.id:
        raise DomainError(_("You cannot support your own amendment."), status=409)
    if not add_if_new(AmendmentSupport(amendment_id=amendment.id, user_id=supporter.id)):
        return False
    db.session.execute(
        update(Amendment)
        .where(Amendment.id == amendment.id)
        .values(supports_count=Amendment.supports_count + 1)
    )
    db.session.expire(amendment)
    return True


def unsupport_amendment(draft: Draft, amendment: Amendment, *, supporter: User) -> bool:
    """Withdraw a support while the draft is open."""
    _check(supporter, draft, _amendment_section(draft, amendment))
    removed = cast(
        CursorResult[Any],
        db.session.execute(
            delete(AmendmentSupport).where(
                AmendmentSupport.amendment_id == amendment.id,
                AmendmentSupport.user_id == supporter.id,
            )
        ),
    ).rowcount
    if removed:
        db.session.execute(
            update(Amendment)
            .where(Amendment.id == amendment.id)
            .values(supports_count=Amendment.supports_count - removed)
        )
        db.session.expire(amendment)
    return bool(removed)


def withdraw_amendment(draft: Draft, amendment: Amendment, *, actor: User) -> Amendment:
    """The author withdraws an amendment that nobody supports yet."""
    if amendment.author_id != actor.id:
        raise DomainError(_("Only its author can withdraw an amendment."), status=403)
    if amendment.state != AmendmentState.PUBLISHED or amendment.supports_count > 0:
        raise DomainError(_("An amendment with supports or a decision cannot be withdrawn."))
    amendment.state = AmendmentState.WITHDRAWN
    db.session.flush()
    return amendment


def supported_ids(user: Visitor, amendment_ids: list[int]) -> set[int]:
    if not is_authenticated(user) or not amendment_ids:
        return set()
    return set(
        db.session.scalars(
            select(AmendmentSupport.amendment_id).where(
                AmendmentSupport.user_id == user.id,
                AmendmentSupport.amendment_id.in_(amendment_ids),
            )
        )
    )


# --- Questions -------------------------------------------------------------------------------


def answer_question(
    draft: Draft, question: Question, *, person: User, text: str = "", choices: Sequence[int] = ()
) -> QuestionAnswer:
    """Answer (or change the answer to) a question while the draft is open."""
    _check(person, draft)
    choices = sorted({int(c) for c in choices})
    text = (text or "").strip()
    if question.kind == QuestionKind.OPEN:
        if not text or len(text) > ANSWER_MAX:
            raise DomainError(_("Write your answer."), status=422)
        choices = []
    else:
        if not choices or any(c < 0 or c >= len(question.options) for c in choices):
            raise DomainError(_("Choose an option."), status=422)
        if question.kind == QuestionKind.SINGLE and len(choices) != 1:
            raise DomainError(_("Choose one option."), status=422)
        text = ""
    now = utcnow()
    answer = QuestionAnswer(question_id=question.id, user_id=person.id, text=text, choices=choices)
    if add_if_new(answer):
        return answer
    answer = db.session.scalars(
        select(QuestionAnswer).where(
            QuestionAnswer.question_id == question.id, QuestionAnswer.user_id == person.id
        )
    ).one()
    answer.text, answer.choices, answer.updated_at = text, choices, now
    db.session.flush()
    return answer


def answers_of(user: Visitor, question_ids: list[int]) -> dict[int, QuestionAnswer]:
    if not is_authenticated(user) or not question_ids:
        return {}
    rows = db.session.scalars(
        select(QuestionAnswer).where(
            QuestionAnswer.user_id == user.id, QuestionAnswer.question_id.in_(question_ids)
        )
    )
    return {a.question_id: a for a in rows}


# --- Passages --------------------------------------------------------------------------------


def find_or_create_passage(
    draft: Draft, section: Section, *, author: User, start: int, end: int, quote: str = ""
) -> Passage:
    """The passage for this range of the article's text, created on first use.

    The quote is always taken from the article itself; a quote sent by the browser only helps
    find the range again when the offsets drifted.
    """
    _check(author, draft, section)
    text = passage_text.article_text(section.body)
    found = passage_text.anchor(text, start, end, (quote or "").strip())
    if found is None or not (0 <= found[0] < found[1] <= len(text)):
        raise DomainError(_("Choose a passage of the article."), status=422)
    start, end = found
    if end - start > passage_text.QUOTE_MAX:
        raise DomainError(_("Choose a shorter passage (one or two sentences)."), status=422)
    quote = text[start:end]
    existing = _passage_at(section.id, start, end)
    if existing is not None:
        return existing
    passage = Passage(
        municipality_id=draft.municipality_id,
        draft_id=draft.id,
        section_id=section.id,
        author_id=author.id,
        start_offset=start,
        end_offset=end,
        quote=quote,
    )
    if not add_if_new(passage):
        existing = _passage_at(section.id, start, end)
        assert existing is not None  # the unique constraint fired: another request made it
        return existing
    return passage


def _passage_at(section_id: int, start: int, end: int) -> Passage | None:
    return db.session.scalars(
        select(Passage).where(
            Passage.section_id == section_id,
            Passage.start_offset == start,
            Passage.end_offset == end,
        )
    ).first()


def comment_on_passage(
    draft: Draft,
    section: Section,
    *,
    author: User,
    start: int,
    end: int,
    quote: str,
    body: str,
    alignment: str,
    honeypot: str | None = None,
) -> tuple[Passage, Comment]:
    """Anchor a passage and post the person's comment on it through the shared comments."""
    from participa.comments.services import ensure_can_comment, post_comment

    passage = find_or_create_passage(
        draft, section, author=author, start=start, end=end, quote=quote
    )
    ensure_can_comment(author, "passage", passage)
    comment = post_comment(
        "passage", passage, author=author, body=body, alignment=alignment, honeypot=honeypot
    )
    return passage, comment


def passages_of(section_ids: list[int]) -> dict[int, list[Passage]]:
    """Passages with at least one shown comment, grouped by section (one query)."""
    if not section_ids:
        return {}
    grouped: dict[int, list[Passage]] = {}
    for passage in db.session.scalars(
        select(Passage)
        .where(Passage.section_id.in_(section_ids), Passage.comments_count > 0)
        .order_by(Passage.start_offset, Passage.id)
    ):
        grouped.setdefault(passage.section_id, []).append(passage)
    return grouped
