"""Budgets: staff prepare, open and close them; people vote through the secret ballot box.

Services flush and never commit; every staff change goes to the audit log. The voting rule is
:mod:`participa.budgets.rules`, the count :mod:`participa.budgets.results`; the votes themselves
are the box's (:mod:`participa.voting.box`): nothing here links a person to a choice.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from sqlalchemy import Select, String, select, type_coerce

from participa.budgets import hooks, results, rules
from participa.budgets.models import (
    RESULT_RULES,
    VOTE_RULES,
    Budget,
    BudgetDistrict,
    BudgetProject,
    BudgetStatus,
    ProjectProposal,
    VoteRule,
)
from participa.consultations.models import Consultation
from participa.contracting.services import default_currency as contracting_currency
from participa.core import audit, participation
from participa.core.errors import DomainError, FieldError
from participa.core.participation import Participation, check_may_take_part, may_take_part
from participa.core.uploads import release_upload, save_image
from participa.db import fit, utcnow
from participa.extensions import db
from participa.places import services as places
from participa.proposals.models import Proposal, ProposalState
from participa.voting import box as boxes

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.core.authz import Visitor
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)

TITLE_MAX = 200
DESCRIPTION_MAX = 20_000
LOCATION_MAX = 200
# Rows of a budget: enough for any real budget, few enough for one page and one count.
MAX_PROJECTS = 500
MAX_DISTRICTS = 50
ALL = "all"  # the key of the whole municipality's pool in ``Budget.pool_voters``


# Reading -----------------------------------------------------------------------------------------


def consultation_probe(kind: Any, item_id: Any) -> Select[int]:
    """A consultation's public budgets, as a probe for core.related."""
    return select(Budget.id).where(
        type_coerce(kind, String) == "consultation",
        Budget.consultation_id == item_id,
        Budget.status != BudgetStatus.DRAFT,
    )


def budgets_query(consultation: Consultation, *, include_drafts: bool) -> Select[Any]:
    """The consultation's budgets, drafts only for staff."""
    query = select(Budget).where(Budget.consultation_id == consultation.id)
    if not include_drafts:
        query = query.where(Budget.status != BudgetStatus.DRAFT)
    return query.order_by(Budget.created_at, Budget.id)


def projects_of(budget: Budget) -> list[BudgetProject]:
    """The budget's projects in page order (district, then position), in one query."""
    return list(
        db.session.scalars(
            select(BudgetProject)
            .where(BudgetProject.budget_id == budget.id)
            .order_by(BudgetProject.position, BudgetProject.id)
        )
    )


def in_area(
    projects: Sequence[BudgetProject], area_id: int | None, keep: Collection[int] = ()
) -> list[BudgetProject]:
    """The projects in the municipality's district ``area_id`` (all for None), plus ``keep``.

    ``keep`` is the visitor's selection: the ballot lists what it submits, so a project already
    chosen stays on the page (checked) whatever the filter, and a vote never loses it.
    """
    if area_id is None:
        return list(projects)
    return [p for p in projects if p.area_id == area_id or p.id in keep]


def linked_proposals(projects: Sequence[BudgetProject]) -> dict[int, list[Proposal]]:
    """The proposals each project comes from, in one query."""
    if not projects:
        return {}
    rows = db.session.execute(
        select(ProjectProposal.project_id, Proposal)
        .join(Proposal, Proposal.id == ProjectProposal.proposal_id)
        .where(ProjectProposal.project_id.in_([p.id for p in projects]))
        .order_by(Proposal.id)
    )
    found: dict[int, list[Proposal]] = defaultdict(list)
    for project_id, proposal in rows:
        found[project_id].append(proposal)
    return found


def default_currency(municipality: Municipality) -> str:
    """The currency the municipality publishes amounts in (its contracting settings)."""
    return contracting_currency(municipality)


# Preparing ---------------------------------------------------------------------------------------


def check_draft(budget: Budget) -> None:
    """Raise 409 unless the budget's money, rules and projects may still change."""
    if budget.is_closed:
        raise DomainError(_("This budget is closed and can no longer change."), status=409)
    if not budget.is_draft:
        raise DomainError(
            _("The money, the rules and the projects cannot change once voting has opened."),
            status=409,
        )


def _settings(data: dict[str, Any]) -> dict[str, Any]:
    title = (data.get("title") or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise FieldError(_("Give the budget a title of up to 200 characters."), "title")
    total = data.get("total_amount")
    if not isinstance(total, Decimal) or total <= 0:
        raise FieldError(_("Enter the money available, more than zero."), "total_amount")
    vote_rule = data.get("vote_rule")
    if vote_rule not in VOTE_RULES:
        raise FieldError(_("Choose one of the listed rules."), "vote_rule")
    if data.get("result_rule") not in RESULT_RULES:
        raise FieldError(_("Choose one of the listed rules."), "result_rule")
    if data.get("participation") not in tuple(Participation):
        raise FieldError(_("Choose who may vote."), "participation")
    max_projects = data.get("max_projects") if vote_rule == VoteRule.AT_MOST else None
    if vote_rule == VoteRule.AT_MOST and not max_projects:
        raise FieldError(_("Say how many projects a person may choose."), "max_projects")
    min_spend = data.get("min_spend_percent") if vote_rule == VoteRule.WITHIN_BUDGET else None
    return {
        "title": title,
        "description": (data.get("description") or "").strip(),
        "total_amount": total.quantize(Decimal("0.01")),
        "participation": data["participation"],
        "vote_rule": vote_rule,
        "max_projects": max_projects,
        "min_spend_percent": min_spend or None,
        "result_rule": data["result_rule"],
    }


def _set_districts(budget: Budget, rows: Sequence[dict[str, Any]], total: Decimal) -> None:
    """Add, rename, re-price and remove districts (a row without a name removes its district)."""
    existing = {d.id: d for d in budget.districts}
    kept: list[BudgetDistrict] = []
    names: set[str] = set()
    for row in rows:
        name = (row.get("name") or "").strip()
        district = existing.get(row.get("id") or 0)
        if not name:
            continue
        amount = row.get("amount")
        if not isinstance(amount, Decimal) or amount <= 0:
            raise FieldError(
                _("Give the district %(name)s its money, more than zero.", name=name), "districts"
            )
        if name.lower() in names:
            raise FieldError(_("Two districts have the same name."), "districts")
        names.add(name.lower())
        if district is None:
            district = BudgetDistrict(municipality_id=budget.municipality_id)
        district.name = fit(BudgetDistrict.name, name)
        district.amount = amount.quantize(Decimal("0.01"))
        district.position = len(kept)
        kept.append(district)
    if len(kept) > MAX_DISTRICTS:
        raise FieldError(_("A budget has at most 50 districts."), "districts")
    if sum((d.amount for d in kept), Decimal(0)) > total:
        raise FieldError(
            _("The districts' money adds up to more than the money available."), "districts"
        )
    removed = [d for d in budget.districts if d not in kept and d.id is not None]
    if removed:
        in_use = db.session.scalar(
            select(BudgetDistrict.name)
            .join(BudgetProject, BudgetProject.district_id == BudgetDistrict.id)
            .where(BudgetDistrict.id.in_([d.id for d in removed]))
            .limit(1)
        )
        if in_use is not None:
            raise FieldError(
                _("The district %(name)s still has projects: move them first.", name=in_use),
                "districts",
            )
    budget.districts = kept


def create_budget(
    consultation: Consultation,
    *,
    actor: User,
    data: dict[str, Any],
    districts: Sequence[dict[str, Any]] = (),
) -> Budget:
    """Add a draft budget, with its own secret ballot box, to ``consultation``."""
    if consultation.is_archived:
        raise DomainError(_("This consultation is archived."), status=409)
    settings = _settings(data)
    municipality = consultation.municipality
    budget = Budget(
        municipality_id=consultation.municipality_id,
        consultation_id=consultation.id,
        box_id=boxes.new_box(municipality).id,
        currency=default_currency(municipality),
        **settings,
    )
    db.session.add(budget)
    _set_districts(budget, districts, settings["total_amount"])
    db.session.flush()
    audit.record_on(budget, "budgets.create", actor=actor, title=budget.title)
    return budget


def update_budget(
    budget: Budget,
    *,
    actor: User,
    data: dict[str, Any],
    districts: Sequence[dict[str, Any]] = (),
) -> Budget:
    """Change a budget: every setting while it is a draft, only its wording once open."""
    if budget.is_closed:
        raise DomainError(_("This budget is closed and can no longer change."), status=409)
    settings = _settings(data)
    if budget.is_open:
        # Voters chose under these rules: only the wording may still be corrected.
        fixed = {k: v for k, v in settings.items() if k not in ("title", "description")}
        if any(getattr(budget, k) != v for k, v in fixed.items()) or _districts_differ(
            budget, districts
        ):
            check_draft(budget)
        settings = {k: settings[k] for k in ("title", "description")}
    else:
        _set_districts(budget, districts, settings["total_amount"])
    changed = sorted(k for k, v in settings.items() if getattr(budget, k) != v)
    for key, value in settings.items():
        setattr(budget, key, value)
    db.session.flush()
    audit.record_on(budget, "budgets.update", actor=actor, changed=changed)
    return budget


def _districts_differ(budget: Budget, rows: Sequence[dict[str, Any]]) -> bool:
    typed = [((r.get("name") or "").strip(), r.get("amount")) for r in rows]
    typed = [(name, amount) for name, amount in typed if name]
    return typed != [(d.name, d.amount) for d in budget.districts]


def _project_fields(budget: Budget, data: dict[str, Any]) -> dict[str, Any]:
    title = (data.get("title") or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise FieldError(_("Give the project a title of up to 200 characters."), "title")
    cost = data.get("cost")
    if not isinstance(cost, Decimal) or cost <= 0:
        raise FieldError(_("Enter the project's cost, more than zero."), "cost")
    district_id = data.get("district_id") or None
    districts = {d.id: d for d in budget.districts}
    if district_id is not None and district_id not in districts:
        raise FieldError(_("Choose one of the budget's districts."), "district_id")
    pool = next(p for p in rules.pools(budget, [_Placed(district_id)])
                if p.district_id == district_id)  # fmt: skip
    if pool.amount <= 0:
        raise FieldError(
            _("All the money is shared among the districts: choose the project's district."),
            "district_id",
        )
    location = (data.get("location_text") or "").strip() or None
    if location and len(location) > LOCATION_MAX:
        raise FieldError(_("The place is too long."), "location_text")
    latitude, longitude = places.check_location(data.get("latitude"), data.get("longitude"))
    area = places.district_for(budget.municipality, data.get("area_id") or None, "area_id")
    return {
        "latitude": latitude,
        "longitude": longitude,
        "area_id": area.id if area is not None else None,
        "title": title,
        "description": (data.get("description") or "").strip()[:DESCRIPTION_MAX],
        "cost": cost.quantize(Decimal("0.01")),
        "district_id": district_id,
        "location_text": location,
    }


@dataclass(frozen=True)
class _Placed:
    district_id: int | None


def _check_room(budget: Budget, adding: int) -> None:
    count = len(projects_of(budget))
    if count + adding > MAX_PROJECTS:
        raise DomainError(_("A budget has at most 500 projects."), status=422)


def save_project(
    budget: Budget,
    *,
    actor: User,
    data: dict[str, Any],
    image: Any = None,
    project: BudgetProject | None = None,
) -> BudgetProject:
    """Add a project to a draft budget, or change one; an image is checked by its content."""
    check_draft(budget)
    fields = _project_fields(budget, data)
    if project is None:
        _check_room(budget, 1)
        project = BudgetProject(
            municipality_id=budget.municipality_id,
            budget_id=budget.id,
            position=len(projects_of(budget)),
        )
        db.session.add(project)
    for key, value in fields.items():
        setattr(project, key, value)
    if image is not None and getattr(image, "filename", None):
        old_image = project.image_id
        project.image_id = save_image(
            image, municipality=budget.municipality, uploader=actor, alt=data.get("image_alt"),
            alt_required=True,
        ).id  # fmt: skip
        release_upload(old_image)  # unless the proposal it came from still shows it
    db.session.flush()
    audit.record_on(
        budget, "budgets.save_project", actor=actor, project=project.id, title=project.title
    )
    return project


def delete_project(project: BudgetProject, *, actor: User) -> None:
    """Remove a project from a draft budget."""
    budget = project.budget
    check_draft(budget)
    title = project.title
    image_id = project.image_id
    db.session.delete(project)
    db.session.flush()
    release_upload(image_id)
    audit.record_on(budget, "budgets.delete_project", actor=actor, title=title)


def convertible_proposals(budget: Budget) -> list[Proposal]:
    """The consultation's accepted proposals that no project of this budget comes from yet."""
    taken = (
        select(ProjectProposal.proposal_id)
        .join(BudgetProject, BudgetProject.id == ProjectProposal.project_id)
        .where(BudgetProject.budget_id == budget.id)
    )
    return list(
        db.session.scalars(
            select(Proposal)
            .where(
                Proposal.consultation_id == budget.consultation_id,
                Proposal.state.in_((ProposalState.ACCEPTED, ProposalState.IMPLEMENTED)),
                Proposal.hidden_at.is_(None),
                Proposal.id.not_in(taken),
            )
            .order_by(Proposal.supports_count.desc(), Proposal.id)
        )
    )


def projects_from_proposals(
    budget: Budget,
    *,
    actor: User,
    rows: Sequence[tuple[Proposal, Decimal | None, int | None]],
) -> list[BudgetProject]:
    """Turn accepted proposals into projects in one step, each keeping its proposal's link.

    ``rows`` are (proposal, cost, district id); the project takes the proposal's title, text,
    place and image.
    """
    check_draft(budget)
    if not rows:
        raise DomainError(_("Choose at least one proposal."), status=422)
    allowed = {p.id for p in convertible_proposals(budget)}
    _check_room(budget, len(rows))
    position = len(projects_of(budget))
    made = []
    for proposal, cost, district_id in rows:
        if proposal.id not in allowed:
            raise DomainError(_("Choose among the accepted proposals listed."), status=422)
        if cost is None:
            raise DomainError(
                _("Enter the cost of “%(title)s”, more than zero.", title=proposal.title),
                status=422,
            )
        data = {"title": proposal.title[:TITLE_MAX], "description": proposal.body,
                "cost": cost, "district_id": district_id,
                "location_text": proposal.location_text, "latitude": proposal.latitude,
                "longitude": proposal.longitude, "area_id": proposal.district_id}  # fmt: skip
        try:
            fields = _project_fields(budget, data)
        except FieldError as refusal:
            raise DomainError(f"{proposal.title}: {refusal.message}", status=422) from None
        project = BudgetProject(
            municipality_id=budget.municipality_id, budget_id=budget.id, position=position,
            image_id=proposal.image_id, **fields,
        )  # fmt: skip
        position += 1
        db.session.add(project)
        db.session.flush()
        db.session.add(ProjectProposal(municipality_id=budget.municipality_id,
                                       project_id=project.id, proposal_id=proposal.id))  # fmt: skip
        made.append(project)
    db.session.flush()
    audit.record_on(
        budget,
        "budgets.projects_from_proposals",
        actor=actor,
        proposals=[p.id for p, _c, _d in rows],
    )
    return made


def import_budget(consultation: Consultation, *, actor: User, election: Any) -> Budget:
    """Create a draft budget from a Pabulib election (``pabulib.Election``): money, rules and
    projects; the file's votes are not copied (people vote on the platform)."""
    if len(election.projects) > MAX_PROJECTS:
        raise DomainError(_("A budget has at most 500 projects."), status=422)
    budget = create_budget(consultation, actor=actor, data={
        "title": election.title, "description": election.description,
        "total_amount": election.total_amount, "participation": consultation.participation,
        "vote_rule": election.vote_rule, "max_projects": election.max_projects,
        "min_spend_percent": election.min_spend_percent, "result_rule": election.result_rule,
    })  # fmt: skip
    for position, item in enumerate(election.projects):
        db.session.add(BudgetProject(
            municipality_id=budget.municipality_id, budget_id=budget.id, position=position,
            code=item.key, title=item.title[:TITLE_MAX] or item.key, cost=item.cost,
            description=item.description[:DESCRIPTION_MAX],
        ))  # fmt: skip
    db.session.flush()
    audit.record_on(
        budget,
        "budgets.import",
        actor=actor,
        projects=len(election.projects),
        votes_in_file=election.votes,
    )
    return budget


# Opening and closing -----------------------------------------------------------------------------


def open_budget(budget: Budget, *, actor: User) -> Budget:
    """Open a draft budget for voting during the consultation's voting phase."""
    check_draft(budget)
    consultation = budget.consultation
    if not consultation.is_published:
        raise DomainError(_("Publish the consultation before opening its budget."), status=409)
    if not consultation.has_voting_phase:
        raise DomainError(_("Give the consultation a voting phase first."), status=409)
    if not projects_of(budget):
        raise DomainError(_("Add at least one project before opening the budget."), status=409)
    budget.status = BudgetStatus.OPEN
    budget.opened_at = utcnow()
    db.session.flush()
    audit.record_on(budget, "budgets.open", actor=actor)
    return budget


def close_budget(budget: Budget, *, actor: User | None) -> list[BudgetProject]:
    """Close the budget: seal its box, count the votes once, fund projects by its rule."""
    if not budget.is_open:
        raise DomainError(_("Only an open budget can be closed."), status=409)
    if not boxes.close(budget.box, actor):
        raise DomainError(_("This budget is closed and can no longer change."), status=409)
    projects = projects_of(budget)
    key_of = {p.id: p.key for p in projects}
    ballots = [frozenset(key_of[i] for i in content.get("projects", []) if i in key_of)
               for content in boxes.contents(budget.box)]  # fmt: skip
    votes = results.count_votes(ballots)
    funded_keys: set[str] = set()
    pool_voters: dict[str, int] = {}
    for pool in rules.pools(budget, projects):
        members = [p for p in projects if p.district_id == pool.district_id]
        candidates = [results.Candidate(p.key, p.cost) for p in members]
        keys = {c.key for c in candidates}
        pool_voters[_pool_key(pool.district_id)] = sum(1 for b in ballots if b & keys)
        funded_keys.update(results.funded(pool.amount, candidates, ballots, budget.result_rule))
    funded = []
    for project in projects:
        project.votes = votes[project.key]
        project.funded = project.key in funded_keys
        if project.funded:
            funded.append(project)
    budget.status = BudgetStatus.CLOSED
    budget.closed_at = utcnow()
    budget.ballots_count = len(ballots)
    budget.pool_voters = pool_voters
    db.session.flush()
    audit.record_on(
        budget, "budgets.close", actor=actor, ballots=len(ballots), funded=[p.id for p in funded]
    )
    hooks.budget_closed(budget, funded, actor)
    logger.info("budget %s closed: %s ballots, %s funded", budget.id, len(ballots), len(funded))
    return funded


def is_due(budget: Budget) -> bool:
    """Tell whether an open budget's voting phase (its consultation's) has ended."""
    ends_at = budget.consultation.voting_ends_at
    return budget.is_open and ends_at is not None and ends_at <= utcnow()


def close_if_due(budget: Budget) -> bool:
    """Close ``budget`` if its voting phase has ended; tell whether this call closed it."""
    return participation.close_if_due(
        budget, due=is_due, close=lambda b: close_budget(b, actor=None)
    )


def close_due() -> int:
    """Close every open budget whose voting phase has ended; return how many were closed."""
    return participation.close_all_due(Budget, close_if_due)


def _pool_key(district_id: int | None) -> str:
    return ALL if district_id is None else str(district_id)


# Voting ------------------------------------------------------------------------------------------


def may_vote(user: Visitor, budget: Budget) -> bool:
    """Tell whether ``user`` meets the budget's participation rule."""
    return may_take_part(user, budget.municipality, budget.participation)


def voting_is_open(budget: Budget) -> bool:
    """Open budget, published consultation in its voting phase."""
    return budget.is_open and budget.consultation.in_voting_phase


def check_voting_open(budget: Budget) -> None:
    """Raise 409 unless people may vote on the budget now."""
    if not voting_is_open(budget):
        if budget.is_closed:
            raise DomainError(_("Voting on this budget has closed."), status=409)
        raise DomainError(
            _("Voting on this budget happens during the consultation's voting phase."), status=409
        )


def read_selection(values: Iterable[str]) -> list[int]:
    """The project ids ticked in the form; anything that is not an id is refused (422)."""
    chosen: list[int] = []
    for value in values:
        text = value.strip()
        if not text.isascii() or not text.isdigit() or len(text) > 9:
            raise DomainError(_("Choose among the listed projects."), status=422)
        if int(text) not in chosen:
            chosen.append(int(text))
    return chosen


def cast_vote(budget: Budget, *, user: User, chosen: Iterable[int]) -> str:
    """Record ``user``'s selection (replacing their earlier one); return the receipt code."""
    check_may_take_part(
        user, budget.municipality, budget.participation,
        residents_only=_("Only verified residents of %(name)s can vote on this budget.",
                         name=budget.municipality.name),
    )  # fmt: skip
    check_voting_open(budget)
    tally = rules.check_selection(budget, projects_of(budget), chosen)
    return boxes.cast(budget.box, user, {"projects": sorted(tally.chosen_ids)})


def own_selection(budget: Budget, user: Visitor) -> list[int]:
    """The projects in the person's current ballot while voting is open (else none)."""
    content = boxes.own_content(budget.box, user) or {}
    return [i for i in content.get("projects", []) if isinstance(i, int)]


# Results -----------------------------------------------------------------------------------------


@dataclass
class PoolResult:
    """One pool's outcome: its projects by votes, who voted in it and what was funded."""

    pool: rules.Pool
    projects: list[BudgetProject]
    voters: int

    @property
    def funded(self) -> list[BudgetProject]:
        return [p for p in self.projects if p.funded]

    @property
    def funded_cost(self) -> Decimal:
        return sum((p.cost for p in self.funded), Decimal(0))

    @property
    def left(self) -> Decimal:
        return self.pool.amount - self.funded_cost

    @property
    def share(self) -> Decimal | None:
        """Each voter's equal share of the money (Method of Equal Shares)."""
        return (self.pool.amount / self.voters).quantize(Decimal("0.01")) if self.voters else None


def results_of(budget: Budget, projects: Sequence[BudgetProject] | None = None) -> list[PoolResult]:
    """The published results, pool by pool; empty before the close."""
    if not budget.is_closed:
        return []
    projects = list(projects if projects is not None else projects_of(budget))
    found = []
    for pool in rules.pools(budget, projects):
        members = sorted((p for p in projects if p.district_id == pool.district_id),
                         key=lambda p: (-p.votes, p.position, p.id))  # fmt: skip
        voters = (budget.pool_voters or {}).get(_pool_key(pool.district_id), 0)
        found.append(PoolResult(pool, members, voters))
    return found
