"""Moderation services: reports, thresholds, decisions, appeals, blocks, settings, public log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participa.core.errors import DomainError
from participa.core.models import AuditEntry
from participa.extensions import db
from participa.moderation import blocks, queries, rules, services, settings
from participa.moderation.models import Report
from participa.notifications.models import Notification
from tests import factories
from tests.comments.support import post, set_settings


def _report(comment, reason="spam", reporter=None):
    report = services.report_content(
        "comment", comment, reporter=reporter or factories.UserFactory(), reason=reason
    )
    db.session.commit()
    return report


def test_report_once_per_person(proposal, commenter, old_user):
    comment = post(proposal, commenter)
    _report(comment, reporter=old_user)
    with pytest.raises(DomainError) as exc:
        services.report_content("comment", comment, reporter=old_user, reason="other")
    assert exc.value.status == 409


def test_cannot_report_own_content(proposal, commenter):
    comment = post(proposal, commenter)
    with pytest.raises(DomainError):
        services.report_content("comment", comment, reporter=commenter, reason="spam")


def test_threshold_hides_pending_review(municipality, proposal, commenter):
    set_settings(municipality, reports_to_hide=2)
    comment = post(proposal, commenter)
    _report(comment)
    assert comment.hidden_at is None
    _report(comment, reason="offensive")
    assert comment.hidden_at is not None
    db.session.refresh(proposal)
    assert proposal.comments_count == 0
    items, total = queries.reported_items(municipality.id)
    assert total == 1 and items[0].report_count == 2 and items[0].obj == comment


def test_hide_resolves_reports_audits_and_notifies(municipality, proposal, commenter, moderator):
    comment = post(proposal, commenter)
    _report(comment, reason="offensive")
    services.moderate("comment", comment, actor=moderator, action="hide", reason="Insults")
    db.session.commit()
    assert comment.hidden_at is not None
    report = db.session.scalars(select(Report)).one()
    assert report.resolution == "hide" and report.resolved_at is not None
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "moderation.hide")
    ).one()
    assert entry.reason == "Insults" and entry.municipality_id == municipality.id
    assert entry.actor_id == moderator.id
    note = db.session.scalars(
        select(Notification).where(Notification.event == "moderation_outcome")
    ).one()
    assert note.user_id == commenter.id and "Insults" in note.summary


def test_restore_and_dismiss(municipality, proposal, commenter, moderator):
    set_settings(municipality, reports_to_hide=1)
    comment = post(proposal, commenter)
    _report(comment)
    assert comment.hidden_at is not None
    services.moderate("comment", comment, actor=moderator, action="dismiss", reason="Fine")
    db.session.commit()
    assert comment.hidden_at is None  # dismissing undoes the automatic hiding
    services.moderate("comment", comment, actor=moderator, action="hide", reason="On reflection")
    services.moderate("comment", comment, actor=moderator, action="restore", reason="Oops")
    db.session.commit()
    assert comment.hidden_at is None
    db.session.refresh(proposal)
    assert proposal.comments_count == 1


def test_reason_is_required(proposal, commenter, moderator):
    comment = post(proposal, commenter)
    with pytest.raises(DomainError) as exc:
        services.moderate("comment", comment, actor=moderator, action="hide", reason=" ")
    assert exc.value.status == 422


def test_bulk_hide(municipality, proposal, commenter, old_user, moderator):
    first, second = post(proposal, commenter, "one"), post(proposal, old_user, "two")
    done = services.moderate_many(
        municipality,
        [("comment", first.id), ("comment", second.id)],
        actor=moderator,
        action="hide",
        reason="Spam wave",
        category="spam",
    )
    db.session.commit()
    assert done == 2 and first.hidden_at and second.hidden_at


def test_bulk_refuses_items_of_another_municipality(municipality, other_proposal, moderator):
    foreign = post(other_proposal, factories.UserFactory())
    with pytest.raises(DomainError) as exc:
        services.moderate_many(
            municipality, [("comment", foreign.id)], actor=moderator, action="hide", reason="x"
        )
    assert exc.value.status == 404


def test_appeal_once_and_decided_by_another_moderator(
    municipality, proposal, commenter, moderator, staff
):
    comment = post(proposal, commenter)
    services.moderate("comment", comment, actor=moderator, action="hide", reason="Rude")
    appeal = services.appeal_hiding("comment", comment, author=commenter, text="It was irony")
    db.session.commit()
    with pytest.raises(DomainError) as exc:
        services.appeal_hiding("comment", comment, author=commenter, text="Again")
    assert exc.value.status == 409
    with pytest.raises(DomainError) as exc:
        services.decide_appeal(appeal, actor=moderator, outcome="overturned", response="ok")
    assert exc.value.status == 403
    services.decide_appeal(appeal, actor=staff, outcome="overturned", response="Irony is fine")
    db.session.commit()
    assert comment.hidden_at is None and appeal.decided_by_id == staff.id


def test_only_the_author_appeals_hidden_content(proposal, commenter, old_user, moderator):
    comment = post(proposal, commenter)
    with pytest.raises(DomainError):
        services.appeal_hiding("comment", comment, author=commenter, text="not hidden")
    services.moderate("comment", comment, actor=moderator, action="hide", reason="Rude")
    with pytest.raises(DomainError) as exc:
        services.appeal_hiding("comment", comment, author=old_user, text="me too")
    assert exc.value.status == 403


def test_block_and_lift(municipality, commenter, moderator):
    block = blocks.block_person(
        municipality, actor=moderator, user=commenter, days=7, reason="Repeated insults"
    )
    db.session.commit()
    assert rules.active_block(commenter, municipality.id) == block
    blocks.lift_block(block, actor=moderator, reason="Apologised")
    db.session.commit()
    assert rules.active_block(commenter, municipality.id) is None
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"moderation.block", "moderation.unblock"} <= actions


def test_block_in_one_municipality_only(municipality, other_municipality, commenter, moderator):
    blocks.block_person(municipality, actor=moderator, user=commenter, days=None, reason="x")
    db.session.commit()
    assert rules.active_block(commenter, other_municipality.id) is None


def test_approve_premoderated_comment_publishes_and_notifies(
    municipality, proposal, proposal_author, commenter, moderator
):
    set_settings(municipality, premoderate_links=True)
    comment = post(proposal, commenter, "see https://example.org")
    assert db.session.scalar(select(Notification.id)) is None
    assert queries.pending_items(municipality.id)[0].obj == comment
    services.moderate("comment", comment, actor=moderator, action="approve", reason="Fine")
    db.session.commit()
    db.session.refresh(proposal)
    assert not comment.pending_review and proposal.comments_count == 1
    events = set(db.session.scalars(select(Notification.event)))
    assert {"comment_on_contribution", "moderation_outcome"} <= events


def test_settings_update_is_audited(municipality, staff):
    settings.update_settings(municipality, actor=staff, data={"reports_to_hide": 5})
    db.session.commit()
    assert settings.settings_for(municipality.id).reports_to_hide == 5
    assert db.session.scalar(select(AuditEntry.action)) == "moderation.settings"


def test_public_log_counts(municipality, proposal, commenter, moderator):
    comment = post(proposal, commenter)
    _report(comment, reason="offensive")
    services.moderate("comment", comment, actor=moderator, action="hide", reason="x")
    db.session.commit()
    log = queries.public_log(municipality.id)
    assert log.hidden_total == 1 and log.hidden_by_reason == {"offensive": 1}
    assert log.reports_total == 1 and log.reports_handled == 1
    assert log.median_hours is not None
