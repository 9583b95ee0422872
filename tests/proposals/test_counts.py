"""A consultation's proposal count means one thing on its card and on its page: the proposals
everyone can see. Moderation hiding or restoring a proposal moves it."""

from __future__ import annotations

import re

from flask import g

from participa.extensions import db
from participa.moderation import services as moderation
from tests.consultations.helpers import make_consultation, make_proposal

CARD = re.compile(r"(\d+) proposals?")
FIGURE = re.compile(r"<dt>Proposals</dt><dd>(\d+)</dd>")


def _card_and_page(client, municipality, consultation) -> tuple[int, int]:
    listing = client.get(f"/m/{municipality.slug}/consultations/").get_data(as_text=True)
    page = client.get(f"/m/{municipality.slug}/consultations/{consultation.id}")
    return int(CARD.search(listing).group(1)), int(FIGURE.search(page.get_data(as_text=True))[1])


def test_card_and_page_agree_when_moderation_hides_a_proposal(app, client, municipality, moderator):
    consultation = make_consultation(municipality)
    make_proposal(consultation, title="Más bancos")
    hidden = make_proposal(consultation, title="Publicidad")
    assert _card_and_page(client, municipality, consultation) == (2, 2)

    with app.test_request_context("/"):
        g.municipality = municipality
        moderation.moderate("proposal", hidden, actor=moderator, action="hide", reason="Spam")
        db.session.commit()
    assert _card_and_page(client, municipality, consultation) == (1, 1)

    with app.test_request_context("/"):
        g.municipality = municipality
        moderation.moderate("proposal", hidden, actor=moderator, action="restore", reason="Ok")
        db.session.commit()
    assert _card_and_page(client, municipality, consultation) == (2, 2)
