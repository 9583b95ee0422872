"""Whether a person may support a proposal is decided once, by ``supports.support_refusal``: the
support button (``can('proposals.support', ...)``), the view (``require``) and the service
(``support_proposal``) agree on every case, and changing that one rule changes all three."""

from __future__ import annotations

import pytest
from markupsafe import escape

from participa.core.errors import DomainError
from participa.db import utcnow
from participa.extensions import db
from participa.proposals import supports
from participa.proposals.models import Support
from tests import factories
from tests.consultations.helpers import make_consultation, make_proposal
from tests.rows import count_rows

M = "/m/villa-norte"
SUPPORT_BUTTON = "/support"  # the support form's action (the withdraw form's ends in /unsupport)
REMAINING = "more proposal"  # "You can support %(num)s more proposal(s)..."

CASES = [
    # case, phase, participation, consultation status, actor, proposal fields, refusal status
    ("allowed", "supports", "registered", "published", "user", {}, None),
    ("resident", "supports", "verified", "published", "resident", {}, None),
    ("proposals phase", "proposals", "registered", "published", "user", {}, 409),
    ("closed", "closed", "registered", "published", "user", {}, 409),
    ("not a resident", "supports", "verified", "published", "user", {}, 403),
    ("unconfirmed", "supports", "registered", "published", "unconfirmed", {}, 403),
    ("withdrawn", "supports", "registered", "published", "user", {"state": "withdrawn"}, 409),
    ("hidden", "supports", "registered", "published", "staff", {"hidden": True}, 409),
    ("draft", "supports", "registered", "draft", "staff", {}, 403),
]


def _actor(kind, municipality):
    if kind == "unconfirmed":
        return factories.UserFactory(email_confirmed_at=None)
    if kind in ("resident", "staff"):
        return factories.member(municipality, "resident" if kind == "resident" else "admin")
    return factories.UserFactory()


def _supports_of(user) -> int:
    return count_rows(Support, Support.user_id == user.id)


def _button(page_text: str, proposal) -> bool:
    return f'action="{M}/proposals/{proposal.id}{SUPPORT_BUTTON}"' in page_text


@pytest.mark.parametrize(
    ("phase", "participation", "status", "actor_kind", "fields", "refused"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_button_view_and_service_agree(
    client, login, municipality, phase, participation, status, actor_kind, fields, refused
):
    consultation = make_consultation(
        municipality, phase=phase, participation=participation, status=status
    )
    hidden = fields.pop("hidden", False)
    proposal = make_proposal(consultation, **fields)
    if hidden:
        proposal.hidden_at = utcnow()
        db.session.commit()
    actor = _actor(actor_kind, municipality)
    refusal = supports.support_refusal(actor, proposal)
    assert (refusal.status if refusal else None) == refused
    in_consultation = supports.support_refusal(actor, consultation) is None
    login(actor)

    # The templates: the button on the proposal, the "N more" line on the consultation's pages.
    detail = client.get(f"{M}/proposals/{proposal.id}")
    assert detail.status_code == 200
    assert _button(detail.text, proposal) == (refusal is None)
    assert (REMAINING in detail.text) == in_consultation
    listing = client.get(f"{M}/consultations/{consultation.id}/proposals/")
    assert (REMAINING in listing.text) == in_consultation
    overview = client.get(f"{M}/consultations/{consultation.id}")
    assert ("Support the proposals you like" in overview.text) == in_consultation

    # The view.
    response = client.post(f"{M}/proposals/{proposal.id}/support")
    if refusal is None:
        assert response.status_code == 302 and _supports_of(actor) == 1
        refusal = DomainError("You already support this proposal.")  # what the service says now
    else:
        assert response.status_code == refusal.status and _supports_of(actor) == 0
        if refusal.status != 403:  # a 403 shows the generic page, as every denial does
            assert str(escape(refusal.message)) in response.text

    # The service.
    with pytest.raises(DomainError) as exc:
        supports.support_proposal(proposal, user=actor)
    assert (exc.value.status, exc.value.message) == (refusal.status, refusal.message)
    db.session.rollback()


def test_changing_the_one_rule_changes_button_view_and_service(
    client, login, municipality, monkeypatch
):
    open_one = make_proposal(make_consultation(municipality, phase="supports"))
    closed = make_proposal(make_consultation(municipality, phase="closed"))
    person = factories.UserFactory()
    login(person)
    assert _button(client.get(f"{M}/proposals/{open_one.id}").text, open_one)
    assert not _button(client.get(f"{M}/proposals/{closed.id}").text, closed)

    # A rule that refuses everything: no button, the view answers with its refusal, and so
    # does the service.
    monkeypatch.setattr(
        supports, "support_refusal", lambda user, target: DomainError("Paused for a recount.")
    )
    page = client.get(f"{M}/proposals/{open_one.id}")
    assert not _button(page.text, open_one) and REMAINING not in page.text
    service = supports.support_proposal
    called = []
    monkeypatch.setattr(supports, "support_proposal", lambda *a, **k: called.append(a))
    response = client.post(f"{M}/proposals/{open_one.id}/support")
    assert response.status_code == 409 and "Paused for a recount." in response.text
    assert called == []  # the view refused through require(), before the service
    monkeypatch.setattr(supports, "support_proposal", service)
    with pytest.raises(DomainError, match="Paused for a recount"):
        supports.support_proposal(open_one, user=person)
    db.session.rollback()

    # A rule that allows everything, even after the phase: the button shows, and the view and
    # the service record the support (still within the person's limit, under the lock).
    monkeypatch.setattr(supports, "support_refusal", lambda user, target: None)
    page = client.get(f"{M}/proposals/{closed.id}")
    assert _button(page.text, closed) and REMAINING in page.text
    assert client.post(f"{M}/proposals/{closed.id}/support").status_code == 302
    assert _supports_of(person) == 1

    # Taking a support back follows the consultation's side of the same rule.
    monkeypatch.setattr(
        supports, "support_refusal", lambda user, target: DomainError("Paused for a recount.")
    )
    response = client.post(f"{M}/proposals/{closed.id}/unsupport")
    assert response.status_code == 409 and "Paused for a recount." in response.text
    with pytest.raises(DomainError, match="Paused for a recount"):
        supports.unsupport_proposal(closed, user=person)
    db.session.rollback()
    assert _supports_of(person) == 1
