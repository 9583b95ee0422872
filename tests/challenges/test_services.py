"""The challenge lifecycle, solutions, shortlist and report, as the services enforce them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from participa.challenges import services
from participa.challenges.models import Challenge, Solution
from participa.core.errors import DomainError
from participa.core.models import AuditEntry, Upload
from participa.db import utcnow
from participa.extensions import db
from participa.notifications.models import Notification
from tests import factories
from tests.challenges.helpers import (
    challenge_data,
    document,
    in_request,
    make_challenge,
    make_solution,
)


def _actions(challenge) -> list[str]:
    return list(db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.target_type == "challenges",
                                        AuditEntry.target_id == challenge.id)
        .order_by(AuditEntry.id)
    ))  # fmt: skip


def test_staff_run_a_challenge_from_draft_to_report_and_every_step_is_audited(
    app, municipality, staff, user
):
    challenge = make_challenge(app, municipality, staff, state="draft")
    assert challenge.state == "draft" and challenge.published_at is None
    in_request(app, municipality, lambda: services.publish_challenge(challenge, actor=staff))
    assert challenge.state == "open" and challenge.published_at is not None
    assert services.takes_solutions(challenge)
    solution = make_solution(app, challenge, user)
    in_request(app, municipality, lambda: services.evaluate_challenge(challenge, actor=staff))
    assert not services.takes_solutions(challenge)
    in_request(app, municipality, lambda: services.shortlist_solution(
        solution, actor=staff, status="winner", note="Sencilla."))  # fmt: skip
    in_request(app, municipality, lambda: services.close_challenge(
        challenge, actor=staff, report="## Resultado"))  # fmt: skip
    assert challenge.state == "closed" and challenge.closed_at is not None
    assert _actions(challenge) == ["challenges.create", "challenges.publish",
                                   "challenges.evaluate", "challenges.close"]  # fmt: skip
    assert db.session.scalar(select(AuditEntry.action).where(
        AuditEntry.target_type == "challenge_solutions")) == "challenges.shortlist"  # fmt: skip


def test_bad_challenges_are_refused(app, municipality, staff):
    for bad in ({"kind": "contest"}, {"topic": "cooking"}, {"rules": "  "}, {"closes_at": None}):
        with pytest.raises(DomainError) as refused:
            in_request(app, municipality, lambda bad=bad: services.create_challenge(
                municipality, actor=staff, data=challenge_data(**bad)))  # fmt: skip
        assert refused.value.status == 422
    assert db.session.scalar(select(Challenge.id)) is None


def test_a_draft_whose_deadline_passed_cannot_be_published(app, municipality, staff):
    challenge = make_challenge(app, municipality, staff, state="draft",
                               closes_at=utcnow() - timedelta(hours=1))  # fmt: skip
    with pytest.raises(DomainError) as refused:
        in_request(app, municipality, lambda: services.publish_challenge(challenge, actor=staff))
    assert refused.value.status == 409
    db.session.rollback()
    assert db.session.get(Challenge, challenge.id).state == "draft"


def test_solutions_are_taken_only_while_open_and_before_the_deadline(app, municipality, staff,
                                                                     user):  # fmt: skip
    draft = make_challenge(app, municipality, staff, state="draft")
    with pytest.raises(DomainError) as refused:
        make_solution(app, draft, user)
    assert refused.value.status == 404
    db.session.rollback()
    challenge = make_challenge(app, municipality, staff)
    make_solution(app, challenge, user)
    challenge.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert services.phase(challenge) == "evaluating"
    with pytest.raises(DomainError) as refused:
        make_solution(app, challenge, user)
    assert refused.value.status == 409
    db.session.rollback()
    unconfirmed = factories.UserFactory(email_confirmed_at=None)
    other = make_challenge(app, municipality, staff, title="Otro")
    with pytest.raises(DomainError) as refused:
        make_solution(app, other, unconfirmed)
    assert refused.value.status == 403
    db.session.rollback()
    assert db.session.scalar(select(db.func.count(Solution.id))) == 1


def test_a_solution_document_is_checked_by_content_and_size(app, municipality, staff, user):
    challenge = make_challenge(app, municipality, staff)
    solution = make_solution(app, challenge, user, document=document())
    assert solution.document.content_type == "application/pdf"
    with pytest.raises(DomainError) as refused:
        make_solution(app, challenge, user, title="Otra", document=document(b"MZ\x90\x00", "x.pdf"))
    assert refused.value.status == 422
    db.session.rollback()
    app.config["MAX_DOCUMENT_BYTES"] = 100
    try:
        with pytest.raises(DomainError) as refused:
            make_solution(app, challenge, user, title="Grande", document=document())
        assert refused.value.status == 413
    finally:
        app.config.pop("MAX_DOCUMENT_BYTES")
    db.session.rollback()
    assert db.session.scalar(select(db.func.count(Solution.id))) == 1


def test_authors_edit_their_solution_until_the_deadline_and_a_new_document_replaces_the_old(
    app, municipality, staff, user
):
    challenge = make_challenge(app, municipality, staff)
    solution = make_solution(app, challenge, user, document=document())
    old_upload = solution.document_id
    in_request(app, municipality, lambda: services.edit_solution(
        solution, actor=user, data={"title": "Nuevo título", "description": "Mejor."},
        document=document()))  # fmt: skip
    assert solution.title == "Nuevo título" and solution.edited_at is not None
    assert solution.document_id != old_upload
    assert db.session.get(Upload, old_upload) is None
    someone = factories.UserFactory()
    with pytest.raises(DomainError) as refused:
        in_request(app, municipality, lambda: services.edit_solution(
            solution, actor=someone, data={"title": "X", "description": "Y"}))  # fmt: skip
    assert refused.value.status == 403
    db.session.rollback()
    challenge.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        in_request(app, municipality, lambda: services.edit_solution(
            solution, actor=user, data={"title": "Tarde", "description": "Y"}))  # fmt: skip
    assert refused.value.status == 409


def test_shortlisting_and_the_report_notify_the_authors(app, municipality, staff, user):
    challenge = make_challenge(app, municipality, staff)
    chosen = make_solution(app, challenge, user)
    other_author = factories.UserFactory()
    make_solution(app, challenge, other_author, title="Paradas que hablan")
    in_request(app, municipality, lambda: services.shortlist_solution(
        chosen, actor=staff, status="shortlisted", note="Accesible."))  # fmt: skip
    assert chosen.shortlisted_at is not None and chosen.note == "Accesible."
    assert db.session.scalar(select(db.func.count(Notification.id)).where(
        Notification.user_id == user.id)) == 1  # fmt: skip
    in_request(app, municipality, lambda: services.close_challenge(
        challenge, actor=staff, report="Ganó **Colectivo a tiempo**."))  # fmt: skip
    # Every author hears of the report; the shortlisted one heard of the shortlist first.
    assert db.session.scalar(select(db.func.count(Notification.id)).where(
        Notification.user_id == user.id)) == 2  # fmt: skip
    assert db.session.scalar(select(db.func.count(Notification.id)).where(
        Notification.user_id == other_author.id)) == 1  # fmt: skip
    assert [s.id for s in services.selected_solutions(challenge)] == [chosen.id]


def test_a_closed_challenge_takes_no_evaluation_and_no_report_twice(app, municipality, staff,
                                                                    user):  # fmt: skip
    challenge = make_challenge(app, municipality, staff)
    solution = make_solution(app, challenge, user)
    in_request(app, municipality, lambda: services.close_challenge(
        challenge, actor=staff, report="Fin."))  # fmt: skip
    for change in (
        lambda: services.shortlist_solution(solution, actor=staff, status="winner"),
        lambda: services.close_challenge(challenge, actor=staff, report="Otra vez."),
        lambda: services.edit_challenge(challenge, actor=staff, data=challenge_data()),
        lambda: services.add_partner(challenge, actor=staff, name="UNS", kind="university"),
    ):
        with pytest.raises(DomainError) as refused:
            in_request(app, municipality, change)
        assert refused.value.status == 409
        db.session.rollback()
    with pytest.raises(DomainError) as refused:
        in_request(app, municipality, lambda: services.close_challenge(
            make_challenge(app, municipality, staff), actor=staff, report="  "))  # fmt: skip
    assert refused.value.status == 422


def test_a_solution_hidden_by_moderation_is_not_counted_nor_shortlisted(app, municipality,
                                                                        staff, user):  # fmt: skip
    challenge = make_challenge(app, municipality, staff)
    solution = make_solution(app, challenge, user)
    make_solution(app, challenge, factories.UserFactory(), title="Otra")
    assert services.solution_counts([challenge.id]) == {challenge.id: 2}
    solution.hidden_at = utcnow()
    db.session.commit()
    assert services.solution_counts([challenge.id]) == {challenge.id: 1}
    with pytest.raises(DomainError):
        in_request(app, municipality, lambda: services.shortlist_solution(
            solution, actor=staff, status="winner"))  # fmt: skip


def test_partners_with_a_link_or_a_document(app, municipality, staff):
    challenge = make_challenge(app, municipality, staff, state="draft")
    linked = in_request(app, municipality, lambda: services.add_partner(
        challenge, actor=staff, name="Universidad Nacional del Sur", kind="university",
        agreement_url="https://www.uns.edu.ar/convenio"))  # fmt: skip
    signed = in_request(app, municipality, lambda: services.add_partner(
        challenge, actor=staff, name="Fundación", kind="civil_society",
        agreement=document(name="convenio.pdf")))  # fmt: skip
    assert linked.has_agreement and signed.agreement is not None
    for bad in ({"agreement_url": "javascript:alert(1)"}, {"kind": "club"}, {"name": " "}):
        fields = {"name": "X", "kind": "company", **bad}
        with pytest.raises(DomainError) as refused:
            in_request(app, municipality, lambda fields=fields: services.add_partner(
                challenge, actor=staff, **fields))  # fmt: skip
        assert refused.value.status == 422
        db.session.rollback()
    upload_id = signed.agreement_id
    in_request(app, municipality, lambda: services.remove_partner(signed, actor=staff))
    assert db.session.get(Upload, upload_id) is None
    assert [p.name for p in db.session.get(Challenge, challenge.id).partners] == [
        "Universidad Nacional del Sur"
    ]
    assert _actions(challenge)[-3:] == ["challenges.add_partner", "challenges.add_partner",
                                        "challenges.remove_partner"]  # fmt: skip
