"""Moderation pages: report form, queue, bulk actions, appeals, blocks, settings, public log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participa.comments.models import Comment
from participa.extensions import db
from participa.moderation import services
from participa.moderation.models import ParticipationBlock, ReasonTemplate, Report
from tests import factories
from tests.comments.support import base, post, set_settings, thread_url
from tests.rows import count_rows


def test_report_form_and_once_per_person(
    client, login, municipality, proposal, commenter, old_user
):
    comment = post(proposal, commenter)
    login(old_user)
    url = f"{base(municipality)}/moderation/report/comment/{comment.id}"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"reason": "spam", "note": "ads"}).status_code == 302
    response = client.post(url, data={"reason": "offensive"})
    assert response.status_code == 409
    assert "already reported" in response.get_data(as_text=True)
    assert count_rows(Report) == 1


def test_report_needs_a_reason(client, login, municipality, proposal, commenter, old_user):
    comment = post(proposal, commenter)
    login(old_user)
    url = f"{base(municipality)}/moderation/report/comment/{comment.id}"
    assert client.post(url, data={"reason": "bogus"}).status_code == 422


def test_report_requires_login(client, municipality, proposal, commenter):
    comment = post(proposal, commenter)
    response = client.get(f"{base(municipality)}/moderation/report/comment/{comment.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_report_of_another_municipality_answers_404(
    client, login, municipality, other_proposal, old_user
):
    foreign = post(other_proposal, factories.UserFactory())
    login(old_user)
    assert (
        client.get(f"{base(municipality)}/moderation/report/comment/{foreign.id}").status_code
        == 404
    )


def test_threshold_hides_for_others_but_not_for_author(
    client, login, municipality, proposal, commenter, app
):
    set_settings(municipality, reports_to_hide=2)
    comment = post(proposal, commenter, "contested words")
    for _ in range(2):
        reporter = login(factories.UserFactory(), on=app.test_client())
        reporter.post(
            f"{base(municipality)}/moderation/report/comment/{comment.id}",
            data={"reason": "offensive"},
        )
    db.session.refresh(comment)
    assert comment.hidden_at is not None
    html = app.test_client().get(thread_url(proposal)).get_data(as_text=True)
    assert "contested words" not in html and "hidden by moderation" in html
    login(commenter)
    own = client.get(thread_url(proposal)).get_data(as_text=True)
    assert "contested words" in own and "hidden by moderation" in own
    assert f"/moderation/appeal/comment/{comment.id}" in own


@pytest.mark.parametrize("who", ["moderator", "staff", "platform_admin"])
def test_queue_is_open_to_moderators(
    client, login, municipality, proposal, commenter, who, request
):
    comment = post(proposal, commenter, "reported text")
    services.report_content("comment", comment, reporter=factories.UserFactory(), reason="spam")
    db.session.commit()
    login(request.getfixturevalue(who))
    response = client.get(f"{base(municipality)}/moderation/")
    assert response.status_code == 200
    assert "reported text" in response.get_data(as_text=True)


@pytest.mark.parametrize("who", ["resident", "other_staff", "user"])
def test_queue_is_closed_to_others(client, login, municipality, who, request):
    login(request.getfixturevalue(who))
    assert client.get(f"{base(municipality)}/moderation/").status_code == 403
    assert (
        client.post(
            f"{base(municipality)}/moderation/act",
            data={"items": ["comment:1"], "action": "hide", "reason": "x"},
        ).status_code
        == 403
    )


def test_queue_sends_anonymous_visitors_to_login(client, municipality):
    response = client.get(f"{base(municipality)}/moderation/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_bulk_hide_with_reason_template(
    client, login, municipality, proposal, commenter, old_user, moderator
):
    first, second = post(proposal, commenter, "one"), post(proposal, old_user, "two")
    template = ReasonTemplate(
        municipality_id=municipality.id, title="Spam", text="Advertising is not allowed."
    )
    db.session.add(template)
    db.session.commit()
    login(moderator)
    response = client.post(
        f"{base(municipality)}/moderation/act",
        data={
            "items": [f"comment:{first.id}", f"comment:{second.id}"],
            "action": "hide",
            "template": str(template.id),
            "category": "spam",
        },
    )
    assert response.status_code == 302
    hidden = db.session.scalars(select(Comment).where(Comment.hidden_at.is_not(None))).all()
    assert len(hidden) == 2


def test_bulk_without_reason_answers_422(
    client, login, municipality, proposal, commenter, moderator
):
    comment = post(proposal, commenter)
    login(moderator)
    response = client.post(
        f"{base(municipality)}/moderation/act",
        data={"items": [f"comment:{comment.id}"], "action": "hide"},
    )
    assert response.status_code == 422
    assert response.get_data(as_text=True).count("Give a reason") == 1


def test_moderator_of_another_municipality_cannot_act_here(
    client, login, municipality, other_municipality, proposal, commenter
):
    comment = post(proposal, commenter)
    other_moderator = factories.member(other_municipality, "moderator")
    login(other_moderator)

    def hide_through(member) -> int:
        data = {"items": [f"comment:{comment.id}"], "action": "hide", "reason": "x"}
        return client.post(f"{base(member)}/moderation/act", data=data).status_code

    assert hide_through(municipality) == 403
    # Through their own municipality, the comment id does not exist.
    assert hide_through(other_municipality) == 404
    db.session.refresh(comment)
    assert comment.hidden_at is None


def test_appeal_flow_needs_a_different_moderator(
    client, login, municipality, proposal, commenter, moderator, staff, app
):
    comment = post(proposal, commenter)
    services.moderate("comment", comment, actor=moderator, action="hide", reason="Rude")
    db.session.commit()
    login(commenter)
    url = f"{base(municipality)}/moderation/appeal/comment/{comment.id}"
    assert client.post(url, data={"text": "Please reconsider"}).status_code == 302
    assert client.post(url, data={"text": "Again"}).status_code == 409
    appeal_id = services.appeal_of("comment", comment.id).id
    same = login(moderator, on=app.test_client())
    decide = f"{base(municipality)}/moderation/appeals/{appeal_id}/decide"
    assert same.post(decide, data={"outcome": "overturned", "response": "x"}).status_code == 403
    other = login(staff, on=app.test_client())
    assert other.get(f"{base(municipality)}/moderation/appeals").status_code == 200
    assert other.post(decide, data={"outcome": "overturned", "response": "ok"}).status_code == 302
    db.session.refresh(comment)
    assert comment.hidden_at is None


def test_appeal_by_someone_else_is_forbidden(
    client, login, municipality, proposal, commenter, old_user, moderator
):
    comment = post(proposal, commenter)
    services.moderate("comment", comment, actor=moderator, action="hide", reason="Rude")
    db.session.commit()
    login(old_user)
    assert (
        client.get(f"{base(municipality)}/moderation/appeal/comment/{comment.id}").status_code
        == 403
    )


def test_block_person_then_they_cannot_comment(
    client, login, municipality, proposal, commenter, moderator, app
):
    mod = login(moderator, on=app.test_client())
    response = mod.post(
        f"{base(municipality)}/moderation/blocks/new/{commenter.id}",
        data={"days": "7", "reason": "Insults"},
    )
    assert response.status_code == 302
    assert "Insults" in mod.get(f"{base(municipality)}/moderation/blocks").get_data(as_text=True)
    login(commenter)
    response = client.post(thread_url(proposal), data={"body": "hi", "alignment": "neutral"})
    assert response.status_code == 403
    assert "blocked" in response.get_data(as_text=True)
    block = db.session.scalars(select(ParticipationBlock)).one()
    lift = mod.post(f"{base(municipality)}/moderation/blocks/{block.id}/lift")
    assert lift.status_code == 302
    assert (
        client.post(thread_url(proposal), data={"body": "hi", "alignment": "neutral"}).status_code
        == 302
    )


def test_a_refused_block_shows_the_reason_once_and_keeps_the_form(
    client, login, municipality, moderator
):
    login(moderator)
    response = client.post(
        f"{base(municipality)}/moderation/blocks/new/{moderator.id}",
        data={"days": "7", "reason": "Kept text"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert html.count("You cannot block yourself.") == 1
    assert "Kept text" in html


def test_lifting_a_block_of_another_municipality_answers_404(
    client, login, municipality, other_municipality, commenter, moderator
):
    block = ParticipationBlock(
        municipality_id=other_municipality.id, user_id=commenter.id, reason="x"
    )
    db.session.add(block)
    db.session.commit()
    login(moderator)
    assert client.post(f"{base(municipality)}/moderation/blocks/{block.id}/lift").status_code == 404


def test_reason_templates_crud(client, login, municipality, moderator):
    login(moderator)
    root = f"{base(municipality)}/moderation/reasons"
    assert client.post(f"{root}/new", data={"title": "Spam", "text": "No ads"}).status_code == 302
    template = db.session.scalars(select(ReasonTemplate)).one()
    assert (
        client.post(
            f"{root}/{template.id}/edit", data={"title": "Spam", "text": "No ads here"}
        ).status_code
        == 302
    )
    assert "No ads here" in client.get(root).get_data(as_text=True)
    assert client.post(f"{root}/{template.id}/delete").status_code == 302
    assert count_rows(ReasonTemplate) == 0


def test_settings_for_admins_only(client, login, municipality, staff, moderator, app):
    url = f"{base(municipality)}/moderation/settings"
    login(moderator)
    assert client.get(url).status_code == 403
    admin = login(staff, on=app.test_client())
    assert admin.get(url).status_code == 200
    response = admin.post(
        url,
        data={
            "reports_to_hide": "4",
            "premoderate_links": "y",
            "premoderate_new_accounts_days": "2",
            "new_account_days": "7",
            "new_account_link_limit": "1",
        },
    )
    assert response.status_code == 302
    assert admin.post(url, data={"reports_to_hide": "0"}).status_code == 422


def test_public_log_shows_counts_never_content_or_reporters(
    client, municipality, proposal, commenter, moderator
):
    comment = post(proposal, commenter, "secret offensive words")
    reporter = factories.UserFactory(display_name="Reporter Person")
    services.report_content(
        "comment", comment, reporter=reporter, reason="offensive", note="private note"
    )
    services.moderate("comment", comment, actor=moderator, action="hide", reason="Moderator why")
    db.session.commit()
    html = client.get(f"{base(municipality)}/moderation/log").get_data(as_text=True)
    assert "Offensive" in html
    for secret in (
        "secret offensive words",
        "Reporter Person",
        "private note",
        "Commenter",
        "Moderator why",
    ):
        assert secret not in html


def test_report_link_becomes_a_mark_once_reported(
    client, login, municipality, proposal, commenter, old_user
):
    comment = post(proposal, commenter)
    login(old_user)
    report_url = f"{base(municipality)}/moderation/report/comment/{comment.id}"
    page = client.get(thread_url(proposal)).get_data(as_text=True)
    assert report_url in page and "You reported this" not in page
    client.post(report_url, data={"reason": "spam"})
    page = client.get(thread_url(proposal)).get_data(as_text=True)
    assert report_url not in page and "You reported this" in page
    proposal_page = f"{base(municipality)}/proposals/{proposal.id}"
    report_proposal = f"{base(municipality)}/moderation/report/proposal/{proposal.id}"
    assert report_proposal in client.get(proposal_page).get_data(as_text=True)
    client.post(report_proposal, data={"reason": "off_topic"})
    page = client.get(proposal_page).get_data(as_text=True)
    assert report_proposal not in page and "You reported this" in page
