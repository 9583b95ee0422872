"""Open an exchange, invite and join members, post messages, complete or close it; the lists of
the learning space; what exchanges prove (indicator evidence) and count (network results)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import Select, exists, func, or_, select, union_all
from sqlalchemy.orm import selectinload

from participa.core import audit
from participa.core.authz import remember, visitor_key
from participa.core.errors import DomainError
from participa.core.results import ResultCount
from participa.core.text import markdown_text
from participa.core.topics import TOPICS
from participa.db import utcnow
from participa.extensions import db
from participa.learning.models import (
    ACTIVE,
    ExchangeKind,
    ExchangeMessage,
    ExchangeParticipant,
    ExchangeStatus,
    LearningExchange,
    ParticipantStatus,
)
from participa.municipalities.models import Membership, Municipality, Role
from participa.notifications import services as notifications

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.authz import Visitor
    from participa.indicators.models import Indicator

TITLE_MAX = 200
TEXT_MAX = 20_000
MESSAGE_MAX = 10_000
# A notification's summary, given the exchange's title.
Summary = Callable[[str], str]


# --- Who acts for which member ------------------------------------------------------------------


def staff_member_ids(user: Visitor) -> frozenset[int]:
    """The members whose staff (admins) the person is, by membership (once per page)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    user_id = user.id
    found: frozenset[int] = remember(
        ("learning_staff_of", visitor_key(user)),
        lambda: frozenset(
            db.session.scalars(
                select(Membership.municipality_id).where(
                    Membership.user_id == user_id, Membership.role == Role.ADMIN
                )
            )
        ),
    )
    return found


def joined_ids(exchange: LearningExchange) -> set[int]:
    """The members that joined the exchange (not the opener, not the invited)."""
    return {
        p.municipality_id for p in exchange.participants if p.status == ParticipantStatus.JOINED
    }


def participant(exchange: LearningExchange, member_id: int) -> ExchangeParticipant | None:
    """The member's row in the exchange, whatever its status."""
    return next((p for p in exchange.participants if p.municipality_id == member_id), None)


def speaking_for(user: Visitor, exchange: LearningExchange) -> int | None:
    """The member the person speaks for in the exchange: the opener first, then a participant."""
    mine = staff_member_ids(user)
    if exchange.municipality_id in mine:
        return exchange.municipality_id
    return next((m for m in sorted(joined_ids(exchange)) if m in mine), None)


def joinable_members(user: Visitor, exchange: LearningExchange) -> list[Municipality]:
    """The members the person may join the exchange for (their staff, not yet taking part)."""
    if exchange.status not in ACTIVE:
        return []
    taken = joined_ids(exchange) | {exchange.municipality_id}
    ids = [m for m in staff_member_ids(user) if m not in taken]
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Municipality)
            .where(Municipality.id.in_(ids), Municipality.archived_at.is_(None))
            .order_by(Municipality.name)
        )
    )


def invitable_members(exchange: LearningExchange) -> list[Municipality]:
    """The members the opener's staff may invite: every other one not yet invited or joined."""
    taken = {p.municipality_id for p in exchange.participants} | {exchange.municipality_id}
    return [m for m in members() if m.id not in taken]


def current_indicators() -> list[Indicator]:
    """The indicators of the current framework version, in its order (the form's choices)."""
    from participa.indicators.models import Dimension, FrameworkVersion, Indicator

    return list(
        db.session.scalars(
            select(Indicator)
            .join(FrameworkVersion, FrameworkVersion.id == Indicator.version_id)
            .join(Dimension, Dimension.id == Indicator.dimension_id)
            .where(FrameworkVersion.is_current.is_(True))
            .order_by(Dimension.position, Indicator.position)
        )
    )


def members() -> list[Municipality]:
    """The network's members, by name (filters and choices)."""
    return list(
        db.session.scalars(
            select(Municipality)
            .where(Municipality.archived_at.is_(None))
            .order_by(Municipality.name)
        )
    )


# --- Changes ------------------------------------------------------------------------------------


def _text(value: str | None, limit: int, message: str, *, missing: str | None = None) -> str:
    """``value`` stripped; a 422 with ``message`` when longer than ``limit``, with ``missing``
    when empty and required."""
    text = (value or "").strip()
    if len(text) > limit:
        raise DomainError(message, 422)
    if missing is not None and not text:
        raise DomainError(missing, 422)
    return text


def _check_active(exchange: LearningExchange) -> None:
    if exchange.status not in ACTIVE:
        raise DomainError(_("This exchange has finished."), 409)


def open_exchange(
    member: Municipality,
    *,
    actor: User,
    kind: str,
    topic: str,
    title: str,
    description: str,
    indicator: Indicator | None = None,
    invite: Municipality | None = None,
) -> LearningExchange:
    """Offer or ask for help on a practice of one topic, optionally inviting another member."""
    if kind not in (ExchangeKind.OFFER, ExchangeKind.REQUEST):
        raise DomainError(_("Choose whether you offer or ask for help."), 422)
    if topic not in TOPICS:
        raise DomainError(_("Choose one of the listed topics."), 422)
    title = _text(
        title, TITLE_MAX, _("The title is too long."), missing=_("Give the exchange a title.")
    )
    exchange = LearningExchange(
        municipality_id=member.id,
        kind=kind,
        topic=topic,
        title=title,
        description=_text(description, TEXT_MAX, _("The description is too long.")),
        indicator_id=indicator.id if indicator is not None else None,
        created_by_id=actor.id,
    )
    db.session.add(exchange)
    db.session.flush()
    audit.record("learning.open", actor=actor, municipality=member, target=exchange,
                 kind=kind, topic=topic)  # fmt: skip
    if invite is not None:
        invite_member(exchange, actor=actor, member=invite)
    return exchange


def invite_member(
    exchange: LearningExchange, *, actor: User, member: Municipality | None
) -> ExchangeParticipant:
    """Invite another member to an active exchange; its staff join to accept."""
    _check_active(exchange)
    if member is None or member.is_archived or member.id == exchange.municipality_id:
        raise DomainError(_("Choose another member of the network."), 422)
    found = participant(exchange, member.id)
    if found is not None:
        raise DomainError(_("%(name)s is already invited or taking part.", name=member.name), 409)
    row = ExchangeParticipant(
        exchange=exchange,
        municipality_id=member.id,
        status=ParticipantStatus.INVITED,
        invited_by_id=actor.id,
    )
    db.session.add(row)
    db.session.flush()
    audit.record_on(exchange, "learning.invite", actor=actor, member=member.slug)
    return row


def join(
    exchange: LearningExchange, *, actor: User, member: Municipality | None
) -> ExchangeParticipant:
    """A member's staff join an active exchange (accepting an invitation when there is one)."""
    _check_active(exchange)
    if member is None or member.id not in staff_member_ids(actor):
        raise DomainError(_("Choose a member whose staff you are."), 422)
    if member.id == exchange.municipality_id:
        raise DomainError(_("Your member opened this exchange."), 409)
    # Two staff joining at once: the second waits, then sees the first's row.
    db.session.execute(
        select(LearningExchange.id).where(LearningExchange.id == exchange.id).with_for_update()
    )
    db.session.refresh(exchange, ["participants"])
    row = participant(exchange, member.id)
    if row is not None and row.status == ParticipantStatus.JOINED:
        raise DomainError(_("%(name)s already takes part.", name=member.name), 409)
    if row is None:
        row = ExchangeParticipant(exchange=exchange, municipality_id=member.id)
        db.session.add(row)
    row.status = ParticipantStatus.JOINED
    row.answered_by_id = actor.id
    row.joined_at = utcnow()
    if exchange.status == ExchangeStatus.OPEN:
        exchange.status = ExchangeStatus.IN_PROGRESS
    db.session.flush()
    audit.record("learning.join", actor=actor, municipality=member, target=exchange,
                 opener=exchange.municipality.slug)  # fmt: skip
    return row


def post_message(exchange: LearningExchange, *, actor: User, body: str) -> ExchangeMessage:
    """A participant's or the opener's staff write in an active exchange; the others are told."""
    _check_active(exchange)
    member_id = speaking_for(actor, exchange)
    if member_id is None and not actor.is_platform_admin:
        raise DomainError(_("Only the members taking part write in this exchange."), 403)
    text = _text(body, MESSAGE_MAX, _("The message is too long."), missing=_("Write a message."))
    message = ExchangeMessage(
        municipality_id=exchange.municipality_id,
        exchange_id=exchange.id,
        member_id=member_id,
        author_id=actor.id,
        body=text,
    )
    db.session.add(message)
    db.session.flush()
    _tell_staff(
        exchange,
        "exchange_message",
        lambda title: _("New message in the exchange “%(title)s”", title=title),
        actor=actor,
        anchor="messages",
    )
    return message


def complete(exchange: LearningExchange, *, actor: User, outcome: str) -> LearningExchange:
    """The opener's staff finish the exchange with its outcome; participants are told."""
    _check_active(exchange)
    text = _text(outcome, TEXT_MAX, _("The outcome is too long."))
    if not markdown_text(text):
        raise DomainError(_("Write what came out of the exchange."), 422)
    if not joined_ids(exchange):
        raise DomainError(_("An exchange completes once another member has joined it."), 409)
    exchange.outcome = text
    _finish(exchange, ExchangeStatus.COMPLETED, "learning.complete", actor=actor)
    _tell_staff(
        exchange,
        "exchange_completed",
        lambda title: _("The exchange “%(title)s” is completed", title=title),
        actor=actor,
    )
    return exchange


def close(exchange: LearningExchange, *, actor: User) -> LearningExchange:
    """The opener's staff finish the exchange without an outcome."""
    _check_active(exchange)
    _finish(exchange, ExchangeStatus.CLOSED, "learning.close", actor=actor)
    return exchange


def _finish(
    exchange: LearningExchange, status: ExchangeStatus, action: str, *, actor: User
) -> None:
    """Complete or close the exchange, recording who did it."""
    exchange.status = status
    exchange.finished_at = utcnow()
    exchange.finished_by_id = actor.id
    db.session.flush()
    audit.record_on(exchange, action, actor=actor)


def _tell_staff(
    exchange: LearningExchange, kind: str, message: Summary, actor: User, anchor: str | None = None
) -> None:
    """Notify the admins of the opener and of the joined members; ``message(title)`` is the
    summary."""
    # Read once here: the summary is rendered later, in each recipient's language.
    title = exchange.title
    notifications.notify(
        _staff_ids(exchange),
        kind,
        target=exchange,
        url=url_for(
            "learning.detail",
            municipality=exchange.municipality.slug,
            exchange_id=exchange.id,
            _anchor=anchor,
        ),
        summary=lambda: message(title),
        actor_id=actor.id,
    )


def _staff_ids(exchange: LearningExchange) -> list[int]:
    members_ids = joined_ids(exchange) | {exchange.municipality_id}
    return list(
        db.session.scalars(
            select(Membership.user_id)
            .where(Membership.municipality_id.in_(members_ids), Membership.role == Role.ADMIN)
            .distinct()
        )
    )


# --- Lists --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    topic: str | None = None
    kind: str | None = None
    status: str | None = None
    member_id: int | None = None


def _involving(member_id: int) -> Any:
    joined = exists().where(
        ExchangeParticipant.exchange_id == LearningExchange.id,
        ExchangeParticipant.municipality_id == member_id,
        ExchangeParticipant.status == ParticipantStatus.JOINED,
    )
    return or_(LearningExchange.municipality_id == member_id, joined)


def exchanges_query(filters: Filters) -> Select[Any]:
    """Exchanges across the network matching ``filters``, newest first, with what cards show."""
    query = (
        select(LearningExchange)
        .join(Municipality, Municipality.id == LearningExchange.municipality_id)
        .where(Municipality.archived_at.is_(None))
    )
    if filters.topic:
        query = query.where(LearningExchange.topic == filters.topic)
    if filters.kind:
        query = query.where(LearningExchange.kind == filters.kind)
    if filters.status:
        query = query.where(LearningExchange.status == filters.status)
    if filters.member_id:
        query = query.where(_involving(filters.member_id))
    return query.options(
        selectinload(LearningExchange.municipality),
        selectinload(LearningExchange.participants),
    ).order_by(LearningExchange.created_at.desc(), LearningExchange.id.desc())


def messages_of(exchange: LearningExchange) -> list[ExchangeMessage]:
    """The exchange's messages, oldest first, with their authors and members."""
    return list(
        db.session.scalars(
            select(ExchangeMessage)
            .where(ExchangeMessage.exchange_id == exchange.id)
            .options(selectinload(ExchangeMessage.author), selectinload(ExchangeMessage.member))
            .order_by(ExchangeMessage.created_at, ExchangeMessage.id)
        )
    )


def message_counts(ids: Sequence[int]) -> dict[int, int]:
    """How many messages each exchange has, in one query."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(ExchangeMessage.exchange_id, func.count())
        .where(ExchangeMessage.exchange_id.in_(ids))
        .group_by(ExchangeMessage.exchange_id)
    )
    return {exchange_id: count for exchange_id, count in rows}


def exchanges_about(indicator_id: int, limit: int = 20) -> list[LearningExchange]:
    """Exchanges concerning one indicator, newest first (for the indicator pages)."""
    return list(
        db.session.scalars(
            exchanges_query(Filters())
            .where(LearningExchange.indicator_id == indicator_id)
            .limit(limit)
        )
    )


# --- Results and evidence -----------------------------------------------------------------------


def _month(value: Any) -> date:
    if isinstance(value, datetime | date):
        return date(value.year, value.month, 1)
    year, month = str(value)[:7].split("-")
    return date(int(year), int(month), 1)


def results() -> list[ResultCount]:
    """Exchanges completed per member (the opener and each member that joined) and month."""
    completed = LearningExchange.status == ExchangeStatus.COMPLETED
    openers = select(
        LearningExchange.municipality_id.label("member"),
        LearningExchange.finished_at.label("at"),
    ).where(completed)
    joined = (
        select(ExchangeParticipant.municipality_id, LearningExchange.finished_at)
        .join(LearningExchange, LearningExchange.id == ExchangeParticipant.exchange_id)
        .where(completed, ExchangeParticipant.status == ParticipantStatus.JOINED)
    )
    rows = db.session.execute(union_all(openers, joined)).all()
    counts: dict[tuple[int, date], int] = {}
    for member_id, at in rows:
        if at is None:
            continue
        key = (member_id, _month(at))
        counts[key] = counts.get(key, 0) + 1
    return [
        ResultCount("exchanges_completed", _l("Exchanges completed"), member_id, month, count, 40)
        for (member_id, month), count in sorted(counts.items())
    ]


def _recent(municipality: Municipality, now: datetime, since: datetime) -> Any:
    # Taking part counts when the exchange was active in the period: joined, or finished in it.
    return select(func.count(LearningExchange.id)).where(
        _involving(municipality.id),
        LearningExchange.status.in_((ExchangeStatus.IN_PROGRESS, ExchangeStatus.COMPLETED)),
        or_(LearningExchange.finished_at.is_(None), LearningExchange.finished_at >= since),
        LearningExchange.created_at <= now,
    )


def network_evidence(
    municipality: Municipality, now: datetime, since: datetime
) -> list[tuple[str, str]]:
    """INN-08: exchanges with other members of the network, in progress or completed lately."""
    count = db.session.scalar(_recent(municipality, now, since))
    if not count:
        return []
    label = ngettext(
        "%(num)s learning exchange with other members of the network in the last 12 months",
        "%(num)s learning exchanges with other members of the network in the last 12 months",
        count,
    )
    return [(label, url_for("learning.member", municipality=municipality.slug))]


def indicator_evidence(
    municipality: Municipality, now: datetime, since: datetime
) -> list[tuple[str, str, str]]:
    """Completed exchanges the member took part in, as (indicator code, label, link): each is
    evidence for the indicator it concerns."""
    from participa.indicators.models import Indicator

    rows = db.session.execute(
        select(LearningExchange.id, LearningExchange.title, Indicator.code, Municipality.slug)
        .join(Indicator, Indicator.id == LearningExchange.indicator_id)
        .join(Municipality, Municipality.id == LearningExchange.municipality_id)
        .where(
            _involving(municipality.id),
            LearningExchange.status == ExchangeStatus.COMPLETED,
            LearningExchange.finished_at >= since,
            LearningExchange.finished_at <= now,
        )
        .order_by(LearningExchange.finished_at.desc(), LearningExchange.id.desc())
    )  # fmt: skip
    return [
        (
            code,
            _("Completed learning exchange: %(title)s", title=title),
            url_for("learning.detail", municipality=slug, exchange_id=exchange_id),
        )
        for exchange_id, title, code, slug in rows
    ]
