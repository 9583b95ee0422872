"""Learning exchanges: a municipality offers or requests help on an indicator from another,
whose staff accept or decline; accepted exchanges are public."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from participa.core import audit
from participa.core.errors import DomainError
from participa.core.features import Contributions
from participa.db import utcnow
from participa.extensions import db
from participa.indicators.models import Exchange, ExchangeKind, ExchangeStatus, Indicator
from participa.municipalities.models import Municipality

if TYPE_CHECKING:
    from participa.accounts.models import User


def propose_exchange(
    municipality: Municipality,
    *,
    actor: User,
    partner: Municipality | None,
    indicator: Indicator | None,
    kind: str,
    message: str = "",
) -> Exchange:
    """Offer or request an exchange on one indicator with another municipality."""
    if partner is None or partner.is_archived:
        raise DomainError(_("Choose another municipality of the network."), status=422)
    if partner.id == municipality.id:
        raise DomainError(_("An exchange needs another municipality."), status=422)
    if indicator is None:
        raise DomainError(_("Choose an indicator."), status=422)
    if kind not in (ExchangeKind.OFFER, ExchangeKind.REQUEST):
        raise DomainError(_("Choose whether you offer or request the exchange."), status=422)
    pending = db.session.scalar(
        select(Exchange.id).where(
            Exchange.municipality_id == municipality.id,
            Exchange.partner_id == partner.id,
            Exchange.indicator_id == indicator.id,
            Exchange.status == ExchangeStatus.PENDING,
        )
    )
    if pending:
        raise DomainError(_("An exchange on this indicator with %(name)s is already pending.",
                            name=partner.name))  # fmt: skip
    exchange = Exchange(
        municipality_id=municipality.id,
        partner_id=partner.id,
        indicator_id=indicator.id,
        kind=kind,
        message=(message or "").strip(),
        created_by_id=actor.id,
    )
    db.session.add(exchange)
    db.session.flush()
    audit.record(
        "indicators.propose_exchange", actor=actor, municipality=municipality, target=exchange,
        partner=partner.slug, indicator=indicator.code, kind=kind,
    )  # fmt: skip
    return exchange


def decide_exchange(exchange: Exchange, *, actor: User, accept: bool) -> Exchange:
    """The invited municipality accepts or declines a pending exchange."""
    if exchange.status != ExchangeStatus.PENDING:
        raise DomainError(_("This exchange has already been answered."))
    exchange.status = ExchangeStatus.ACCEPTED if accept else ExchangeStatus.DECLINED
    exchange.decided_by_id = actor.id
    exchange.decided_at = utcnow()
    db.session.flush()
    audit.record(
        "indicators.accept_exchange" if accept else "indicators.decline_exchange",
        actor=actor, municipality=exchange.partner, target=exchange,
    )  # fmt: skip
    return exchange


def exchanges_of(municipality: Municipality) -> list[Exchange]:
    """Every exchange the municipality proposed or was invited to, newest first."""
    return list(
        db.session.scalars(
            select(Exchange)
            .where(
                or_(
                    Exchange.municipality_id == municipality.id,
                    Exchange.partner_id == municipality.id,
                )
            )
            .options(selectinload(Exchange.municipality), selectinload(Exchange.partner))
            .order_by(Exchange.created_at.desc(), Exchange.id.desc())
        )
    )


def accepted_exchanges(limit: int = 100) -> list[Exchange]:
    """Accepted exchanges across the network, for the public list."""
    return list(
        db.session.scalars(
            select(Exchange)
            .where(Exchange.status == ExchangeStatus.ACCEPTED)
            .options(selectinload(Exchange.municipality), selectinload(Exchange.partner))
            .order_by(Exchange.decided_at.desc(), Exchange.id.desc())
            .limit(limit)
        )
    )


def get_exchange(exchange_id: int, municipality: Municipality) -> Exchange | None:
    """An exchange the municipality takes part in (either side), or None."""
    return db.session.scalars(
        select(Exchange).where(
            Exchange.id == exchange_id,
            or_(
                Exchange.municipality_id == municipality.id,
                Exchange.partner_id == municipality.id,
            ),
        )
    ).first()


def _network_evidence(
    municipality: Municipality, now: datetime, since: datetime
) -> list[tuple[str, str]]:
    # INN-08: learning exchanges accepted in the period are documented activity in this
    # platform's network of municipalities.
    count = db.session.scalar(
        select(func.count(Exchange.id)).where(
            or_(
                Exchange.municipality_id == municipality.id, Exchange.partner_id == municipality.id
            ),
            Exchange.status == ExchangeStatus.ACCEPTED,
            Exchange.decided_at >= since,
            Exchange.decided_at <= now,
        )
    )
    if not count:
        return []
    label = ngettext("%(num)s learning exchange with another municipality in the last 12 months",
                     "%(num)s learning exchanges with other municipalities in the last 12 months",
                     count)  # fmt: skip
    return [(label, url_for("indicators_network.accepted_exchanges"))]


contributions = Contributions()
contributions.add("indicator_evidence", "peer_network", _network_evidence)
