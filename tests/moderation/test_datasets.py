"""The moderation statistics: counts per month and kind of content, of this municipality only,
with nobody's name in them."""

from __future__ import annotations

from participa.db import utcnow
from participa.extensions import db
from participa.moderation import services as moderation
from tests import factories
from tests.comments.support import post
from tests.opendata.support import download


def test_counts_per_month_and_kind_and_no_person(client, municipality, proposal, other_proposal,
                                                 commenter, moderator):  # fmt: skip
    comment = post(proposal, commenter, "Something")
    reporters = [factories.UserFactory(display_name=f"Reporter {n}") for n in range(3)]
    for reporter in reporters[:2]:
        moderation.report_content("comment", comment, reporter=reporter, reason="spam")
    moderation.report_content("proposal", proposal, reporter=reporters[2], reason="off_topic")
    moderation.report_content("proposal", other_proposal, reporter=reporters[0], reason="spam")
    moderation.moderate("comment", comment, actor=moderator, action="hide", reason="Spam",
                        notify_author=False)  # fmt: skip
    appeal = moderation.appeal_hiding("comment", comment, author=commenter, text="It was fine")
    second = factories.member(municipality, "moderator", display_name="Second Moderator")
    moderation.decide_appeal(appeal, actor=second, outcome="overturned", response="Agreed")
    db.session.commit()

    response = client.get("/m/villa-norte/datos/moderation-statistics.csv")
    text = response.get_data(as_text=True)
    for person in [*reporters, commenter, moderator, second]:
        assert person.display_name not in text and person.email not in text
    rows = {r["kind"]: r for r in download(client, "moderation-statistics")}
    month = utcnow().strftime("%Y-%m")
    assert set(rows) == {"comment", "proposal"}
    figures = {kind: {k: v for k, v in row.items() if k not in ("changed_at",)}
               for kind, row in rows.items()}  # fmt: skip
    assert figures["proposal"] == {
        "id": f"{month}/proposal", "month": month, "kind": "proposal", "reports": "1",
        "hidden": "0", "restored": "0", "dismissed": "0", "approved": "0", "appeals": "0",
        "appeals_upheld": "0", "appeals_overturned": "0",
    }  # fmt: skip
    assert figures["comment"]["reports"] == "2"
    assert figures["comment"]["hidden"] == "1"
    assert figures["comment"]["appeals"] == "1"
    assert figures["comment"]["appeals_overturned"] == "1"
    assert figures["comment"]["appeals_upheld"] == "0"
    assert figures["comment"]["restored"] == "1"  # overturning the appeal restored it
