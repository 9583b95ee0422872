"""Follow-up services: one result per decision, a kept history, milestones, and the receiver that
opens the follow-up of an accepted proposal."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participa.core.errors import DomainError, field_of
from participa.core.models import AuditEntry
from participa.extensions import db
from participa.followup import services, sources
from participa.followup.models import Milestone, Result, ResultUpdate
from participa.notifications import services as notifications
from participa.notifications.models import Notification
from participa.proposals import services as proposals
from tests import factories
from tests.followup.conftest import accepted_proposal
from tests.rows import count_rows


def _audited(action: str) -> list[AuditEntry]:
    return list(
        db.session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
    )


@pytest.fixture
def fake_source(app, monkeypatch):
    """A source kind no feature declares, as budgets will declare "budget_project"."""
    projects = {7: {"title": "Bicisendas", "municipality_id": None}}

    def load(municipality_id, project_id):
        found = projects.get(project_id)
        return found if found and found["municipality_id"] == municipality_id else None

    monkeypatch.setitem(sources._sources, "fake_project", sources.Source(
        "fake_project", load, url=lambda p: "/projects/7", title=lambda p: p["title"]))  # fmt: skip
    return projects


# --- ensure_result -------------------------------------------------------------------------------


def test_ensure_result_is_idempotent_with_another_source_kind(
    municipality, staff, fake_source, app
):
    fake_source[7]["municipality_id"] = municipality.id
    with app.test_request_context():
        first = services.ensure_result(municipality, "fake_project", 7, title=" Bicisendas  ",
                                       amount=Decimal("1500000.50"), district="Norte",
                                       actor=staff)  # fmt: skip
        db.session.commit()
        again = services.ensure_result(municipality, "fake_project", 7, title="Otro título",
                                       amount=Decimal(1), district="Sur", actor=staff)  # fmt: skip
        db.session.commit()
    assert again.id == first.id
    assert count_rows(Result) == 1
    # The first call decided; a repeated call changes nothing and records nothing more.
    assert (again.title, again.amount, again.district) == ("Bicisendas", Decimal("1500000.50"),
                                                           "Norte")  # fmt: skip
    assert (again.status, again.progress, again.currency) == ("planned", 0, "ARS")
    assert len(_audited("followup.create_result")) == 1
    assert services.source_of(again)[1]["title"] == "Bicisendas"


def test_ensure_result_keeps_sources_apart(municipality, other_municipality, staff, fake_source):
    fake_source[7]["municipality_id"] = municipality.id
    mine = services.ensure_result(municipality, "fake_project", 7, title="A", actor=staff)
    theirs = services.ensure_result(other_municipality, "fake_project", 7, title="B", actor=staff)
    proposal_result = services.ensure_result(municipality, "proposal", 7, title="C", actor=staff)
    assert len({mine.id, theirs.id, proposal_result.id}) == 3
    assert theirs.currency == "CLP"  # each municipality's own currency
    assert services.source_of(theirs) is None  # the project belongs to the other municipality


def test_ensure_result_refuses_an_undeclared_source_and_a_bad_amount(municipality, staff):
    with pytest.raises(ValueError):
        services.ensure_result(municipality, "nothing_declares_this", 1, title="X", actor=staff)
    with pytest.raises(DomainError):
        services.ensure_result(municipality, "proposal", 1, title="X", amount=-5, actor=staff)
    assert count_rows(Result) == 0


def test_the_database_refuses_a_second_result_for_one_source(municipality, staff):
    services.ensure_result(municipality, "proposal", 3, title="X", actor=staff)
    db.session.commit()
    db.session.add(Result(municipality_id=municipality.id, source_kind="proposal", source_id=3,
                          title="Y", currency="ARS"))  # fmt: skip
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_followers_of_the_source_follow_its_result(municipality, staff, app):
    proposal = accepted_proposal(municipality)
    fan = factories.UserFactory()
    notifications.follow(fan, proposal)
    db.session.commit()
    with app.test_request_context():
        result = services.ensure_result(municipality, "proposal", proposal.id,
                                        title=proposal.title, actor=staff)  # fmt: skip
    assert notifications.follower_ids(result) == [fan.id]


# --- Updates and history -------------------------------------------------------------------------


def test_updates_are_kept_as_a_dated_history(result, staff, app):
    with app.test_request_context():
        first = services.update_result(result, actor=staff, status="in_progress", progress=20,
                                       note="Obra iniciada.")  # fmt: skip
        second = services.update_result(result, actor=staff, status="in_progress", progress=60)
        db.session.commit()
    history = services.history(result)
    assert [u.id for u in history] == [second.id, first.id]
    assert (first.previous_status, first.previous_progress) == ("planned", 0)
    assert (second.previous_status, second.previous_progress, second.note) == (
        "in_progress", 20, None)  # fmt: skip
    assert (result.status, result.progress) == ("in_progress", 60)
    assert result.last_update_at == second.created_at
    entries = _audited("followup.update_result")
    assert [e.details["progress"] for e in entries] == [20, 60]
    assert entries[0].actor_id == staff.id and entries[0].target_id == result.id


@pytest.mark.parametrize(
    ("status", "progress", "note", "field"),
    [
        ("finished", 10, None, "status"),
        ("in_progress", 101, None, "progress"),
        ("in_progress", -1, None, "progress"),
        ("completed", 90, None, "progress"),
        ("planned", 0, "   ", None),  # nothing changes and nothing is said
        ("planned", 0, "x" * 10_001, "note"),
    ],
)
def test_an_update_that_makes_no_sense_is_refused(result, staff, status, progress, note, field):
    with pytest.raises(DomainError) as refused:
        services.update_result(result, actor=staff, status=status, progress=progress, note=note)
    assert refused.value.status == 422
    assert field_of(refused.value) == field
    db.session.rollback()
    assert count_rows(ResultUpdate) == 0


def test_a_note_alone_is_an_update(result, staff, app):
    with app.test_request_context():
        update = services.update_result(result, actor=staff, status="planned", progress=0,
                                        note="Se presentó el proyecto ejecutivo.")  # fmt: skip
    assert update.note == "Se presentó el proyecto ejecutivo."


def test_editing_the_details_is_audited_and_checks_the_dates(result, staff):
    details = services.Details(title="Plaza", district="Centro", start_date=date(2026, 5, 1),
                               end_date=date(2026, 4, 1), amount=Decimal(100))  # fmt: skip
    with pytest.raises(DomainError) as refused:
        services.edit_result(result, actor=staff, details=details)
    assert field_of(refused.value) == "end_date"
    db.session.rollback()
    details.end_date = date(2026, 12, 1)
    services.edit_result(result, actor=staff, details=details)
    db.session.commit()
    assert (result.title, result.district, result.amount) == ("Plaza", "Centro", Decimal(100))
    changed = _audited("followup.edit_result")[0].details["changed"]
    assert changed == ["amount", "district", "end_date", "start_date", "title"]


# --- Milestones ----------------------------------------------------------------------------------


def test_milestones_are_added_edited_and_removed(result, staff, app):
    fan = factories.UserFactory()
    notifications.follow(fan, result)
    db.session.commit()
    with app.test_request_context():
        later = services.add_milestone(result, actor=staff, title="Inauguración",
                                       due_date=date(2027, 3, 1))  # fmt: skip
        first = services.add_milestone(result, actor=staff, title="Inicio",
                                       due_date=date(2026, 5, 1))  # fmt: skip
        undated = services.add_milestone(result, actor=staff, title="Sin fecha")
        assert [m.id for m in services.milestones_of(result)] == [first.id, later.id, undated.id]
        assert count_rows(Notification) == 0
        services.edit_milestone(result, first, actor=staff, title="Inicio de obra",
                                due_date=date(2026, 5, 1), done_date=date(2026, 5, 4))  # fmt: skip
        services.delete_milestone(result, undated, actor=staff)
        db.session.commit()
    assert first.title == "Inicio de obra" and first.is_done
    assert count_rows(Milestone) == 2
    # Reaching a milestone is news for the followers.
    notification = db.session.scalars(select(Notification)).one()
    assert notification.user_id == fan.id and "Inicio de obra" in notification.summary
    assert [e.action for e in db.session.scalars(select(AuditEntry).where(
        AuditEntry.action.like("followup.%milestone")).order_by(AuditEntry.id))] == [
        "followup.add_milestone", "followup.add_milestone", "followup.add_milestone",
        "followup.edit_milestone", "followup.delete_milestone"]  # fmt: skip


def test_a_milestone_is_not_done_in_the_future(result, staff):
    with pytest.raises(DomainError) as refused:
        services.add_milestone(result, actor=staff, title="Entrega",
                               done_date=date.today() + timedelta(days=3))  # fmt: skip
    assert field_of(refused.value) == "done_date"
    with pytest.raises(DomainError):
        services.add_milestone(result, actor=staff, title="   ")


# --- The receiver of proposal answers ------------------------------------------------------------


def _answer(proposal, staff, state, details=None):
    proposals.answer_proposal(proposal, actor=staff, state=state, answer="Respuesta oficial.",
                              details=details)  # fmt: skip
    db.session.commit()


def test_accepting_a_proposal_opens_its_follow_up(municipality, staff, app):
    proposal = accepted_proposal(municipality, state="published", title="Bebederos")
    notifications.follow(proposal.author, proposal)  # as submitting it does
    with app.test_request_context():
        _answer(proposal, staff, "under_evaluation")
        assert count_rows(Result) == 0
        _answer(proposal, staff, "accepted")
        _answer(proposal, staff, "accepted")  # the answer's text edited: still one result
    result = db.session.scalars(select(Result)).one()
    assert (result.source_kind, result.source_id, result.title) == ("proposal", proposal.id,
                                                                    "Bebederos")  # fmt: skip
    assert result.description == "Respuesta oficial."
    # The author follows the proposal, and so its follow-up.
    assert notifications.follower_ids(result) == [proposal.author_id]
    assert _audited("followup.create_result")[0].actor_id == staff.id


def test_an_implemented_proposal_completes_its_result(municipality, staff, app):
    proposal = accepted_proposal(municipality, state="published")
    with app.test_request_context():
        _answer(proposal, staff, "accepted")
        _answer(proposal, staff, "implemented", details="Obra terminada en marzo.")
    result = db.session.scalars(select(Result)).one()
    assert (result.status, result.progress) == ("completed", 100)
    assert services.history(result)[0].note == "Obra terminada en marzo."


def test_rejecting_an_accepted_proposal_cancels_its_result(municipality, staff, app):
    proposal = accepted_proposal(municipality, state="published")
    with app.test_request_context():
        _answer(proposal, staff, "accepted")
        _answer(proposal, staff, "rejected", details="Sin presupuesto.")
    result = db.session.scalars(select(Result)).one()
    assert result.status == "cancelled"
    rejected = accepted_proposal(municipality, state="published", title="Otra propuesta")
    with app.test_request_context():
        _answer(rejected, staff, "rejected", details="No corresponde.")
    assert count_rows(Result) == 1  # a proposal rejected outright has nothing to follow
