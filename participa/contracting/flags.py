"""Red flags: pure functions over a compiled release, its releases and the settings.

Each check returns Flag objects that explain themselves in plain language and carry the data they
are based on (``evidence``) and the part of the process page that shows it (``anchor``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from participa.contracting.codelist_labels import label as code_label
from participa.contracting.ocds import parse_datetime

if TYPE_CHECKING:
    from participa.contracting.models import ContractingSettings

COMPETITIVE = ("open", "selective")
NON_COMPETITIVE = ("limited", "direct")

TITLES = {
    "single_bidder": _l("Single bidder"),
    "short_tender_period": _l("Short tender period"),
    "non_competitive_above_threshold": _l("Non-competitive method above the threshold"),
    "award_above_estimate": _l("Award far above the estimate"),
    "amendment_increase": _l("Amendments raised the contract value"),
    "new_supplier": _l("Supplier first seen shortly before the tender"),
    "late_publication": _l("Late publication"),
    "missing_stage": _l("Missing stage"),
}
CODES = tuple(TITLES)


@dataclass(frozen=True)
class Flag:
    code: str
    explanation: str
    evidence: dict[str, Any] = field(default_factory=dict)
    anchor: str = "tender"

    @property
    def title(self) -> str:
        return str(TITLES[self.code])


def _amount(value: Mapping[str, Any] | None) -> Decimal | None:
    amount = (value or {}).get("amount")
    return Decimal(str(amount)) if isinstance(amount, int | float) else None


def _days(start: str | None, end: str | None) -> float | None:
    a, b = parse_datetime(start), parse_datetime(end)
    if a is None or b is None:
        return None
    return (b - a).total_seconds() / 86400


def single_bidder(compiled: Mapping[str, Any], settings: ContractingSettings) -> list[Flag]:
    """Only one tenderer took part in an open or selective procedure."""
    tender = compiled.get("tender") or {}
    if tender.get("procurementMethod") not in COMPETITIVE:
        return []
    count = tender.get("numberOfTenderers")
    if count is None and tender.get("tenderers"):
        count = len(tender["tenderers"])
    if count != 1:
        return []
    return [Flag("single_bidder", _(
        "Only one supplier submitted a bid in a procedure open to competition (%(method)s). "
        "Without competition there is no guarantee the price is fair.",
        method=code_label("method", tender["procurementMethod"])),
        {"tender.procurementMethod": tender["procurementMethod"],
         "tender.numberOfTenderers": count}, "tenderers")]  # fmt: skip


def short_tender_period(compiled: Mapping[str, Any], settings: ContractingSettings) -> list[Flag]:
    """The tender period of a competitive procedure was shorter than the minimum."""
    tender = compiled.get("tender") or {}
    if tender.get("procurementMethod") not in COMPETITIVE:
        return []
    period = tender.get("tenderPeriod") or {}
    days = _days(period.get("startDate"), period.get("endDate"))
    minimum = settings.short_tender_days or 15
    if days is None or days >= minimum:
        return []
    return [Flag("short_tender_period", _(
        "Suppliers had %(days)s days to prepare their bids, fewer than the %(minimum)s days "
        "this municipality considers the minimum for a fair competition.",
        days=f"{days:.1f}", minimum=minimum),
        {"tender.tenderPeriod.startDate": period.get("startDate"),
         "tender.tenderPeriod.endDate": period.get("endDate"), "days": round(days, 1),
         "minimum": minimum})]  # fmt: skip


def non_competitive_above_threshold(
    compiled: Mapping[str, Any], settings: ContractingSettings
) -> list[Flag]:
    """A limited or direct procedure whose value exceeds the municipality's threshold."""
    tender = compiled.get("tender") or {}
    threshold = settings.non_competitive_threshold
    if tender.get("procurementMethod") not in NON_COMPETITIVE or threshold is None:
        return []
    awarded = [_amount(a.get("value")) for a in compiled.get("awards") or []]
    value = max([v for v in [_amount(tender.get("value")), *awarded] if v is not None],
                default=None)  # fmt: skip
    if value is None or value <= Decimal(str(threshold)):
        return []
    return [Flag("non_competitive_above_threshold", _(
        "The purchase was made without open competition (%(method)s) although its value, "
        "%(value)s, is above the threshold of %(threshold)s set for such procedures.",
        method=code_label("method", tender["procurementMethod"]), value=_fmt(value),
        threshold=_fmt(threshold)),
        {"tender.procurementMethod": tender["procurementMethod"], "value": float(value),
         "threshold": float(threshold)})]  # fmt: skip


def award_above_estimate(compiled: Mapping[str, Any], settings: ContractingSettings) -> list[Flag]:
    """The awards add up to much more than the tender's estimated value."""
    estimate = _amount((compiled.get("tender") or {}).get("value"))
    awards = [a for a in compiled.get("awards") or [] if a.get("status") != "cancelled"]
    amounts = [v for v in (_amount(a.get("value")) for a in awards) if v is not None]
    if not estimate or not amounts:
        return []
    total = sum(amounts, Decimal(0))
    percent = settings.award_over_estimate_percent or 20
    if total <= estimate * (1 + Decimal(percent) / 100):
        return []
    raise_percent = (total / estimate - 1) * 100
    return [Flag("award_above_estimate", _(
        "The award (%(total)s) is %(percent)s%% above the estimated value of the tender "
        "(%(estimate)s); the limit considered normal is %(limit)s%%.",
        total=_fmt(total), percent=f"{raise_percent:.0f}", estimate=_fmt(estimate),
        limit=percent), {"tender.value.amount": float(estimate), "awards.value.amount":
        float(total)}, "awards")]  # fmt: skip


def amendment_increase(
    compiled: Mapping[str, Any],
    releases: Sequence[Mapping[str, Any]],
    settings: ContractingSettings,
) -> list[Flag]:
    """Amendments raised the value of one or more contracts by more than the allowed share."""
    percent = settings.amendment_increase_percent or 20
    raised = []
    for contract in compiled.get("contracts") or []:
        original = _first_value(releases, contract.get("id"))
        current = _amount(contract.get("value"))
        if not original or current is None:
            continue
        if current > original * (1 + Decimal(percent) / 100):
            raised.append((contract, original, current, (current / original - 1) * 100))
    if not raised:
        return []
    if len(raised) == 1:
        contract, original, current, increase = raised[0]
        explanation = _(
            "Contract %(contract)s was signed for %(original)s and now stands at "
            "%(current)s: %(increase)s%% more, above the %(limit)s%% considered normal.",
            contract=contract.get("id"), original=_fmt(original), current=_fmt(current),
            increase=f"{increase:.0f}", limit=percent)  # fmt: skip
    else:
        # Built first: a call nested in ngettext's arguments hides both from the extractor.
        changes = "; ".join(
            _("%(contract)s from %(original)s to %(current)s",
              contract=c.get("id"), original=_fmt(o), current=_fmt(n))
            for c, o, n, _i in raised
        )  # fmt: skip
        explanation = ngettext(
            "Amendments raised the value of %(num)s contract of this process above the "
            "%(limit)s%% considered normal: %(contracts)s.",
            "Amendments raised the value of %(num)s contracts of this process above the "
            "%(limit)s%% considered normal: %(contracts)s.",
            len(raised), limit=percent, contracts=changes,
        )  # fmt: skip
    evidence: dict[str, Any] = {"limit": percent}
    for contract, original, current, _increase in raised:
        key = f"contracts[{contract.get('id')}]"
        evidence.update({f"{key}.original": float(original), f"{key}.current": float(current),
                         f"{key}.amendments": len(contract.get("amendments") or [])})  # fmt: skip
    return [Flag("amendment_increase", explanation, evidence, "contracts")]


def _first_value(releases: Sequence[Mapping[str, Any]], contract_id: Any) -> Decimal | None:
    for release in sorted(releases, key=lambda r: r.get("date") or ""):
        for contract in release.get("contracts") or []:
            if contract.get("id") == contract_id and _amount(contract.get("value")):
                return _amount(contract.get("value"))
    return None


def new_supplier(
    compiled: Mapping[str, Any], settings: ContractingSettings, first_seen: Mapping[str, datetime]
) -> list[Flag]:
    """A supplier whose first award or contract came only a short time before the tender began.

    ``first_seen`` holds business dates (the supplier's earliest award or contract date with the
    municipality); a supplier first seen after the tender began is not new *before* it.
    """
    start = parse_datetime(((compiled.get("tender") or {}).get("tenderPeriod") or {}).get(
        "startDate")) or parse_datetime(compiled.get("date"))  # fmt: skip
    days = settings.new_supplier_days or 30
    if start is None:
        return []
    fresh: dict[str, tuple[Mapping[str, Any], datetime, float]] = {}
    for award in compiled.get("awards") or []:
        for supplier in award.get("suppliers") or []:
            seen = first_seen.get(supplier.get("id"))
            if seen is None or supplier.get("id") in fresh:
                continue
            gap = (start - seen).total_seconds() / 86400
            if 0 <= gap < days:
                fresh[supplier["id"]] = (supplier, seen, gap)
    if not fresh:
        return []
    if len(fresh) == 1:
        supplier, seen, gap = next(iter(fresh.values()))
        explanation = ngettext(
            "%(name)s won this contract, but its first award or contract with the municipality "
            "dates from only %(num)s day before the tender began (less than %(limit)s days): a "
            "newly created company can be a front for someone else.",
            "%(name)s won this contract, but its first award or contract with the municipality "
            "dates from only %(num)s days before the tender began (less than %(limit)s days): a "
            "newly created company can be a front for someone else.",
            max(round(gap), 1), name=supplier.get("name"), limit=days)  # fmt: skip
    else:
        explanation = _(
            "%(names)s won this contract, but each had its first award or contract with the "
            "municipality less than %(limit)s days before the tender began: a newly created "
            "company can be a front for someone else.",
            names=", ".join(str(s.get("name")) for s, _seen, _gap in fresh.values()),
            limit=days)  # fmt: skip
    evidence: dict[str, Any] = {"tender.tenderPeriod.startDate": start.isoformat()}
    for supplier_id, (_supplier, seen, _gap) in fresh.items():
        evidence[f"firstAwardOrContract[{supplier_id}]"] = seen.isoformat()
    return [Flag("new_supplier", explanation, evidence, "parties")]


def late_publication(
    compiled: Mapping[str, Any],
    releases: Sequence[Mapping[str, Any]],
    settings: ContractingSettings,
) -> list[Flag]:
    """Awards or contracts published long after they were decided or signed (one flag)."""
    limit = settings.publication_delay_days or 10
    late = []
    checks = [("awards", "date", _l("award")), ("contracts", "dateSigned", _l("contract"))]
    for section, date_field, label in checks:
        for item in compiled.get(section) or []:
            published = _first_release_date(releases, section, item.get("id"))
            delay = _days(item.get(date_field), published)
            if delay is not None and delay > limit:
                late.append((section, date_field, label, item, published, delay))
    if not late:
        return []
    if len(late) == 1:
        _section, _field, label, item, _published, delay = late[0]
        explanation = _(
            "The %(what)s %(id)s was published %(days)s days after its date, later than the "
            "%(limit)s days allowed: citizens could not follow it in time.",
            what=label, id=item.get("id"), days=f"{delay:.0f}", limit=limit)  # fmt: skip
    else:
        explanation = ngettext(
            "%(num)s award or contract was published later than the %(limit)s days allowed "
            "after its date (%(items)s): citizens could not follow it in time.",
            "%(num)s awards and contracts were published later than the %(limit)s days allowed "
            "after their date (%(items)s): citizens could not follow them in time.",
            len(late), limit=limit,
            items="; ".join(ngettext("%(what)s %(id)s after %(num)s day",
                                     "%(what)s %(id)s after %(num)s days", round(delay),
                                     what=label, id=item.get("id"))
                            for _s, _f, label, item, _p, delay in late))  # fmt: skip
    evidence: dict[str, Any] = {"limit": limit}
    for section, date_field, _label, item, published, delay in late:
        key = f"{section}[{item.get('id')}]"
        evidence.update({f"{key}.{date_field}": item.get(date_field), f"{key}.published": published,
                         f"{key}.days": round(delay)})  # fmt: skip
    return [Flag("late_publication", explanation, evidence, late[0][0])]


def _first_release_date(
    releases: Sequence[Mapping[str, Any]], section: str, item_id: Any
) -> str | None:
    dates = [r.get("date") for r in releases
             if any(i.get("id") == item_id for i in r.get(section) or [])]  # fmt: skip
    return min(dates, key=lambda d: parse_datetime(d) or datetime.max) if dates else None


def missing_stage(compiled: Mapping[str, Any], settings: ContractingSettings) -> list[Flag]:
    """A contract published without its tender or its award."""
    contracts = compiled.get("contracts") or []
    if not contracts:
        return []
    award_ids = {a.get("id") for a in compiled.get("awards") or []}
    missing = []
    if not compiled.get("tender"):
        missing.append(str(_l("tender")))
    if any(c.get("awardID") not in award_ids for c in contracts):
        missing.append(str(_l("award")))
    if not missing:
        return []
    return [Flag("missing_stage", _(
        "A contract was published but its %(stages)s never was: citizens cannot see how the "
        "supplier was chosen.", stages=", ".join(missing)),
        {"missing": missing, "contracts": [c.get("id") for c in contracts]},
        "contracts")]  # fmt: skip


def _fmt(value: Decimal) -> str:
    from flask_babel import format_decimal

    try:
        text: str = format_decimal(value)
        return text
    except Exception:  # no request context (CLI, benchmark)
        return str(value)


Check = Callable[..., list[Flag]]


def evaluate(
    compiled: Mapping[str, Any],
    releases: Sequence[Mapping[str, Any]],
    settings: ContractingSettings,
    *,
    first_seen: Mapping[str, datetime] | None = None,
) -> list[Flag]:
    """Every red flag of one process."""
    first_seen = first_seen or {}
    return [
        *single_bidder(compiled, settings),
        *short_tender_period(compiled, settings),
        *non_competitive_above_threshold(compiled, settings),
        *award_above_estimate(compiled, settings),
        *amendment_increase(compiled, releases, settings),
        *new_supplier(compiled, settings, first_seen),
        *late_publication(compiled, releases, settings),
        *missing_stage(compiled, settings),
    ]
