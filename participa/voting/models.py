"""Secret ballot boxes, and the ballots (questions and options) that vote through them.

A box keeps *that* a person voted (``BoxVoter``) apart from *what* was chosen (``BoxBallot``):
the only bridge is a keyed link that lets a person replace their own ballot while the box is
open; closing the box destroys the key and the links and re-inserts the ballots in random
order, so neither a table nor the physical order of rows ties a choice to a person.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participa.core.participation import DraftOpenClosed, Participation
from participa.db import (
    IdMixin,
    MunicipalityScopedMixin,
    TimestampMixin,
    cascade_fk,
    ordered_children,
    sql_in,
    utcnow,
)
from participa.extensions import Model

if TYPE_CHECKING:
    from participa.consultations.models import Consultation
    from participa.municipalities.models import Municipality


class BoxStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class Channel(StrEnum):
    ONLINE = "online"
    IN_PERSON = "in_person"


class BallotBox(IdMixin, MunicipalityScopedMixin, Model):
    """Where the secret votes of one ballot or one budget are cast and counted."""

    __tablename__ = "ballot_boxes"

    status: Mapped[str] = mapped_column(String(10), default=BoxStatus.OPEN, server_default="open")
    # HMAC key of the links between voters and their ballots; NULL once the box is closed.
    link_key: Mapped[bytes | None] = mapped_column(LargeBinary(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    __table_args__ = (CheckConstraint("status IN ('open', 'closed')", name="status"),)

    @property
    def is_open(self) -> bool:
        return self.status == BoxStatus.OPEN


class BoxVoter(IdMixin, Model):
    """The voter roll: this person voted in this box (online or at a desk), nothing more."""

    __tablename__ = "box_voters"

    box_id: Mapped[int] = mapped_column(ForeignKey("ballot_boxes.id", ondelete="CASCADE"))
    user_id: Mapped[int] = cascade_fk("users.id")
    channel: Mapped[str] = mapped_column(String(10), default=Channel.ONLINE)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        # One person, one vote per box, whatever the channel.
        UniqueConstraint("box_id", "user_id"),
        CheckConstraint("channel IN ('online', 'in_person')", name="channel"),
    )


class BoxBallot(Model):
    """One anonymous ballot: its content, and a link to its voter only while the box is open."""

    __tablename__ = "box_ballots"

    # Random, and no timestamp: neither the key nor a time can be matched with the voter roll.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    box_id: Mapped[int] = cascade_fk("ballot_boxes.id")
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    link: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("box_id", "link"),)


class BoxReceipt(IdMixin, Model):
    """A receipt code given to one voter, kept apart from every ballot and every voter."""

    __tablename__ = "box_receipts"

    box_id: Mapped[int] = mapped_column(ForeignKey("ballot_boxes.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))

    __table_args__ = (UniqueConstraint("box_id", "code"),)


class BallotStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    APPROVAL = "approval"
    RANKED = "ranked"


class Ballot(IdMixin, MunicipalityScopedMixin, TimestampMixin, DraftOpenClosed, Model):
    """A vote of one or more questions held in a consultation's voting phase."""

    __tablename__ = "ballots"

    consultation_id: Mapped[int] = cascade_fk("consultations.id")
    box_id: Mapped[int] = mapped_column(ForeignKey("ballot_boxes.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    participation: Mapped[str] = mapped_column(
        String(20), default=Participation.VERIFIED, server_default="verified"
    )
    status: Mapped[str] = mapped_column(
        String(10), default=BallotStatus.DRAFT, server_default="draft"
    )
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # Online results, counted once at the close (the box is sealed then); paper tallies are
    # added when the results are shown, since staff may enter them after the close.
    results: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    municipality: Mapped[Municipality] = relationship()
    consultation: Mapped[Consultation] = relationship(lazy="joined")
    box: Mapped[BallotBox] = relationship(lazy="joined")
    questions: Mapped[list[BallotQuestion]] = ordered_children("BallotQuestion", "ballot")

    __table_args__ = (
        CheckConstraint("status IN ('draft', 'open', 'closed')", name="status"),
        CheckConstraint(f"participation IN ({sql_in(Participation)})", name="participation"),
    )


class BallotQuestion(IdMixin, Model):
    """One question of a ballot, answered in one of four ways."""

    __tablename__ = "ballot_questions"

    ballot_id: Mapped[int] = cascade_fk("ballots.id")
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10), default=QuestionKind.SINGLE)
    # Multiple choice: at most this many options.
    max_choices: Mapped[int | None]

    ballot: Mapped[Ballot] = relationship(back_populates="questions")
    options: Mapped[list[BallotOption]] = ordered_children("BallotOption", "question")

    __table_args__ = (
        CheckConstraint("kind IN ('single', 'multiple', 'approval', 'ranked')", name="kind"),
        CheckConstraint("max_choices IS NULL OR max_choices >= 1", name="max_choices"),
    )


class BallotOption(IdMixin, Model):
    """One answer a question offers, optionally the proposal it comes from."""

    __tablename__ = "ballot_options"

    question_id: Mapped[int] = cascade_fk("ballot_questions.id")
    position: Mapped[int] = mapped_column(default=0, server_default="0")
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    proposal_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"), index=True
    )
    # Online votes counted at the close (ranked questions: first preferences); NULL before.
    online_votes: Mapped[int | None]

    question: Mapped[BallotQuestion] = relationship(back_populates="options")


class PollingStation(IdMixin, Model):
    """A place where paper ballots were cast; staff enter its totals by hand."""

    __tablename__ = "ballot_stations"

    ballot_id: Mapped[int] = cascade_fk("ballots.id")
    name: Mapped[str] = mapped_column(String(200))
    # Paper ballots put in the station's box, blank and spoilt ones included.
    ballots_cast: Mapped[int] = mapped_column(default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    tallies: Mapped[list[PaperTally]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", back_populates="station"
    )

    __table_args__ = (
        UniqueConstraint("ballot_id", "name"),
        CheckConstraint("ballots_cast >= 0", name="ballots_cast"),
    )


class PaperTally(IdMixin, Model):
    """How many paper votes one option received at one polling station."""

    __tablename__ = "ballot_paper_tallies"

    station_id: Mapped[int] = cascade_fk("ballot_stations.id")
    option_id: Mapped[int] = mapped_column(ForeignKey("ballot_options.id", ondelete="CASCADE"))
    votes: Mapped[int] = mapped_column(default=0)

    station: Mapped[PollingStation] = relationship(back_populates="tallies")

    __table_args__ = (
        UniqueConstraint("station_id", "option_id"),
        CheckConstraint("votes >= 0", name="votes"),
        Index("ix_ballot_paper_tallies_option_id", "option_id"),
    )
