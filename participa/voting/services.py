"""Ballots: staff prepare, open and close them; people vote; results are counted at the close."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Select, String, func, select, type_coerce

from participa.consultations.models import Consultation
from participa.core import audit, participation
from participa.core.errors import DomainError, FieldError
from participa.core.params import parse_int
from participa.core.participation import check_may_take_part, may_take_part
from participa.db import length_of, utcnow
from participa.extensions import db
from participa.municipalities.models import Membership
from participa.municipalities.services import find_user_by_email
from participa.proposals.models import Proposal, ProposalState
from participa.voting import box as boxes
from participa.voting.counting import count_ballots
from participa.voting.models import (
    Ballot,
    BallotOption,
    BallotQuestion,
    BallotStatus,
    PaperTally,
    PollingStation,
    QuestionKind,
)

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.authz import Visitor

RESIDENT = "resident"


def _audit(ballot: Ballot, actor: User | None, *, action: str, **details: Any) -> None:
    audit.record(action, actor=actor, municipality=ballot.municipality, target=ballot, **details)


# Preparing ---------------------------------------------------------------------------------------


def create_ballot(consultation: Consultation, *, actor: User, data: dict[str, Any]) -> Ballot:
    """Add a draft ballot to ``consultation``."""
    ballot = Ballot(
        municipality_id=consultation.municipality_id,
        consultation_id=consultation.id,
        box_id=boxes.new_box(consultation.municipality).id,
        title=data["title"],
        description=data.get("description") or "",
        participation=data["participation"],
    )
    db.session.add(ballot)
    db.session.flush()
    _audit(ballot, actor, action="voting.ballot_created", title=ballot.title)
    return ballot


def update_ballot(ballot: Ballot, *, actor: User, data: dict[str, Any]) -> Ballot:
    """Change the ballot's wording; who may vote only while it is a draft."""
    check_not_closed(ballot)
    if data["participation"] != ballot.participation and not ballot.is_draft:
        raise DomainError(_("Who may vote cannot change once voting has opened."), status=409)
    ballot.title = data["title"]
    ballot.description = data.get("description") or ""
    ballot.participation = data["participation"]
    db.session.flush()
    _audit(ballot, actor, action="voting.ballot_updated")
    return ballot


def check_draft(ballot: Ballot) -> None:
    """Raise 409 unless the ballot's questions may still change."""
    if not ballot.is_draft:
        raise DomainError(
            _("Questions and options cannot change once voting has opened."), status=409
        )


def check_not_closed(ballot: Ballot) -> None:
    """Raise 409 when the ballot is closed."""
    if ballot.is_closed:
        raise DomainError(_("This ballot is closed and can no longer change."), status=409)


OPTION_MAX = length_of(BallotOption.title)


def save_question(
    ballot: Ballot, *, actor: User, data: dict[str, Any], question: BallotQuestion | None = None
) -> BallotQuestion:
    """Add or change a question and its options (one per line) while the ballot is a draft."""
    check_draft(ballot)
    titles = [line.strip() for line in (data.get("options") or "").splitlines() if line.strip()]
    if len(titles) < 2:
        raise FieldError(_("A question needs at least two options, one per line."), "options")
    if len(set(titles)) != len(titles):
        raise FieldError(_("Two options have the same text."), "options")
    if any(len(title) > OPTION_MAX for title in titles):
        raise FieldError(
            ngettext("Each option can have at most %(num)s character.",
                     "Each option can have at most %(num)s characters.", OPTION_MAX),
            "options",
        )  # fmt: skip
    kind = data["kind"]
    max_choices = data.get("max_choices") if kind == QuestionKind.MULTIPLE else None
    if kind == QuestionKind.MULTIPLE and not max_choices:
        raise FieldError(_("Say how many options a person may choose."), "max_choices")
    if max_choices is not None and max_choices > len(titles):
        raise FieldError(
            ngettext("There is only %(num)s option to choose from.",
                     "There are only %(num)s options to choose from.", len(titles)),
            "max_choices",
        )  # fmt: skip
    if question is None:
        question = BallotQuestion(ballot=ballot, position=len(ballot.questions))
        db.session.add(question)
    question.title = data["title"]
    question.kind = kind
    question.max_choices = max_choices
    # Options keep their ids (and proposal links) when their text is kept.
    existing = {option.title: option for option in question.options}
    question.options = [existing.get(title) or BallotOption(title=title) for title in titles]
    for position, option in enumerate(question.options):
        option.position = position
    db.session.flush()
    _audit(ballot, actor, action="voting.question_saved", question=question.title)
    return question


def delete_question(question: BallotQuestion, *, actor: User) -> None:
    """Remove a question while its ballot is a draft."""
    ballot = question.ballot
    check_draft(ballot)
    ballot.questions.remove(question)
    db.session.flush()
    _audit(ballot, actor, action="voting.question_deleted", question=question.title)


def add_proposal_options(
    question: BallotQuestion, proposals: Sequence[Any], *, actor: User
) -> list[BallotOption]:
    """Offer each of ``proposals`` as an option linked to it (its title as the option's)."""
    check_draft(question.ballot)
    linked = {option.proposal_id for option in question.options}
    added = []
    for proposal in proposals:
        if proposal.id in linked or proposal.consultation_id != question.ballot.consultation_id:
            continue
        option = BallotOption(title=proposal.title[:300], proposal_id=proposal.id,
                        position=len(question.options))  # fmt: skip
        question.options.append(option)
        added.append(option)
    db.session.flush()
    _audit(question.ballot, actor, action="voting.options_from_proposals", count=len(added))
    return added


def linkable_proposals(question: BallotQuestion) -> list[Proposal]:
    """The consultation's visible proposals not yet offered in ``question``."""
    linked = {o.proposal_id for o in question.options if o.proposal_id}
    query = (
        select(Proposal)
        .where(
            Proposal.consultation_id == question.ballot.consultation_id,
            Proposal.hidden_at.is_(None),
            Proposal.state != ProposalState.WITHDRAWN,
        )
        .order_by(Proposal.supports_count.desc(), Proposal.id)
    )
    return [p for p in db.session.scalars(query) if p.id not in linked]


# Opening and closing ----------------------------------------------------------------------------


def open_ballot(ballot: Ballot, *, actor: User) -> Ballot:
    """Open a complete draft ballot for voting during the consultation's voting phase."""
    check_draft(ballot)
    if not ballot.consultation.is_published:
        raise DomainError(_("Publish the consultation before opening its ballot."), status=409)
    if not ballot.consultation.has_voting_phase:
        raise DomainError(_("Give the consultation a voting phase first."), status=409)
    if not ballot.questions:
        raise DomainError(_("Add at least one question before opening the ballot."), status=409)
    ballot.status = BallotStatus.OPEN
    ballot.opened_at = utcnow()
    db.session.flush()
    _audit(ballot, actor, action="voting.ballot_opened")
    return ballot


def close_ballot(ballot: Ballot, *, actor: User | None) -> Ballot:
    """Close the ballot: seal its box and count the online ballots once."""
    if not ballot.is_open:
        raise DomainError(_("Only an open ballot can be closed."), status=409)
    if not boxes.close(ballot.box, actor):
        raise DomainError(_("This ballot is closed and can no longer change."), status=409)
    ballot.status = BallotStatus.CLOSED
    ballot.closed_at = utcnow()
    ballot.results = count_ballots(boxes.contents(ballot.box), question_shapes(ballot))
    for question in ballot.questions:
        counts = ballot.results["questions"][str(question.id)]["counts"]
        for option in question.options:
            option.online_votes = counts.get(str(option.id), 0)
    db.session.flush()
    _audit(ballot, actor, action="voting.ballot_closed", ballots=ballot.results["ballots"])
    return ballot


def is_due(ballot: Ballot) -> bool:
    """Tell whether an open ballot's voting phase is over, so it must be closed."""
    ends_at = ballot.consultation.voting_ends_at
    return ballot.is_open and ends_at is not None and ends_at <= utcnow()


def close_if_due(ballot: Ballot) -> bool:
    """Close ``ballot`` if its voting phase has ended; tell whether this call closed it."""
    return participation.close_if_due(
        ballot, due=is_due, close=lambda b: close_ballot(b, actor=None)
    )


def close_due() -> int:
    """Close every open ballot whose voting phase has ended; return how many were closed."""
    return participation.close_all_due(Ballot, close_if_due)


def question_shapes(ballot: Ballot) -> list[tuple[int, str, list[int]]]:
    return [(q.id, q.kind, [o.id for o in q.options]) for q in ballot.questions]


# Voting ------------------------------------------------------------------------------------------


def may_vote(user: Visitor, ballot: Ballot) -> bool:
    """Tell whether ``user`` meets the ballot's participation rule."""
    return may_take_part(user, ballot.consultation.municipality, ballot.participation)


def voting_is_open(ballot: Ballot) -> bool:
    """Open ballot, published consultation in its voting phase, before the phase ends."""
    return ballot.is_open and ballot.consultation.in_voting_phase and not is_due(ballot)


def check_voting_open(ballot: Ballot) -> None:
    """Raise 409 unless people may vote in the ballot now."""
    if not voting_is_open(ballot):
        if ballot.is_closed or is_due(ballot):
            raise DomainError(_("Voting has closed."), status=409)
        raise DomainError(_("Voting has not opened yet."), status=409)


@dataclass
class Choices:
    """What a person chose, question by question, or the problems found in it."""

    content: dict[str, list[int]] = field(default_factory=dict)
    errors: dict[int, str] = field(default_factory=dict)


def read_choices(ballot: Ballot, raw: Mapping[str, list[str]]) -> Choices:
    """Check the submitted choices against each question's kind; keep them for the form.

    ``raw`` maps form field names to their values: ``q<question id>`` lists the options ticked,
    ``r<option id>`` gives an option's rank in a ranked question.
    """
    result = Choices()
    for question in ballot.questions:
        valid = {o.id for o in question.options}
        values = raw.get(f"q{question.id}", [])
        chosen: list[int] = []
        if question.kind == QuestionKind.RANKED:
            # Ranked: the form sends one rank per option ("" when not ranked).
            ranks: list[tuple[int, int]] = []
            for option in question.options:
                text = (raw.get(f"r{option.id}") or [""])[0].strip()
                if not text:
                    continue
                rank = parse_int(text, min=1, max=len(valid))
                if rank is None:
                    result.errors[question.id] = _(
                        "Ranks are whole numbers from 1 to %(num)s.", num=len(valid)
                    )
                    break
                ranks.append((rank, option.id))
            else:
                positions = [rank for rank, _ in ranks]
                if len(set(positions)) != len(positions):
                    result.errors[question.id] = _("Give each rank to one option only.")
                elif sorted(positions) != list(range(1, len(positions) + 1)):
                    result.errors[question.id] = _("Number your choices 1, 2, 3… without gaps.")
                chosen = [oid for _, oid in sorted(ranks)]
        else:
            for value in values:
                option_id = parse_int(value)
                if option_id not in valid:
                    result.errors[question.id] = _("Choose among the options shown.")
                    break
                if option_id not in chosen:
                    chosen.append(option_id)
            limit = {QuestionKind.SINGLE: 1, QuestionKind.MULTIPLE: question.max_choices}.get(
                QuestionKind(question.kind)
            )
            if limit is not None and len(chosen) > limit:
                result.errors[question.id] = ngettext(
                    "Choose at most %(num)s option.", "Choose at most %(num)s options.", limit
                )
        result.content[str(question.id)] = chosen
    return result


def cast_ballot(ballot: Ballot, *, user: User, choices: Choices) -> str:
    """Record ``user``'s ballot (replacing their earlier one); return the receipt code."""
    check_may_take_part(
        user, ballot.consultation.municipality, ballot.participation,
        residents_only=_("Only verified residents of %(name)s can vote in this ballot.",
                         name=ballot.consultation.municipality.name),
    )  # fmt: skip
    check_voting_open(ballot)
    if choices.errors:
        raise DomainError(_("Check the answers marked below."), status=422)
    if not any(choices.content.values()):
        raise DomainError(_("Your ballot is empty: choose at least one option."), status=422)
    return boxes.cast(ballot.box, user, choices.content)


def record_in_person(ballot: Ballot, *, person: User, actor: User) -> None:
    """Record at a desk that ``person`` voted on paper (they can no longer vote online)."""
    check_voting_open(ballot)
    if not may_vote(person, ballot):
        raise DomainError(_("This person may not vote in this ballot."), status=409)
    boxes.record_in_person(ballot.box, person, actor)
    _audit(ballot, actor, action="voting.in_person_recorded")


def record_in_person_by_email(ballot: Ballot, *, email: str, actor: User) -> None:
    """Record at a desk that the person with this e-mail address voted on paper."""
    person = find_user_by_email(email)
    if person is None:
        raise DomainError(_("No account uses this e-mail address."), status=422)
    record_in_person(ballot, person=person, actor=actor)


# Paper ballots -----------------------------------------------------------------------------------


def save_station(
    ballot: Ballot,
    *,
    actor: User,
    name: str,
    ballots_cast: int,
    tallies: dict[int, int],
    station: PollingStation | None = None,
) -> PollingStation:
    """Enter or correct a polling station's paper totals (not for ranked questions)."""
    if ballot.is_draft:
        raise DomainError(_("Paper totals can be entered once voting has opened."), status=409)
    countable = {
        o.id: q for q in ballot.questions if q.kind != QuestionKind.RANKED for o in q.options
    }
    if set(tallies) - set(countable):
        raise DomainError(_("Choose among the options shown."), status=422)
    for question in {id(q): q for q in countable.values()}.values():
        per_ballot = 1 if question.kind == QuestionKind.SINGLE else None
        if question.kind == QuestionKind.MULTIPLE:
            per_ballot = question.max_choices
        votes = sum(tallies.get(o.id, 0) for o in question.options)
        if per_ballot is not None and votes > ballots_cast * per_ballot:
            raise DomainError(
                _("“%(question)s” has more votes than the paper ballots cast allow.",
                  question=question.title),
                status=422,
            )  # fmt: skip
        if question.kind == QuestionKind.APPROVAL and any(
            tallies.get(o.id, 0) > ballots_cast for o in question.options
        ):
            raise DomainError(_("An option has more votes than paper ballots cast."), status=422)
    taken = db.session.scalar(
        select(PollingStation.id).where(
            PollingStation.ballot_id == ballot.id,
            func.lower(PollingStation.name) == name.strip().lower(),
        )
    )
    if taken is not None and (station is None or taken != station.id):
        raise DomainError(_("There is already a polling station with this name."), status=409)
    if station is None:
        station = PollingStation(ballot_id=ballot.id)
        db.session.add(station)
    station.name = name.strip()
    station.ballots_cast = ballots_cast
    by_option = {t.option_id: t for t in station.tallies}
    for option_id, votes in tallies.items():
        tally = by_option.get(option_id)
        if tally is None:
            station.tallies.append(PaperTally(option_id=option_id, votes=votes))
        else:
            tally.votes = votes
    db.session.flush()
    _audit(
        ballot, actor, action="voting.paper_totals_saved", station=station.name, cast=ballots_cast
    )
    return station


def delete_station(station: PollingStation, ballot: Ballot, *, actor: User) -> None:
    """Remove a polling station and its totals."""
    db.session.delete(station)
    db.session.flush()
    _audit(ballot, actor, action="voting.paper_totals_deleted", station=station.name)


def stations(ballot: Ballot) -> list[PollingStation]:
    """The ballot's polling stations with their tallies, by name."""
    return list(
        db.session.scalars(
            select(PollingStation)
            .where(PollingStation.ballot_id == ballot.id)
            .order_by(PollingStation.name)
        )
    )


# Results -----------------------------------------------------------------------------------------


@dataclass
class OptionResult:
    option: BallotOption
    online: int
    paper: int

    @property
    def votes(self) -> int:
        return self.online + self.paper


@dataclass
class QuestionResult:
    question: BallotQuestion
    options: list[OptionResult]
    answered: int
    blank: int
    rounds: list[dict[str, Any]]
    winner: BallotOption | None

    def share(self, votes: int) -> float:
        """The share of the ballots that answered this question."""
        return votes / self.answered if self.answered else 0.0


@dataclass
class Results:
    online_ballots: int
    paper_ballots: int
    residents: int
    questions: list[QuestionResult]

    @property
    def ballots(self) -> int:
        return self.online_ballots + self.paper_ballots

    @property
    def turnout(self) -> float | None:
        return self.ballots / self.residents if self.residents else None


def residents_count(ballot: Ballot) -> int:
    """How many verified residents the municipality has (the turnout's denominator)."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(
                Membership.municipality_id == ballot.municipality_id, Membership.role == RESIDENT
            )
        )
        or 0
    )


def results(ballot: Ballot) -> Results | None:
    """The published results: online counts from the close plus paper totals; None before."""
    if not ballot.is_closed or ballot.results is None:
        return None
    counted = ballot.results
    paper = _paper_totals(ballot)
    paper_ballots = sum(s.ballots_cast for s in stations(ballot))
    by_id = {o.id: o for q in ballot.questions for o in q.options}
    questions = []
    for question in ballot.questions:
        data = counted["questions"].get(str(question.id), {"counts": {}, "blank": 0, "rounds": []})
        options = [
            OptionResult(o, data["counts"].get(str(o.id), 0), paper.get(o.id, 0))
            for o in question.options
        ]
        online_answered = counted["ballots"] - data["blank"]
        # Paper ballots are counted whole per station: each one is taken to answer every
        # question that is not ranked (ranked questions are counted online only).
        answered = online_answered + (paper_ballots if question.kind != QuestionKind.RANKED else 0)
        if question.kind == QuestionKind.RANKED:
            winner = by_id.get(data.get("winner") or 0)
        else:
            top = max(options, key=lambda r: r.votes, default=None)
            tied = [r for r in options if top is not None and r.votes == top.votes]
            winner = top.option if top is not None and top.votes and len(tied) == 1 else None
        questions.append(
            QuestionResult(question, options, answered, data["blank"], data["rounds"], winner)
        )
    return Results(counted["ballots"], paper_ballots, residents_count(ballot), questions)


def _paper_totals(ballot: Ballot) -> dict[int, int]:
    rows = db.session.execute(
        select(PaperTally.option_id, func.sum(PaperTally.votes))
        .join(PollingStation, PollingStation.id == PaperTally.station_id)
        .where(PollingStation.ballot_id == ballot.id)
        .group_by(PaperTally.option_id)
    )
    return {option_id: int(total or 0) for option_id, total in rows}


def consultation_probe(kind: Any, item_id: Any) -> Select[int]:
    """A consultation's public ballots, as a probe for core.related."""
    return select(Ballot.id).where(
        type_coerce(kind, String) == "consultation",
        Ballot.consultation_id == item_id,
        Ballot.status != BallotStatus.DRAFT,
    )


def ballots_query(consultation: Consultation, *, include_drafts: bool) -> Any:
    """The consultation's ballots, drafts only for staff."""
    query = select(Ballot).where(Ballot.consultation_id == consultation.id)
    if not include_drafts:
        query = query.where(Ballot.status != BallotStatus.DRAFT)
    return query.order_by(Ballot.created_at, Ballot.id)
