"""Votes, amendments, supports, questions, passages and versions, without HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from participa.comments.models import Comment
from participa.comments.services import post_comment
from participa.core.errors import DomainError
from participa.extensions import db
from participa.legislation import parsing, participation, services
from participa.legislation.models import (
    ArticleVote,
    Passage,
    Section,
    SectionSource,
)
from participa.legislation.passages import sentences
from tests import factories
from tests.legislation.support import SOURCE, articles, make_draft
from tests.rows import count_rows


@pytest.fixture
def draft(municipality, staff):
    return make_draft(municipality, staff=staff)


def _counts(section):
    db.session.refresh(section)
    return section.votes_in_favour, section.votes_against, section.votes_abstain


def test_vote_is_unique_and_changeable(draft, user):
    art = articles(draft)[0]
    participation.cast_vote(draft, art, voter=user, value="in_favour")
    participation.cast_vote(draft, art, voter=user, value="in_favour")
    assert _counts(art) == (1, 0, 0)
    participation.cast_vote(draft, art, voter=user, value="against")
    db.session.commit()
    assert _counts(art) == (0, 1, 0)
    assert count_rows(ArticleVote) == 1
    assert participation.votes_of(user, [art.id]) == {art.id: "against"}


def test_database_refuses_a_second_vote_row(draft, user):
    art = articles(draft)[0]
    participation.cast_vote(draft, art, voter=user, value="abstain")
    db.session.add(
        ArticleVote(draft_id=draft.id, section_id=art.id, user_id=user.id, value="against")
    )
    with pytest.raises(Exception, match=r"UNIQUE|unique|duplicate"):
        db.session.flush()
    db.session.rollback()


def test_counters_stay_right_with_many_voters(draft):
    art = articles(draft)[1]
    people = [factories.UserFactory() for _ in range(6)]
    for index, person in enumerate(people):
        participation.cast_vote(draft, art, voter=person, value=["in_favour", "against"][index % 2])
    participation.cast_vote(draft, art, voter=people[1], value="abstain")
    db.session.commit()
    assert _counts(art) == (3, 2, 1)


def test_vote_after_close_is_a_conflict(municipality, staff, user):
    closed = make_draft(municipality, staff=staff, status="closed")
    with pytest.raises(DomainError) as exc:
        participation.cast_vote(closed, articles(closed)[0], voter=user, value="in_favour")
    assert exc.value.status == 409


def test_vote_after_the_period_is_a_conflict(municipality, staff, user):
    late = make_draft(
        municipality, staff=staff, opens_delta=timedelta(days=-10), closes_delta=timedelta(days=-1)
    )
    assert late.is_closed and not late.is_open
    with pytest.raises(DomainError) as exc:
        participation.cast_vote(late, articles(late)[0], voter=user, value="in_favour")
    assert exc.value.status == 409


def test_verified_only_refuses_unverified_people(municipality, staff, user, resident):
    draft = make_draft(municipality, staff=staff, participation="verified")
    with pytest.raises(DomainError) as exc:
        participation.cast_vote(draft, articles(draft)[0], voter=user, value="in_favour")
    assert exc.value.status == 403
    participation.cast_vote(draft, articles(draft)[0], voter=resident, value="in_favour")


def test_titles_take_no_votes(draft, user):
    title = services.sections_of(draft.current_version_id)[0]
    with pytest.raises(DomainError):
        participation.cast_vote(draft, title, voter=user, value="in_favour")


def test_amendment_support_and_withdraw(draft, user):
    art = articles(draft)[0]
    author = factories.UserFactory()
    amendment = participation.propose_amendment(
        draft, art, author=author, text="Texto nuevo.", justification="Más claro."
    )
    with pytest.raises(DomainError):
        participation.support_amendment(draft, amendment, supporter=author)
    assert participation.support_amendment(draft, amendment, supporter=user)
    assert not participation.support_amendment(draft, amendment, supporter=user)
    db.session.refresh(amendment)
    assert amendment.supports_count == 1
    with pytest.raises(DomainError):
        participation.withdraw_amendment(draft, amendment, actor=author)
    participation.unsupport_amendment(draft, amendment, supporter=user)
    db.session.refresh(amendment)
    assert amendment.supports_count == 0
    participation.withdraw_amendment(draft, amendment, actor=author)
    assert amendment.state == "withdrawn"


def test_amendment_must_change_the_wording(draft, user):
    art = articles(draft)[0]
    with pytest.raises(DomainError) as exc:
        participation.propose_amendment(draft, art, author=user, text=art.body, justification="x")
    assert exc.value.status == 422


def test_questions_answers_are_changeable(draft, staff, user):
    question = services.add_question(
        draft, actor=staff, kind="single", prompt="¿Plazo?", options=["30 días", "60 días"]
    )
    participation.answer_question(draft, question, person=user, choices=[0])
    participation.answer_question(draft, question, person=user, choices=[1])
    assert participation.answers_of(user, [question.id])[question.id].choices == [1]
    with pytest.raises(DomainError):
        participation.answer_question(draft, question, person=user, choices=[0, 1])
    with pytest.raises(DomainError):
        services.add_question(draft, actor=staff, kind="multiple", prompt="x", options=["one"])


def test_passage_comment_reuses_the_passage_and_counts(draft, user):
    art = articles(draft)[0]
    first = sentences(art.body)[1]
    other = factories.UserFactory()
    passage, comment = participation.comment_on_passage(
        draft, art, author=user, start=first.start, end=first.end, quote="",
        body="Sobre esta frase", alignment="against",
    )  # fmt: skip
    again, _ = participation.comment_on_passage(
        draft, art, author=other, start=first.start, end=first.end, quote=first.text,
        body="Yo también", alignment="in_favour",
    )  # fmt: skip
    db.session.commit()
    assert again.id == passage.id and passage.quote == first.text
    db.session.refresh(passage)
    assert passage.comments_count == 2
    assert comment.commentable_type == "passage"
    assert participation.passages_of([art.id])[art.id] == [passage]


def test_passage_out_of_range_is_refused(draft, user):
    art = articles(draft)[0]
    with pytest.raises(DomainError) as exc:
        participation.find_or_create_passage(draft, art, author=user, start=5, end=99999)
    assert exc.value.status == 422
    assert count_rows(Passage) == 0


def test_new_version_keeps_old_participation_attached(draft, staff, user):
    v1_article = articles(draft)[0]
    participation.cast_vote(draft, v1_article, voter=user, value="against")
    amendment = participation.propose_amendment(
        draft, v1_article, author=user, text="Nuevo objeto.", justification="Mejor."
    )
    comment = post_comment(
        "article", v1_article, author=user, body="No me convence", alignment="against"
    )
    services.decide_amendment(amendment, actor=staff, accept=True, note="Tomada.")
    source = services.source_with_accepted_amendments(draft)
    assert "Nuevo objeto." in source
    v2 = services.publish_version(
        draft, actor=staff, source=source, change_note="Acepta la enmienda",
        provenance={"art-1": [("amendment", amendment.id), ("comment", comment.id),
                              ("comment", 999)]},
    )  # fmt: skip
    db.session.commit()
    assert v2.number == 2 and draft.current_version_id == v2.id
    v2_article = articles(draft)[0]
    assert v2_article.key == v1_article.key and v2_article.id != v1_article.id
    assert v2_article.body == "Nuevo objeto." and v2_article.votes_total == 0
    assert _counts(v1_article) == (0, 1, 0)
    vote = db.session.scalars(select(ArticleVote)).one()
    assert vote.section_id == v1_article.id
    sources = db.session.scalars(select(SectionSource)).all()
    assert {(s.section_id, s.amendment_id, s.comment_id) for s in sources} == {
        (v2_article.id, amendment.id, None),
        (v2_article.id, None, comment.id),
    }
    with pytest.raises(DomainError) as exc:
        participation.cast_vote(draft, v1_article, voter=user, value="in_favour")
    assert exc.value.status == 409
    assert db.session.get(Comment, comment.id).commentable_id == v1_article.id


def test_publishing_needs_articles_and_closed_drafts_keep_their_text(draft, staff):
    with pytest.raises(DomainError):
        services.publish_version(draft, actor=staff, source="")
    services.close_draft(draft, actor=staff)
    with pytest.raises(DomainError):
        services.publish_version(draft, actor=staff, source=SOURCE)


def test_sections_are_scoped_to_the_municipality(draft, municipality):
    assert {s.municipality_id for s in db.session.scalars(select(Section))} == {municipality.id}


def test_long_article_numbers_get_keys_that_fit(municipality):
    # A key is built from the numbers; a pasted text may number an article with 100 digits (a
    # key of 104 characters: PostgreSQL refused the text as a 500). Keys stay unique.
    long = "1" * 100
    source = (
        f"# TÍTULO {'X' * 80}\n\n## Capítulo {'Y' * 80}\n\n"
        f"### Artículo {long}.- Uno\nTexto uno.\n\n### Artículo {long}2.- Dos\nTexto dos.\n"
    )
    draft = make_draft(municipality, source=source)
    sections = services.sections_of(draft.current_version_id)
    keys = [s.key for s in sections]
    length = Section.__table__.c.key.type.length
    assert length == parsing.KEY_MAX
    assert len(sections) == 4 and all(len(key) <= length for key in keys)
    assert len(set(keys)) == 4
    assert [s.number for s in articles(draft)] == [long[:30], long[:30]]
