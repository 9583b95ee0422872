"""What the learning space contributes to the systems other features serve."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l

from participa.core.authz import can
from participa.core.features import Contributions
from participa.core.link_choices import newest_of_member
from participa.learning import services
from participa.learning.models import ExchangeMessage, LearningExchange


def exchange_url(exchange: LearningExchange) -> str:
    """The exchange's page."""
    return url_for(
        "learning.detail", municipality=exchange.municipality.slug, exchange_id=exchange.id
    )


def _documents_visible(visitor: Any, exchange: LearningExchange) -> bool:
    # Shared documents are part of the participants' working space, as the messages are.
    return can(visitor, "learning.read_messages", exchange)


contributions = Contributions()
# Documents participants share (see participa.media): checked by content, size-capped.
contributions.add(
    "attachable", "learning_exchange", LearningExchange, url=exchange_url,
    title=lambda e: e.title, visible=_documents_visible, manage="learning.post",
)  # fmt: skip
# INN-08: taking part in the network's exchanges; and each completed exchange for the indicator
# it concerns.
contributions.add("indicator_evidence", "peer_network", services.network_evidence)
contributions.add(
    "indicator_evidence", "learning_exchanges", services.indicator_evidence, by_code=True
)
# Messages stay when the account is deleted, as comments do: shown as by a deleted participant.
contributions.add(
    "personal_data_rows", "learning_messages", ExchangeMessage, "author_id",
    ("id", "exchange_id", "member_id", "body", "created_at"), on_erase="keep",
)  # fmt: skip


# An event of an exchange (a visit, a workshop): the exchange page, public, lists it.
contributions.add(
    "event_linkable", "learning_exchange", LearningExchange, label=_l("Learning exchange"),
    url=exchange_url, title=lambda exchange: exchange.title, public=lambda exchange: True,
    choices=lambda member_id: newest_of_member(LearningExchange, member_id),
)  # fmt: skip
