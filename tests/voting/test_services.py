"""Ballot rules: what each kind of question accepts, who may vote and when, counting, paper."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participa.core.errors import DomainError
from participa.core.models import AuditEntry
from participa.extensions import db
from participa.voting import box as boxes
from participa.voting import services
from participa.voting.services import read_choices
from tests import factories
from tests.voting.helpers import due_ballot, make_ballot, vote

RANKED = ("ranked", None, ("Norte", "Centro", "Sur"))
MULTIPLE = ("multiple", 2, ("Luces", "Bancos", "Árboles", "Juegos"))
APPROVAL = ("approval", None, ("Lunes", "Martes", "Miércoles"))


def _raw(ballot, **fields):
    """Form data as the vote form posts it (``q<id>`` lists, ``r<option id>`` ranks)."""
    return {key: value if isinstance(value, list) else [value] for key, value in fields.items()}


def test_each_kind_accepts_only_what_it_allows(municipality):
    ballot = make_ballot(municipality, questions=[("single", None, ("A", "B")), MULTIPLE, RANKED])
    single, multiple, ranked = ballot.questions
    s, m, _ = ([str(o.id) for o in q.options] for q in ballot.questions)
    good = read_choices(ballot, _raw(ballot, **{
        f"q{single.id}": [s[1]], f"q{multiple.id}": [m[0], m[2]],
        f"r{ranked.options[2].id}": "1", f"r{ranked.options[0].id}": "2",
    }))  # fmt: skip
    assert not good.errors
    assert good.content[str(ranked.id)] == [ranked.options[2].id, ranked.options[0].id]
    bad = read_choices(ballot, _raw(ballot, **{
        f"q{single.id}": s, f"q{multiple.id}": m[:3],
        f"r{ranked.options[0].id}": "1", f"r{ranked.options[1].id}": "3",
    }))  # fmt: skip
    assert set(bad.errors) == {single.id, multiple.id, ranked.id}
    assert "at most 2" in bad.errors[multiple.id]
    duplicate = read_choices(ballot, _raw(ballot, **{
        f"r{ranked.options[0].id}": "1", f"r{ranked.options[1].id}": "1"}))  # fmt: skip
    assert "one option only" in duplicate.errors[ranked.id]
    foreign = read_choices(ballot, _raw(ballot, **{f"q{single.id}": ["999999", "x"]}))
    assert single.id in foreign.errors
    huge = read_choices(ballot, _raw(ballot, **{f"r{ranked.options[0].id}": "9" * 40}))
    assert ranked.id in huge.errors
    # "²".isdigit() is true and int("²") fails: these were 500s.
    odd = read_choices(ballot, _raw(ballot, **{
        f"q{single.id}": ["²"], f"r{ranked.options[0].id}": "²"}))  # fmt: skip
    assert set(odd.errors) == {single.id, ranked.id}


def test_an_empty_or_invalid_ballot_is_refused_and_nothing_is_stored(municipality, user):
    ballot = make_ballot(municipality)
    with pytest.raises(DomainError) as empty:
        services.cast_ballot(ballot, user=user, choices=read_choices(ballot, {}))
    assert empty.value.status == 422
    db.session.rollback()
    assert not boxes.has_voted(ballot.box, user)


def test_who_may_vote_and_when(municipality, user, resident):
    verified = make_ballot(municipality, participation="verified")
    with pytest.raises(DomainError) as refused:
        vote(verified, user, [0])
    assert refused.value.status == 403
    db.session.rollback()
    assert vote(verified, resident, [0])
    unconfirmed = factories.UserFactory(email_confirmed_at=None)
    with pytest.raises(DomainError):
        vote(make_ballot(municipality), unconfirmed, [0])
    db.session.rollback()
    for status, phase in (("draft", "voting"), ("open", "supports"), ("closed", "voting")):
        with pytest.raises(DomainError) as shut:
            vote(make_ballot(municipality, status=status, phase=phase), user, [0])
        assert shut.value.status == 409
        db.session.rollback()


def test_questions_change_only_while_draft_and_need_two_distinct_options(municipality, staff):
    ballot = make_ballot(municipality, status="draft", staff=staff)
    question = ballot.questions[0]
    kept = question.options[1].id
    data = {"title": "¿Dónde?", "kind": "single", "max_choices": None}
    services.save_question(ballot, actor=staff, question=question,
                           data={**data, "options": "Parque\nRío\nPlaza"})  # fmt: skip
    assert [o.title for o in question.options] == ["Parque", "Río", "Plaza"]
    assert question.options[0].id == kept  # an option keeps its id (and links) with its text
    # An option longer than its column was a 500 on PostgreSQL (the field takes 20,000).
    for options in ("Solo una", "Igual\nIgual", "Corta\n" + "L" * 301):
        with pytest.raises(DomainError) as refused:
            services.save_question(ballot, actor=staff, data={**data, "options": options})
        assert refused.value.field == "options"
    with pytest.raises(DomainError) as too_many:
        services.save_question(
            ballot, actor=staff,
            data={**data, "kind": "multiple", "max_choices": 5, "options": "A\nB"},
        )  # fmt: skip
    assert too_many.value.field == "max_choices"
    services.open_ballot(ballot, actor=staff)
    with pytest.raises(DomainError) as locked:
        services.save_question(ballot, actor=staff, data={**data, "options": "A\nB"})
    assert locked.value.status == 409


def test_closing_counts_once_and_publishes_with_paper_totals(municipality, staff):
    ballot = make_ballot(municipality, questions=[("single", None, ("A", "B")), APPROVAL],
                         staff=staff)  # fmt: skip
    factories.member(municipality, "resident")
    people = [factories.UserFactory() for _ in range(3)]
    vote(ballot, people[0], [0], [0, 1])
    vote(ballot, people[1], [1], [])
    vote(ballot, people[2], [0], [2])
    vote(ballot, people[2], [1], [2])  # changed before the close: counted once, as changed
    assert services.results(ballot) is None  # hidden until the close
    services.close_ballot(ballot, actor=staff)
    services.save_station(ballot, actor=staff, name="Escuela 3", ballots_cast=4,
                          tallies={ballot.questions[0].options[0].id: 3})  # fmt: skip
    db.session.commit()
    results = services.results(ballot)
    first, second = results.questions
    assert [(o.online, o.paper, o.votes) for o in first.options] == [(1, 3, 4), (2, 0, 2)]
    assert first.winner.title == "A"
    assert results.online_ballots == 3 and results.paper_ballots == 4 and results.ballots == 7
    assert second.blank == 1 and [o.online for o in second.options] == [1, 1, 1]
    assert results.residents == 1 and results.turnout == 7
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"voting.ballot_opened", "voting.ballot_closed", "voting.box_sealed",
            "voting.paper_totals_saved"} <= actions  # fmt: skip
    with pytest.raises(DomainError):
        services.close_ballot(ballot, actor=staff)


def test_paper_totals_cannot_exceed_the_paper_ballots(municipality, staff):
    ballot = make_ballot(municipality, questions=[("single", None, ("A", "B")), MULTIPLE])
    a, b = (o.id for o in ballot.questions[0].options)
    with pytest.raises(DomainError, match="more votes"):
        services.save_station(ballot, actor=staff, name="E", ballots_cast=5,
                              tallies={a: 3, b: 3})  # fmt: skip
    db.session.rollback()
    two = [o.id for o in ballot.questions[1].options]
    services.save_station(ballot, actor=staff, name="E", ballots_cast=5,
                          tallies={two[0]: 5, two[1]: 5})  # fmt: skip
    with pytest.raises(DomainError) as same_name:
        services.save_station(ballot, actor=staff, name=" e ", ballots_cast=1, tallies={})
    assert same_name.value.status == 409


def test_a_ballot_closes_by_itself_when_the_voting_phase_is_over(municipality, user, staff):
    ballot = due_ballot(municipality, user, staff)
    assert services.is_due(ballot)
    assert services.close_due() == 1
    db.session.commit()
    assert ballot.is_closed and ballot.results["ballots"] == 1
    assert services.close_due() == 0


def test_the_desk_records_a_paper_vote_by_e_mail(municipality, staff):
    ballot = make_ballot(municipality, participation="verified")
    voter = factories.member(municipality, "resident")
    services.record_in_person_by_email(ballot, email=voter.email.upper(), actor=staff)
    db.session.commit()
    assert boxes.voted_in_person(ballot.box, voter)
    with pytest.raises(DomainError, match="in person"):
        vote(ballot, voter, [0])
    db.session.rollback()
    with pytest.raises(DomainError) as unknown:
        services.record_in_person_by_email(ballot, email="nadie@example.org", actor=staff)
    assert unknown.value.status == 422
    outsider = factories.UserFactory()
    with pytest.raises(DomainError, match="may not vote"):
        services.record_in_person_by_email(ballot, email=outsider.email, actor=staff)
