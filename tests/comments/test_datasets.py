"""The comments dataset holds the comments everyone can read: never a hidden, deleted or
unreviewed comment, nor one on a hidden proposal, a draft consultation or another
municipality; a deleted author's name is left empty."""

from __future__ import annotations

from participa.comments.models import Comment
from participa.db import utcnow
from participa.extensions import db
from participa.moderation import services as moderation
from tests.comments.support import make_consultation, make_proposal, post, reply
from tests.opendata.support import download


def test_only_public_comments_on_public_objects(client, municipality, other_proposal,
                                                proposal, commenter, moderator):  # fmt: skip
    shown = post(proposal, commenter, "Shown to everyone", alignment="in_favour")
    answer = reply(shown, commenter, "An answer")
    hidden = post(proposal, commenter, "Hidden by a moderator")
    moderation.moderate("comment", hidden, actor=moderator, action="hide", reason="Spam",
                        notify_author=False)  # fmt: skip
    deleted = post(proposal, commenter, "Deleted by its author")
    deleted.deleted_at = utcnow()
    pending = post(proposal, commenter, "Waiting for review")
    pending.pending_review = True
    on_hidden = make_proposal(municipality, title="Later hidden")
    post(on_hidden, commenter, "On a hidden proposal")
    moderation.moderate("proposal", on_hidden, actor=moderator, action="hide", reason="Spam",
                        notify_author=False)  # fmt: skip
    draft = make_consultation(municipality, status="draft")
    db.session.add(Comment(municipality_id=municipality.id, commentable_type="consultation",
                           commentable_id=draft.id, author_id=commenter.id,
                           body="On a draft consultation"))  # fmt: skip
    post(other_proposal, commenter, "In another municipality")
    db.session.commit()

    rows = download(client, "comments")

    assert [r["body"] for r in rows] == ["Shown to everyone", "An answer"]
    first, second = rows
    assert first["object_kind"] == "proposal" and first["object_id"] == str(proposal.id)
    assert first["alignment"] == "in_favour" and first["author"] == commenter.display_name
    assert second["parent_id"] == str(shown.id) and second["id"] == str(answer.id)
    commenter.deleted_at = utcnow()
    db.session.commit()
    assert [r["author"] for r in download(client, "comments")] == ["", ""]
