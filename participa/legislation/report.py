"""The report for legislators: figures, per-article tallies, comments, amendments, questions,
participation over time and consensus, built in a constant number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import ColumnExpressionArgument, func, select, union

from participa.comments.models import Alignment, Comment
from participa.extensions import db
from participa.legislation import consensus as consensus_module
from participa.legislation import services
from participa.legislation.models import (
    Amendment,
    AmendmentState,
    AmendmentSupport,
    ArticleVote,
    Draft,
    DraftVersion,
    Passage,
    Question,
    QuestionAnswer,
    QuestionKind,
    Section,
)
from participa.legislation.report_versions import Decision, decisions_of

TOP_COMMENTS = 3
SUMMARY_SIZE = 5
OPEN_ANSWERS_SHOWN = 50


@dataclass
class ArticleRow:
    section: Section
    in_favour: int
    against: int
    abstain: int
    comments: int
    amendments: int = 0
    consensus: float | None = None
    top_for: list[Comment] = field(default_factory=list)
    top_against: list[Comment] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.in_favour + self.against + self.abstain

    def share(self, value: int) -> float:
        return value / self.total if self.total else 0.0

    @property
    def contested(self) -> float:
        """1 when in favour and against are even, 0 when one side has every vote."""
        decided = self.in_favour + self.against
        return 1 - abs(self.in_favour - self.against) / decided if decided else 0.0


@dataclass
class QuestionResult:
    question: Question
    answers: int
    counts: list[tuple[str, int]]
    texts: list[str]


@dataclass
class Report:
    draft: Draft
    version: DraftVersion
    participants: int
    votes: int
    comments: int
    amendments: list[Amendment]
    articles: list[ArticleRow]
    questions: list[QuestionResult]
    timeline: list[tuple[str, int, int]]  # (day, votes, comments)
    consensus: consensus_module.Result
    sections_by_id: dict[int, Section]
    # Across every version: participation stays on the version it was made on.
    decisions: list[Decision] = field(default_factory=list)

    @property
    def most_contested(self) -> list[ArticleRow]:
        voted = [a for a in self.articles if a.in_favour + a.against]
        return sorted(voted, key=lambda a: (-a.contested, -a.total, a.section.position))[
            :SUMMARY_SIZE
        ]

    @property
    def most_supported(self) -> list[ArticleRow]:
        voted = [a for a in self.articles if a.total]
        return sorted(voted, key=lambda a: (-a.share(a.in_favour), -a.total, a.section.position))[
            :SUMMARY_SIZE
        ]

    @property
    def bridging(self) -> list[consensus_module.ItemScore]:
        return [s for s in self.consensus.items if s.seen][:SUMMARY_SIZE]


def build_report(draft: Draft, version: DraftVersion) -> Report:
    """Gather everything the report shows for one version of a draft."""
    sections = services.sections_of(version.id)
    articles = [s for s in sections if s.is_article]
    ids = [s.id for s in articles]
    passage_ids = (
        list(db.session.scalars(select(Passage.id).where(Passage.section_id.in_(ids))))
        if ids
        else []
    )
    rows = {
        s.id: ArticleRow(s, s.votes_in_favour, s.votes_against, s.votes_abstain, s.comments_count)
        for s in articles
    }
    amendments = _amendments(ids)
    for amendment in amendments:
        if amendment.state != AmendmentState.WITHDRAWN:
            rows[amendment.section_id].amendments += 1
    _attach_top_comments(rows)
    result = consensus_module.for_version(version.id)
    for item in result.items:
        if item.item.kind == "article":
            rows[item.item.id].consensus = item.consensus
    comments_total = sum(r.comments for r in rows.values()) + _passage_comments(passage_ids)
    return Report(
        draft=draft,
        version=version,
        participants=_participants(draft, ids, passage_ids),
        votes=sum(r.total for r in rows.values()),
        comments=comments_total,
        amendments=amendments,
        articles=list(rows.values()),
        questions=_questions(draft),
        timeline=_timeline(ids, passage_ids),
        consensus=result,
        sections_by_id={s.id: s for s in sections},
        decisions=decisions_of(draft),
    )


def _amendments(section_ids: list[int]) -> list[Amendment]:
    if not section_ids:
        return []
    return list(
        db.session.scalars(
            select(Amendment)
            .where(Amendment.section_id.in_(section_ids))
            .order_by(Amendment.supports_count.desc(), Amendment.id)
        )
    )


def _visible_comments(kind: str, ids: list[int]) -> tuple[ColumnExpressionArgument[bool], ...]:
    return (
        Comment.commentable_type == kind,
        Comment.commentable_id.in_(ids),
        Comment.parent_id.is_(None),
        Comment.is_visible,
    )


def _attach_top_comments(rows: dict[int, ArticleRow]) -> None:
    """The best-scored comments in favour and against on every article (one window query)."""
    if not rows:
        return
    rank = (
        func.row_number()
        .over(
            partition_by=(Comment.commentable_id, Comment.alignment),
            order_by=(Comment.score.desc(), Comment.id),
        )
        .label("rank")
    )
    inner = (
        select(Comment.id, rank)
        .where(
            *_visible_comments("article", list(rows)),
            Comment.alignment.in_([Alignment.IN_FAVOUR, Alignment.AGAINST]),
        )
        .subquery()
    )
    best = db.session.scalars(
        select(Comment)
        .join(inner, inner.c.id == Comment.id)
        .where(inner.c.rank <= TOP_COMMENTS)
        .order_by(Comment.score.desc(), Comment.id)
    )
    for comment in best:
        row = rows[comment.commentable_id]
        side = row.top_for if comment.alignment == Alignment.IN_FAVOUR else row.top_against
        side.append(comment)


def _passage_comments(passage_ids: list[int]) -> int:
    if not passage_ids:
        return 0
    return db.session.execute(
        select(func.coalesce(func.sum(Passage.comments_count), 0)).where(
            Passage.id.in_(passage_ids)
        )
    ).scalar_one()


def _participants(draft: Draft, section_ids: list[int], passage_ids: list[int]) -> int:
    """Distinct people who voted, amended, supported, answered or commented (one query)."""
    parts = [
        select(ArticleVote.user_id).where(ArticleVote.section_id.in_(section_ids)),
        select(Amendment.author_id).where(Amendment.section_id.in_(section_ids)),
        select(AmendmentSupport.user_id)
        .join(Amendment, Amendment.id == AmendmentSupport.amendment_id)
        .where(Amendment.section_id.in_(section_ids)),
        select(QuestionAnswer.user_id)
        .join(Question, Question.id == QuestionAnswer.question_id)
        .where(Question.draft_id == draft.id),
        select(Comment.author_id).where(
            Comment.commentable_type == "article", Comment.commentable_id.in_(section_ids)
        ),
        select(Comment.author_id).where(
            Comment.commentable_type == "passage", Comment.commentable_id.in_(passage_ids)
        ),
    ]
    everyone = union(*parts).subquery()
    return db.session.execute(
        select(func.count()).select_from(everyone).where(everyone.c[0].is_not(None))
    ).scalar_one()


def _questions(draft: Draft) -> list[QuestionResult]:
    questions = services.questions_of(draft)
    if not questions:
        return []
    answers: dict[int, list[QuestionAnswer]] = {}
    for answer in db.session.scalars(
        select(QuestionAnswer)
        .where(QuestionAnswer.question_id.in_([q.id for q in questions]))
        .order_by(QuestionAnswer.updated_at.desc())
    ):
        answers.setdefault(answer.question_id, []).append(answer)
    results = []
    for question in questions:
        given = answers.get(question.id, [])
        counts = Counter(c for a in given for c in (a.choices or []))
        results.append(
            QuestionResult(
                question=question,
                answers=len(given),
                counts=[(option, counts.get(i, 0)) for i, option in enumerate(question.options)],
                texts=[a.text for a in given if a.text][:OPEN_ANSWERS_SHOWN]
                if question.kind == QuestionKind.OPEN
                else [],
            )
        )
    return results


def _timeline(section_ids: list[int], passage_ids: list[int]) -> list[tuple[str, int, int]]:
    """Votes and comments per day (two grouped queries)."""
    if not section_ids:
        return []
    day = func.date(ArticleVote.created_at)
    votes = dict(
        (str(d), n)
        for d, n in db.session.execute(
            select(day, func.count()).where(ArticleVote.section_id.in_(section_ids)).group_by(day)
        )
    )
    comment_day = func.date(Comment.created_at)
    on_text = (
        (Comment.commentable_type == "article") & Comment.commentable_id.in_(section_ids)
    ) | ((Comment.commentable_type == "passage") & Comment.commentable_id.in_(passage_ids or [-1]))
    comments = dict(
        (str(d), n)
        for d, n in db.session.execute(
            select(comment_day, func.count())
            .where(on_text, Comment.is_visible)
            .group_by(comment_day)
        )
    )
    return [(d, votes.get(d, 0), comments.get(d, 0)) for d in sorted(set(votes) | set(comments))]
