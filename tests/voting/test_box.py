"""The secret box: one ballot per person, replaceable until the close, then sealed for good."""

from __future__ import annotations

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError

from participa.core.errors import DomainError
from participa.extensions import db
from participa.voting import box as boxes
from participa.voting.models import BallotBox, BoxBallot, BoxReceipt, BoxVoter
from tests import factories
from tests.rows import count_rows


@pytest.fixture
def box(municipality) -> BallotBox:
    created = boxes.new_box(municipality)
    db.session.commit()
    return created


def test_replacing_keeps_one_ballot_and_the_same_receipt(box, user):
    first = boxes.cast(box, user, {"1": [1]})
    second = boxes.cast(box, user, {"1": [2]})
    db.session.commit()
    assert first == second and len(first) == 14
    assert count_rows(BoxBallot) == count_rows(BoxReceipt) == count_rows(BoxVoter) == 1
    assert boxes.own_content(box, user) == {"1": [2]}
    assert boxes.own_content(box, factories.UserFactory()) is None


def test_closing_destroys_every_link_and_the_key(box, staff):
    voters = [factories.UserFactory() for _ in range(5)]
    receipts = {boxes.cast(box, person, {"1": [n]}) for n, person in enumerate(voters)}
    db.session.commit()
    ids_before = set(db.session.scalars(select(BoxBallot.id)))
    assert boxes.receipts(box) == []  # nothing is published before the close
    assert boxes.close(box, staff) is True
    db.session.commit()
    db.session.refresh(box)
    assert box.link_key is None and not box.is_open
    assert db.session.scalar(select(func.count()).where(BoxBallot.link.is_not(None))) == 0
    # New ids: nothing of the row a voter's ballot was written in survives.
    assert not ids_before & set(db.session.scalars(select(BoxBallot.id)))
    assert sorted(c["1"][0] for c in boxes.contents(box)) == [0, 1, 2, 3, 4]
    assert set(boxes.receipts(box)) == receipts and boxes.count(box) == 5
    assert boxes.own_content(box, voters[0]) is None
    assert boxes.close(box, staff) is False  # sealing twice does nothing


def test_a_sealed_box_takes_no_ballot(box, user, staff):
    boxes.close(box, staff)
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        boxes.cast(box, user, {"1": [1]})
    assert refused.value.status == 409
    db.session.rollback()
    assert count_rows(BoxBallot) == 0


def test_a_paper_vote_at_the_desk_blocks_the_online_vote_and_back(box, user, staff):
    boxes.record_in_person(box, user, staff)
    db.session.commit()
    with pytest.raises(DomainError, match="in person"):
        boxes.cast(box, user, {"1": [1]})
    db.session.rollback()
    other = factories.UserFactory()
    boxes.cast(box, other, {"1": [1]})
    db.session.commit()
    with pytest.raises(DomainError, match="online"):
        boxes.record_in_person(box, other, staff)
    db.session.rollback()
    assert boxes.voters(box) == 2 and boxes.count(box) == 1
    assert boxes.own_receipt(box, user) is None


def test_no_table_ties_a_ballot_to_a_person():
    """What is chosen lives in box_ballots; neither it nor the receipts point at anyone."""
    for model in (BoxBallot, BoxReceipt):
        columns = inspect(model).columns
        foreign = {fk.column.table.name for c in columns for fk in c.foreign_keys}
        assert foreign == {"ballot_boxes"}, model.__tablename__
        assert not {"created_at", "updated_at", "user_id"} & set(columns.keys())
    # The roll says who voted and never what: it has no column for a choice or a ballot.
    roll = set(inspect(BoxVoter).columns.keys())
    assert roll == {"id", "box_id", "user_id", "channel", "recorded_by_id", "created_at"}


def test_the_database_refuses_a_second_roll_entry(box, user):
    db.session.add(BoxVoter(box_id=box.id, user_id=user.id))
    db.session.commit()
    db.session.add(BoxVoter(box_id=box.id, user_id=user.id, channel="in_person"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_personal_data_export_says_that_the_person_voted_not_what(app, municipality):
    from participa.accounts.privacy import erase_personal_data, export_data
    from tests.voting.helpers import make_ballot, vote

    ballot = make_ballot(municipality, questions=[("single", None, ("Sí", "No"))])
    person = factories.UserFactory()
    vote(ballot, person, [1])
    with app.test_request_context():
        exported = export_data(person)
    assert exported["votes_cast"] == [
        {"ballot_box_id": ballot.box_id, "ballot_id": ballot.id, "ballot_title": ballot.title,
         "channel": "online", "recorded_at": exported["votes_cast"][0]["recorded_at"]}
    ]  # fmt: skip
    text = repr(exported)
    no_id = ballot.questions[0].options[1].id
    assert "content" not in text and f"[{no_id}]" not in text
    # Deleting the account keeps the roll (one vote per person, turnout) and the ballot.
    with app.test_request_context():
        erase_personal_data(person)
    db.session.commit()
    assert boxes.voters(ballot.box) == 1 and boxes.count(ballot.box) == 1
