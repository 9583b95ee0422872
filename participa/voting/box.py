"""The secret ballot box: one person, one ballot, and no way back from a choice to a person.

Ballots and budgets each own a box and validate what they put in it; the box keeps the voter
roll, the anonymous ballots and the receipts, and seals itself at the close. See
:mod:`participa.voting.models` for what is stored where and why.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from participa.core import audit
from participa.core.authz import is_authenticated
from participa.core.errors import DomainError
from participa.db import utcnow
from participa.extensions import db
from participa.municipalities.models import Municipality
from participa.voting.forms import ReceiptForm
from participa.voting.models import BallotBox, BoxBallot, BoxReceipt, BoxStatus, BoxVoter, Channel

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.authz import Visitor

_random = secrets.SystemRandom()


def new_box(municipality: Municipality) -> BallotBox:
    """Open a new empty box for ``municipality``."""
    box = BallotBox(municipality_id=municipality.id, link_key=secrets.token_bytes(32))
    db.session.add(box)
    db.session.flush()
    return box


def _keyed(box: BallotBox, purpose: str, user_id: int) -> bytes:
    if box.link_key is None:  # sealed: nothing can be linked any more
        raise DomainError(_("Voting has closed."), status=409)
    return hmac.new(box.link_key, f"{purpose}:{user_id}".encode(), hashlib.sha256).digest()


def _link(box: BallotBox, user_id: int) -> str:
    return _keyed(box, "ballot", user_id).hex()


def _receipt(box: BallotBox, user_id: int) -> str:
    # 60 bits in Crockford-free base32 groups: easy to read aloud, impossible to guess.
    code = base64.b32encode(_keyed(box, "receipt", user_id)).decode()[:12]
    return "-".join(code[i : i + 4] for i in range(0, 12, 4))


def _hold_open(box: BallotBox) -> None:
    """Make sure the box is open, and keep it open until this transaction ends; the box's
    ``link_key`` is read afresh with it (the close erases it)."""
    if db.engine.dialect.name == "postgresql":
        # A share lock: voters do not wait for each other, the close waits for them all.
        status, link_key = db.session.execute(
            select(BallotBox.status, BallotBox.link_key)
            .where(BallotBox.id == box.id)
            .with_for_update(read=True)
        ).one()
        set_committed_value(box, "link_key", link_key)
    else:
        # SQLite: this write takes the database write lock, so the status read is the last one.
        held = db.session.execute(
            update(BallotBox)
            .where(BallotBox.id == box.id, BallotBox.status == BoxStatus.OPEN)
            .values(status=BoxStatus.OPEN)
        )
        status = BoxStatus.OPEN if held.rowcount else BoxStatus.CLOSED  # type: ignore[attr-defined]
        db.session.refresh(box, ["link_key"])
    if status != BoxStatus.OPEN:
        raise DomainError(_("Voting has closed."), status=409)


def _lock_person(box: BallotBox, user_id: int) -> bool:
    """Serialise one person's ballots in ``box`` on PostgreSQL (True); SQLite serialises every
    writer already."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(
            text("SELECT pg_advisory_xact_lock(:a, :b)"), {"a": -box.id, "b": user_id}
        )
        return True
    return False


def _roll_entry(box: BallotBox, user_id: int) -> BoxVoter | None:
    return db.session.scalar(
        select(BoxVoter).where(BoxVoter.box_id == box.id, BoxVoter.user_id == user_id)
    )


def cast(box: BallotBox, user: User, content: dict[str, Any]) -> str:
    """Put ``user``'s ballot in the open box, replacing their earlier one; return the receipt."""
    _hold_open(box)
    locked = _lock_person(box, user.id)
    link = _link(box, user.id)
    receipt = _receipt(box, user.id)
    entry = _roll_entry(box, user.id)
    if entry is not None and entry.channel == Channel.IN_PERSON:
        raise DomainError(_("You have already voted in person."), status=409)
    if entry is not None:
        replaced = db.session.execute(
            update(BoxBallot)
            .where(BoxBallot.box_id == box.id, BoxBallot.link == link)
            .values(content=content)
        )
        if replaced.rowcount:  # type: ignore[attr-defined]
            return receipt
    message = _("Your ballot was already being recorded; try again.")
    try:
        # Under PostgreSQL's person lock nobody else can add this person's rows: no savepoint
        # (two round trips) is needed to survive a conflict that cannot happen.
        with nullcontext() if locked else db.session.begin_nested():
            if entry is None:
                db.session.add(BoxVoter(box_id=box.id, user_id=user.id, channel=Channel.ONLINE))
            db.session.add(
                BoxBallot(id=secrets.token_hex(16), box_id=box.id, content=content, link=link)
            )
            db.session.add(BoxReceipt(box_id=box.id, code=receipt))
            db.session.flush()
    except IntegrityError:
        # A parallel request of the same person won the race (SQLite has no person lock).
        raise DomainError(message, status=409) from None
    return receipt


def has_voted(box: BallotBox, user: Visitor) -> bool:
    """Tell whether ``user`` is on the box's voter roll (online or in person)."""
    if not is_authenticated(user):
        return False
    return _roll_entry(box, user.id) is not None


def voted_in_person(box: BallotBox, user: Visitor) -> bool:
    """Tell whether a desk recorded that ``user`` voted on paper."""
    if not is_authenticated(user):
        return False
    entry = _roll_entry(box, user.id)
    return entry is not None and entry.channel == Channel.IN_PERSON


def own_content(box: BallotBox, user: Visitor) -> dict[str, Any] | None:
    """The person's current ballot while the box is open (nobody else can find it)."""
    if not box.is_open or box.link_key is None or not is_authenticated(user):
        return None
    return db.session.scalar(
        select(BoxBallot.content).where(
            BoxBallot.box_id == box.id, BoxBallot.link == _link(box, user.id)
        )
    )


def own_receipt(box: BallotBox, user: Visitor) -> str | None:
    """The person's receipt code while the box is open and they voted online."""
    return standing(box, user).receipt


@dataclass(frozen=True)
class Standing:
    """Where the person stands on a box's roll: what a ballot or budget page shows them."""

    voted: bool = False
    in_person: bool = False
    receipt: str | None = None  # while the box is open, for an online vote


def standing(box: BallotBox, user: Visitor) -> Standing:
    """Whether the person voted, whether on paper, and their receipt, in one query."""
    if not is_authenticated(user):
        return Standing()
    entry = _roll_entry(box, user.id)
    if entry is None:
        return Standing()
    if entry.channel == Channel.IN_PERSON:
        return Standing(voted=True, in_person=True)
    online = box.is_open and box.link_key is not None
    return Standing(voted=True, receipt=_receipt(box, user.id) if online else None)


def record_in_person(box: BallotBox, user: User, actor: User) -> None:
    """Record at a desk that ``user`` voted on paper, so they cannot also vote online."""
    _hold_open(box)
    _lock_person(box, user.id)
    entry = _roll_entry(box, user.id)
    if entry is not None:
        if entry.channel == Channel.IN_PERSON:
            raise DomainError(_("This person's paper vote is already recorded."), status=409)
        raise DomainError(_("This person has already voted online."), status=409)
    try:
        with db.session.begin_nested():
            db.session.add(
                BoxVoter(
                    box_id=box.id, user_id=user.id, channel=Channel.IN_PERSON,
                    recorded_by_id=actor.id,
                )
            )  # fmt: skip
            db.session.flush()
    except IntegrityError:
        raise DomainError(_("This person has already voted."), status=409) from None


def close(box: BallotBox, actor: User | None) -> bool:
    """Seal the box: destroy the key and every link, shuffle the ballots; False if sealed."""
    if db.engine.dialect.name == "postgresql":
        status = db.session.scalar(
            select(BallotBox.status).where(BallotBox.id == box.id).with_for_update()
        )
        if status != BoxStatus.OPEN:
            return False
    sealed = db.session.execute(
        update(BallotBox)
        .where(BallotBox.id == box.id, BallotBox.status == BoxStatus.OPEN)
        .values(status=BoxStatus.CLOSED, link_key=None, closed_at=utcnow())
    )
    if not sealed.rowcount:  # type: ignore[attr-defined]
        return False
    contents = list(db.session.scalars(select(BoxBallot.content).where(BoxBallot.box_id == box.id)))
    codes = sorted(db.session.scalars(select(BoxReceipt.code).where(BoxReceipt.box_id == box.id)))
    # Re-inserted under new ids in random order: no row keeps its place in the insert order.
    _random.shuffle(contents)
    db.session.execute(delete(BoxBallot).where(BoxBallot.box_id == box.id))
    db.session.execute(delete(BoxReceipt).where(BoxReceipt.box_id == box.id))
    if contents:
        db.session.execute(
            insert(BoxBallot),
            [{"id": secrets.token_hex(16), "box_id": box.id, "content": c} for c in contents],
        )
    if codes:
        db.session.execute(insert(BoxReceipt), [{"box_id": box.id, "code": c} for c in codes])
    db.session.expire(box)
    municipality = db.session.get(Municipality, box.municipality_id)
    audit.record("voting.box_sealed", actor=actor, municipality=municipality, target=box)
    return True


def contents(box: BallotBox) -> Iterator[dict[str, Any]]:
    """Every counted ballot's content, in storage order (random once sealed)."""
    query = select(BoxBallot.content).where(BoxBallot.box_id == box.id)
    yield from db.session.scalars(query.execution_options(yield_per=5000))


def count(box: BallotBox) -> int:
    """How many ballots the box holds (equal to its receipts)."""
    return (
        db.session.scalar(
            select(func.count()).select_from(BoxBallot).where(BoxBallot.box_id == box.id)
        )
        or 0
    )


def voters(box: BallotBox, channel: str | None = None) -> int:
    """How many people the voter roll lists, for one channel or both."""
    query = select(func.count()).select_from(BoxVoter).where(BoxVoter.box_id == box.id)
    if channel is not None:
        query = query.where(BoxVoter.channel == channel)
    return db.session.scalar(query) or 0


def receipts(box: BallotBox) -> list[str]:
    """The receipt codes of the counted ballots, sorted; none before the close."""
    if box.status != BoxStatus.CLOSED:
        return []
    return list(
        db.session.scalars(
            select(BoxReceipt.code).where(BoxReceipt.box_id == box.id).order_by(BoxReceipt.code)
        )
    )


def receipt_counted(box: BallotBox, code: str) -> bool:
    """Tell whether ``code`` is among the published receipts of the sealed box."""
    code = code.strip().upper()
    if box.status != BoxStatus.CLOSED or not code:
        return False
    return (
        db.session.scalar(
            select(BoxReceipt.id).where(BoxReceipt.box_id == box.id, BoxReceipt.code == code)
        )
        is not None
    )


def receipt_lookup(box: BallotBox, args: Any) -> tuple[Any, bool | None, int]:
    """The receipt search of a closed ballot's or budget's page, from the query string ``args``:
    (the form, whether the code was counted or None when none was asked, the page's status)."""
    form = ReceiptForm(args)
    asked = "code" in args
    checked = receipt_counted(box, form.code.data) if asked and form.validate() else None
    return form, checked, 422 if asked and form.errors else 200
