"""Budgets in the Pabulib format (pabulib.org), read and written with pabutools.

A Pabulib file describes one election: META (the money, the rule, where and when), PROJECTS
(id, cost, name, votes, selected) and VOTES (one anonymous line per ballot: the project ids it
chose). A budget with districts is one election per district, so it is exported one file per
pool of money. Imports bring the election's setup (money, rules, projects) as a new draft
budget: votes are cast by people on the platform, never copied from a file into the box.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel import Locale
from flask_babel import gettext as _
from pabutools.election import ApprovalBallot, ApprovalProfile, Instance, Project
from pabutools.election.pabulib import election_as_pabulib_string, parse_pabulib_from_string

from participa.budgets import rules
from participa.budgets.models import Budget, BudgetProject, ResultRule, VoteRule
from participa.core.errors import DomainError
from participa.core.params import MAX_DECIMAL, parse_int
from participa.core.security import check_storable
from participa.voting import box as boxes

logger = logging.getLogger(__name__)

RULE_NAMES: dict[str, str] = {ResultRule.GREEDY: "greedy", ResultRule.EQUAL_SHARES: "equalshares"}
CENTS = Decimal("0.01")
KEY_MAX = 60  # BudgetProject.code


# Writing -----------------------------------------------------------------------------------------


def _number(value: Decimal) -> Decimal | int:
    # Pabulib writes whole amounts without decimals ("1500", not "1500.00").
    return int(value) if value == value.to_integral_value() else value.quantize(CENTS)


def _date(value: Any) -> str:
    return value.strftime("%d.%m.%Y") if value is not None else ""


def export(budget: Budget, projects: list[BudgetProject], pool: rules.Pool) -> str:
    """The closed budget's election for one pool of money as Pabulib text (no personal data)."""
    if not budget.is_closed:
        raise DomainError(_("A budget can be exported once it is closed."), status=409)
    members = [p for p in projects if p.district_id == pool.district_id]
    by_id = {p.id: Project(p.key, _number(p.cost)) for p in members}
    instance = Instance(by_id.values(), budget_limit=_number(pool.amount))
    municipality = budget.municipality
    meta = {
        "description": budget.title,
        "country": Locale("en").territories.get(municipality.country, municipality.country),
        "unit": municipality.name,
        "instance": str((budget.closed_at or budget.created_at).year),
        "rule": RULE_NAMES.get(budget.result_rule, "greedy"),
        "date_begin": _date(budget.opened_at),
        "date_end": _date(budget.closed_at),
        "language": municipality.default_locale,
        "currency": budget.currency,
    }
    if pool.name:
        meta["subunit"] = pool.name
    instance.meta = meta
    for project in members:
        instance.project_meta[by_id[project.id]] = {
            "name": project.title,
            "votes": str(project.votes),
            "selected": "1" if project.funded else "0",
        }
    ballots = []
    for content in boxes.contents(budget.box):
        chosen = [by_id[i] for i in content.get("projects", []) if i in by_id]
        if chosen:
            ballots.append(ApprovalBallot(chosen))
    profile = ApprovalProfile(ballots, instance=instance)
    if budget.vote_rule == VoteRule.AT_MOST and budget.max_projects:
        profile.legal_max_length = budget.max_projects
    if budget.vote_rule == VoteRule.WITHIN_BUDGET:
        profile.legal_max_cost = _number(pool.amount)
        if budget.min_spend_percent:
            profile.legal_min_cost = _number(pool.amount * budget.min_spend_percent / 100)
    return str(election_as_pabulib_string(instance, profile))


# Reading -----------------------------------------------------------------------------------------


@dataclass
class ImportedProject:
    key: str
    title: str
    cost: Decimal
    description: str = ""


@dataclass
class Election:
    """What a Pabulib file says about a budget, ready to become a draft budget."""

    title: str
    description: str
    total_amount: Decimal
    vote_rule: str
    result_rule: str
    max_projects: int | None = None
    min_spend_percent: int | None = None
    projects: list[ImportedProject] = field(default_factory=list)
    votes: int = 0
    # The project keys of each ballot in the file (for checking results; never stored).
    ballots: list[frozenset[str]] = field(default_factory=list)


def _decimal(value: Any) -> Decimal:
    """A pabutools number (a gmpy2 fraction, an int, a string) as a Decimal."""
    numerator = getattr(value, "numerator", None)
    denominator = getattr(value, "denominator", None)
    if numerator is not None and denominator is not None:
        number = Decimal(int(numerator)) / Decimal(int(denominator))
    else:
        number = Decimal(str(value).replace(",", "."))
    if not number.is_finite():
        raise ValueError("not a finite number")
    # Too large for the cents to matter (or to be kept): the caller refuses it.
    return number if abs(number) > MAX_DECIMAL else number.quantize(CENTS)


def read(data: bytes) -> Election:
    """Read a Pabulib file; a file that is not one answers 422 with the reason."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("The file is not UTF-8 text: is it a Pabulib .pb file?"), 422) from None
    check_storable(text)
    try:
        instance, profile = parse_pabulib_from_string(text)
    except NotImplementedError:
        raise DomainError(_("The file's votes are of a kind Participa cannot read."), 422) from None
    except Exception as exc:  # any malformed upload is the sender's error, never a 500
        logger.info("unreadable Pabulib file: %r", exc)
        raise DomainError(
            _("The file could not be read as a Pabulib file: check its META, PROJECTS and "
              "VOTES sections."), 422,
        ) from None  # fmt: skip
    return _election(instance, profile)


def _election(instance: Any, profile: Any) -> Election:
    meta = instance.meta
    try:
        total = _decimal(instance.budget_limit)
        projects = [
            ImportedProject(
                key=str(project.name).strip(),
                title=(instance.project_meta.get(project, {}).get("name") or "").strip()
                or _("Project %(key)s", key=project.name),
                cost=_decimal(project.cost),
                description=instance.project_meta.get(project, {}).get("description") or "",
            )
            # The file's order (the instance is a set; its metadata keeps the reading order).
            for project in [*instance.project_meta, *(set(instance) - set(instance.project_meta))]
        ]
    except (ArithmeticError, ValueError):
        raise DomainError(_("The file's amounts are not numbers."), 422) from None
    if total <= 0:
        raise DomainError(_("The file's budget must be more than zero."), 422)
    if not projects:
        raise DomainError(_("The file has no projects."), 422)
    if any(p.cost <= 0 for p in projects):
        raise DomainError(_("Every project in the file needs a cost above zero."), 422)
    if max(total, *(p.cost for p in projects)) > MAX_DECIMAL:
        raise DomainError(_("The file's amounts are too large."), 422)
    keys = [p.key for p in projects]
    if any(len(key) > KEY_MAX for key in keys) or len(set(keys)) != len(keys):
        raise DomainError(
            _("Every project in the file needs its own id of up to %(num)s characters.",
              num=KEY_MAX), 422,
        )  # fmt: skip
    vote_rule, max_projects, min_spend = _vote_rule(meta, total)
    rule = str(meta.get("rule", "")).lower()
    unit = " ".join(str(meta.get(k, "")).strip() for k in ("unit", "subunit", "instance"))
    title = str(meta.get("description") or "").strip() or unit.strip() or _("Imported budget")
    ballots = [frozenset(str(p.name) for p in ballot) for ballot in profile] if profile else []
    return Election(
        title=title[:200],
        description=_("Imported from a Pabulib file (%(unit)s).", unit=unit.strip() or "—"),
        total_amount=total,
        vote_rule=vote_rule,
        result_rule=ResultRule.EQUAL_SHARES if rule.startswith(("equalshares", "mes"))
        else ResultRule.GREEDY,
        max_projects=max_projects,
        min_spend_percent=min_spend,
        projects=projects,
        votes=len(ballots),
        ballots=ballots,
    )  # fmt: skip


def _vote_rule(meta: dict[str, Any], total: Decimal) -> tuple[str, int | None, int | None]:
    if str(meta.get("vote_type", "approval")) not in ("approval", "choose-1"):
        return VoteRule.WITHIN_BUDGET, None, None
    if meta.get("vote_type") == "choose-1":
        return VoteRule.AT_MOST, 1, None
    max_length = parse_int(str(meta.get("max_length", "")), min=1, max=10**9)
    if max_length is not None:
        return VoteRule.AT_MOST, min(max_length, 1000), None
    if meta.get("max_sum_cost") is not None:
        minimum = meta.get("min_sum_cost")
        percent = None
        if minimum is not None:
            try:
                percent = min(100, int(Decimal(str(minimum)) * 100 / total))
            except ArithmeticError:
                percent = None
        # A negative minimum asks nothing (the database allows 0 to 100; it was a 500).
        return VoteRule.WITHIN_BUDGET, None, percent if percent and percent > 0 else None
    return VoteRule.APPROVAL, None, None
