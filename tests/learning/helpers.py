"""Exchanges for the learning space's tests."""

from __future__ import annotations

from participa.extensions import db
from participa.learning.models import (
    ExchangeParticipant,
    LearningExchange,
    ParticipantStatus,
)


def make_exchange(municipality, *, status="open", joined=(), invited=(), **fields):
    """An exchange of ``municipality`` with the members in ``joined`` taking part."""
    exchange = LearningExchange(
        municipality_id=municipality.id,
        kind=fields.pop("kind", "request"),
        topic=fields.pop("topic", "open_data"),
        title=fields.pop("title", "Help with open data"),
        description=fields.pop("description", "How did you publish your budget?"),
        status=status,
        **fields,
    )
    db.session.add(exchange)
    db.session.flush()
    for member in joined:
        db.session.add(ExchangeParticipant(exchange_id=exchange.id, municipality_id=member.id,
                                           status=ParticipantStatus.JOINED))  # fmt: skip
    for member in invited:
        db.session.add(ExchangeParticipant(exchange_id=exchange.id, municipality_id=member.id,
                                           status=ParticipantStatus.INVITED))  # fmt: skip
    db.session.commit()
    return exchange
