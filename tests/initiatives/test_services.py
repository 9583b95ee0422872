"""The initiative services: rules, start, review, signatures, threshold, answer, erasure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participa.core.audit import AuditEntry  # noqa: F401 - imported for the model
from participa.core.errors import DomainError
from participa.db import utcnow
from participa.extensions import db
from participa.initiatives import services, signatures
from participa.initiatives.models import Initiative, Signature
from participa.notifications.models import Notification
from tests import factories
from tests.initiatives.support import make_initiative, make_rules
from tests.rows import count_rows


def _audit(action: str) -> int:
    from participa.core.models import AuditEntry as Entry

    return db.session.scalar(select(func.count()).where(Entry.action == action))


def _notified(user, event: str) -> int:
    return db.session.scalar(
        select(func.count()).where(Notification.user_id == user.id, Notification.event == event)
    )


def test_rules_default_to_off_and_staff_set_them_audited(municipality, staff):
    assert services.rules_of(municipality).enabled is False
    services.update_rules(municipality, actor=staff, enabled=True, signature_threshold=50,
                          collection_days=60, answer_days=30, reminder_days=5)  # fmt: skip
    db.session.commit()
    rules = services.rules_of(municipality)
    assert (rules.enabled, rules.signature_threshold, rules.answer_days) == (True, 50, 30)
    assert _audit("initiatives.rules") == 1


@pytest.mark.parametrize(
    ("threshold", "collect", "answer", "remind"),
    [(0, 10, 10, 1), (5, 0, 10, 1), (5, 10, 0, 0), (5, 10, 10, 11), (5, 10, 10, -1)],
)
def test_rules_refuse_impossible_values(municipality, staff, threshold, collect, answer, remind):
    with pytest.raises(DomainError) as refusal:
        services.update_rules(municipality, actor=staff, enabled=True,
                              signature_threshold=threshold, collection_days=collect,
                              answer_days=answer, reminder_days=remind)  # fmt: skip
    assert refusal.value.status == 422


def test_starting_needs_the_feature_on(municipality, user):
    with pytest.raises(DomainError):
        services.start_initiative(
            municipality,
            author=user,
            title="Bancos en la plaza",
            body="Pedimos bancos a la sombra en la plaza central.",
        )
    make_rules(municipality)
    initiative = services.start_initiative(
        municipality, author=user, title="Bancos en la plaza",
        body="Pedimos bancos a la sombra en la plaza central.",
    )  # fmt: skip
    assert initiative.state == "review"


def test_admitting_snapshots_the_rules_and_sets_the_deadline(municipality, staff, user):
    make_rules(municipality, signature_threshold=7, collection_days=10, answer_days=15)
    initiative = make_initiative(municipality, "review", author=user)
    services.admit(initiative, actor=staff, reason="Es competencia municipal.")
    db.session.commit()
    assert initiative.state == "collecting"
    assert initiative.signature_threshold == 7 and initiative.answer_days == 15
    assert initiative.collection_ends_at - initiative.admitted_at == timedelta(days=10)
    assert _audit("initiatives.admit") == 1
    assert _notified(user, "state_change") == 1
    with pytest.raises(DomainError):
        services.reject(initiative, actor=staff, reason="Tarde.")


def test_rejecting_needs_a_reason_and_is_audited(municipality, staff):
    make_rules(municipality)
    initiative = make_initiative(municipality, "review")
    with pytest.raises(DomainError):
        services.reject(initiative, actor=staff, reason="  ")
    services.reject(initiative, actor=staff, reason="No es competencia del municipio.")
    assert initiative.state == "rejected" and _audit("initiatives.reject") == 1


def test_signing_until_the_threshold_obliges_an_answer(municipality):
    initiative = make_initiative(municipality, threshold=2, answer_days=10)
    first, second, third = (factories.member(municipality, "resident") for _ in range(3))
    signatures.sign(initiative, user=first)
    assert initiative.signatures_count == 1 and initiative.state == "collecting"
    signatures.sign(initiative, user=second)
    db.session.commit()
    assert initiative.signatures_count == 2 and initiative.state == "reached"
    assert initiative.answer_due_at - initiative.reached_at == timedelta(days=10)
    signatures.sign(initiative, user=third)  # still collecting until the deadline
    assert initiative.signatures_count == 3


def test_one_signature_per_person(municipality, resident):
    initiative = make_initiative(municipality)
    signatures.sign(initiative, user=resident)
    db.session.commit()
    with pytest.raises(DomainError, match="already signed"):
        signatures.sign(initiative, user=resident)
    db.session.rollback()
    assert count_rows(Signature) == 1


def test_the_database_refuses_a_second_signature(municipality, resident):
    initiative = make_initiative(municipality)
    db.session.add(Signature(initiative_id=initiative.id, user_id=resident.id,
                             municipality_id=municipality.id))  # fmt: skip
    db.session.commit()
    db.session.add(Signature(initiative_id=initiative.id, user_id=resident.id,
                             municipality_id=municipality.id))  # fmt: skip
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_only_verified_residents_sign(municipality, other_municipality, user):
    initiative = make_initiative(municipality)
    outsider = factories.member(other_municipality, "resident")
    for person in (user, outsider, factories.member(municipality, "moderator")):
        with pytest.raises(DomainError) as refusal:
            signatures.sign(initiative, user=person)
        assert refusal.value.status == 403


def test_no_signatures_after_the_deadline_or_before_admission(municipality, resident):
    for initiative in (make_initiative(municipality, ends_in_days=-1),
                       make_initiative(municipality, "review"),
                       make_initiative(municipality, "answered")):  # fmt: skip
        with pytest.raises(DomainError) as refusal:
            signatures.sign(initiative, user=resident)
        assert refusal.value.status == 409


def test_withdrawing_a_signature_recounts(municipality, resident):
    initiative = make_initiative(municipality, threshold=5)
    signatures.sign(initiative, user=resident)
    signatures.unsign(initiative, user=resident)
    db.session.commit()
    assert initiative.signatures_count == 0
    with pytest.raises(DomainError, match="not signed"):
        signatures.unsign(initiative, user=resident)


def test_answering_tells_signers_and_followers_and_is_audited(municipality, staff):
    initiative = make_initiative(municipality, threshold=1)
    signer = factories.member(municipality, "resident")
    signatures.sign(initiative, user=signer)
    db.session.commit()
    assert initiative.state == "reached"
    services.answer(initiative, actor=staff, text="La obra se hará en marzo.")
    db.session.commit()
    assert initiative.state == "answered" and initiative.answered_at is not None
    assert _notified(signer, "official_answer") == 1
    author = db.session.get(type(signer), initiative.author_id)
    assert _audit("initiatives.answer") == 1
    with pytest.raises(DomainError):
        services.answer(initiative, actor=staff, text="Otra vez.")
    assert author is not None


def test_only_reached_initiatives_are_answered(municipality, staff):
    with pytest.raises(DomainError):
        services.answer(make_initiative(municipality), actor=staff, text="Sí.")


def test_current_state_and_the_state_filter_agree_on_expiry(municipality):
    past = make_initiative(municipality, ends_in_days=-1)
    live = make_initiative(municipality)
    assert services.current_state(past) == "expired"
    assert services.current_state(live) == "collecting"
    now = utcnow()
    expired = db.session.scalars(select(Initiative.id).where(services.state_is("expired", now)))
    assert list(expired) == [past.id]


def test_deleting_an_account_removes_its_signatures_and_recounts(municipality, resident):
    from participa.accounts.privacy import erase_personal_data

    initiative = make_initiative(municipality, threshold=5)
    other = factories.member(municipality, "resident")
    signatures.sign(initiative, user=resident)
    signatures.sign(initiative, user=other)
    db.session.commit()
    erase_personal_data(resident)
    db.session.commit()
    db.session.refresh(initiative)
    assert initiative.signatures_count == 1
    assert count_rows(Signature) == 1


def test_the_personal_export_has_initiatives_and_signatures(municipality, resident):
    from participa.accounts.privacy import export_data

    mine = make_initiative(municipality, author=resident)
    signatures.sign(mine, user=resident)
    db.session.commit()
    data = export_data(resident)
    assert [row["title"] for row in data["initiatives"]] == [mine.title]
    assert [row["initiative_id"] for row in data["initiative_signatures"]] == [mine.id]


def test_results_count_answered_initiatives_per_member_and_month(municipality):
    from participa.initiatives.registrations import results

    make_initiative(municipality, "answered")
    make_initiative(municipality, "answered")
    make_initiative(municipality, "reached")
    found = results()
    assert [(r.measure, r.municipality_id, r.count) for r in found] == [
        ("initiatives_answered", municipality.id, 2)
    ]
    assert found[0].month.day == 1
