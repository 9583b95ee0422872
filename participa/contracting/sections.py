"""Translate between the stage forms and the OCDS sections of the working state."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from participa.contracting.ocds import JSON, amount, money, parse_datetime, rfc3339
from participa.core.params import in_zone

PartyRef = Callable[[Any], JSON | None]  # party key -> OrganizationReference


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _when(value: date | datetime | None, tz: str) -> str | None:
    return rfc3339(value, tz) if value else None


def _until(value: date | datetime | None, tz: str) -> str | None:
    # End dates and deadlines given as a day last until that day's end, local time.
    return rfc3339(value, tz, end_of_day=True) if value else None


def local(value: str | None, tz: str) -> datetime | None:
    """An RFC 3339 text as a naive local datetime, for datetime-local inputs."""
    parsed = parse_datetime(value)
    return in_zone(parsed, ZoneInfo(tz)).replace(tzinfo=None) if parsed else None


def local_date(value: str | None, tz: str) -> date | None:
    moment = local(value, tz)
    return moment.date() if moment else None


def _ids(rows: Iterable[Mapping[str, Any]], prefix: str = "") -> Callable[[Mapping[str, Any]], str]:
    taken = {str(r.get("id")) for r in rows if r.get("id")}
    counter = [0]

    def next_id(row: Mapping[str, Any]) -> str:
        if row.get("id"):
            return str(row["id"])
        while True:
            counter[0] += 1
            candidate = f"{prefix}{counter[0]}"
            if candidate not in taken:
                taken.add(candidate)
                return candidate

    return next_id


def _keeping(existing: Iterable[Mapping[str, Any]] | None) -> Callable[[str, JSON], JSON]:
    """Lay a row from a form over the entry it edits, keeping the fields the form lacks.

    Entries imported from another system carry fields no form shows (a document's format, an
    item's additional classifications); a release that dropped them would delete them.
    """
    by_id = {str(e["id"]): e for e in existing or [] if isinstance(e, Mapping) and e.get("id")}

    def keep(entry_id: str, fields: JSON) -> JSON:
        entry = by_id.get(entry_id, {})
        # The id as it was published (an imported 1 stays 1): merging matches ids by value.
        return {**entry, "id": entry.get("id", entry_id), **fields}

    return keep


def _filled(rows: Iterable[Mapping[str, Any]], keys: Iterable[str]) -> list[Mapping[str, Any]]:
    keys = list(keys)
    return [r for r in rows if any(r.get(k) not in (None, "") for k in keys)]


# Planning -----------------------------------------------------------------------------------


def planning_from(data: Mapping[str, Any], existing: Mapping[str, Any] | None) -> JSON:
    budget = dict((existing or {}).get("budget") or {})
    budget.update(
        description=_text(data.get("budget_description")),
        amount=money(data.get("budget_amount"), data.get("budget_currency")),
        project=_text(data.get("project")),
        projectID=_text(data.get("project_id")),
    )
    planning = dict(existing or {})
    planning.update(rationale=_text(data.get("rationale")), budget=budget)
    return planning


def planning_to_form(planning: Mapping[str, Any] | None, currency: str) -> dict[str, Any]:
    planning = planning or {}
    budget = planning.get("budget") or {}
    value = budget.get("amount") or {}
    return {
        "rationale": planning.get("rationale"),
        "budget_description": budget.get("description"),
        "budget_amount": value.get("amount"),
        "budget_currency": value.get("currency") or currency,
        "project": budget.get("project"),
        "project_id": budget.get("projectID"),
    }


# Documents ----------------------------------------------------------------------------------


def documents_from(
    rows: Iterable[Mapping[str, Any]], existing: Iterable[Mapping[str, Any]] | None, prefix: str, *,
    published: str | None = None, language: str | None = None,
) -> list[JSON]:  # fmt: skip
    """Documents from form rows, with format, language and dates filled in.

    ``published`` is the date of the release being built: a new document was published then,
    a changed one modified then. What an import brought (its format, language, dates) stays.
    """
    rows = _filled(rows, ("title", "url", "document_type"))
    next_id = _ids([*rows, *(existing or [])], prefix)
    keep = _keeping(existing)
    before = {str(e.get("id")): e for e in existing or [] if isinstance(e, Mapping)}
    documents = []
    for r in rows:
        entry_id = next_id(r)
        document = keep(
            entry_id,
            {
                "documentType": r.get("document_type") or None,
                "title": _text(r.get("title")),
                "url": _text(r.get("url")),
            },
        )
        documents.append(_described(document, before.get(entry_id), published, language))
    return documents


def _described(document: JSON, before: Mapping[str, Any] | None, published: str | None,
               language: str | None) -> JSON:  # fmt: skip
    url = document.get("url")
    if url and (before is None or before.get("url") != url or not document.get("format")):
        document["format"] = _media_type(url) or document.get("format")
    elif not url and not document.get("format"):
        # What the schema's Document.format asks for a document available only on paper.
        document["format"] = "offline/print"
    if language and not document.get("language"):
        document["language"] = language
    if published:
        if before is None:
            document.setdefault("datePublished", published)
        elif any(before.get(k) != document.get(k) for k in ("title", "url", "documentType")):
            document["dateModified"] = published
            document.setdefault("datePublished", before.get("datePublished") or published)
    return document


def _media_type(url: str) -> str | None:
    # Guessed from the address's extension: the IANA media type OCDS asks for in ``format``.
    guessed, _encoding = mimetypes.guess_type(urlsplit(url).path)
    return guessed or ("text/html" if urlsplit(url).scheme in ("http", "https") else None)


def documents_to_form(documents: Iterable[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    return [
        {"id": d.get("id"), "document_type": d.get("documentType") or "",
         "title": d.get("title"), "url": d.get("url")}
        for d in documents or []
    ]  # fmt: skip


# Tender -------------------------------------------------------------------------------------


def tender_from(data: Mapping[str, Any], existing: Mapping[str, Any] | None, *, tz: str,
                tender_id: str, procuring_entity: JSON | None, published: str | None = None,
                language: str | None = None) -> JSON:  # fmt: skip
    tender = dict(existing or {})
    items = _filled(data.get("items") or [], ("description", "quantity", "classification_id"))
    next_item = _ids([*items, *(tender.get("items") or [])])
    keep_item = _keeping(tender.get("items"))
    tender.update(
        id=tender.get("id") or tender_id,
        title=_text(data.get("title")),
        description=_text(data.get("description")),
        status=data.get("status") or None,
        procuringEntity=procuring_entity,
        value=money(data.get("value_amount"), data.get("currency")),
        procurementMethod=data.get("procurement_method") or None,
        procurementMethodDetails=_text(data.get("method_details")),
        procurementMethodRationale=_text(data.get("method_rationale")),
        mainProcurementCategory=data.get("main_category") or None,
        awardCriteria=data.get("award_criteria") or None,
        tenderPeriod={"startDate": _when(data.get("tender_start"), tz),
                      "endDate": _until(data.get("tender_end"), tz)},
        enquiryPeriod={"startDate": _when(data.get("enquiry_start"), tz),
                       "endDate": _until(data.get("enquiry_end"), tz)},
        items=[
            keep_item(next_item(i), {
                "description": _text(i.get("description")),
                "classification": {"scheme": i.get("classification_scheme") or None,
                                   "id": _text(i.get("classification_id"))}
                if _text(i.get("classification_id")) else None,
                "quantity": amount(i.get("quantity")),
                "unit": {"name": _text(i.get("unit"))}})
            for i in items
        ],
        documents=documents_from(data.get("documents") or [], tender.get("documents"), "doc-",
                                 published=published, language=language),
    )  # fmt: skip
    return tender


def tender_to_form(
    tender: Mapping[str, Any] | None, *, tz: str, currency: str, title: str
) -> dict[str, Any]:
    tender = tender or {}
    value = tender.get("value") or {}
    period = tender.get("tenderPeriod") or {}
    enquiry = tender.get("enquiryPeriod") or {}
    return {
        "title": tender.get("title") or title,
        "description": tender.get("description"),
        "status": tender.get("status") or "active",
        "procurement_method": tender.get("procurementMethod") or "",
        "method_details": tender.get("procurementMethodDetails"),
        "method_rationale": tender.get("procurementMethodRationale"),
        "main_category": tender.get("mainProcurementCategory") or "",
        "value_amount": value.get("amount"),
        "currency": value.get("currency") or currency,
        "tender_start": local(period.get("startDate"), tz),
        "tender_end": local(period.get("endDate"), tz),
        "enquiry_start": local(enquiry.get("startDate"), tz),
        "enquiry_end": local(enquiry.get("endDate"), tz),
        "award_criteria": tender.get("awardCriteria") or "",
        "items": [
            {"id": i.get("id"), "description": i.get("description"),
             "classification_scheme": (i.get("classification") or {}).get("scheme") or "",
             "classification_id": (i.get("classification") or {}).get("id"),
             "quantity": i.get("quantity"), "unit": (i.get("unit") or {}).get("name")}
            for i in tender.get("items") or []
        ],
        "documents": documents_to_form(tender.get("documents")),
    }  # fmt: skip


# Awards and contracts -------------------------------------------------------------------------


def award_from(data: Mapping[str, Any], existing: Mapping[str, Any] | None, *, tz: str,
               award_id: str, suppliers: list[JSON], published: str | None = None,
               language: str | None = None) -> JSON:  # fmt: skip
    award = dict(existing or {})
    award.update(
        id=award.get("id") or award_id,
        title=_text(data.get("title")),
        status=data.get("status") or None,
        date=_when(data.get("date"), tz),
        value=money(data.get("value_amount"), data.get("currency")),
        suppliers=suppliers,
        documents=documents_from(data.get("documents") or [], award.get("documents"),
                                 "award-doc-", published=published, language=language),
    )  # fmt: skip
    return award


def award_to_form(award: Mapping[str, Any] | None, *, tz: str, currency: str) -> dict[str, Any]:
    award = award or {}
    value = award.get("value") or {}
    return {
        "title": award.get("title"),
        "status": award.get("status") or "active",
        "date": local_date(award.get("date"), tz),
        "value_amount": value.get("amount"),
        "currency": value.get("currency") or currency,
        "suppliers": [s.get("id") for s in award.get("suppliers") or []],
        "documents": documents_to_form(award.get("documents")),
    }


def contract_from(data: Mapping[str, Any], existing: Mapping[str, Any] | None, *, tz: str,
                  contract_id: str, published: str | None = None,
                  language: str | None = None) -> JSON:  # fmt: skip
    contract = dict(existing or {})
    contract.update(
        id=contract.get("id") or contract_id,
        awardID=data.get("award_id"),
        title=_text(data.get("title")),
        status=data.get("status") or None,
        value=money(data.get("value_amount"), data.get("currency")),
        period={"startDate": _when(data.get("start"), tz), "endDate": _until(data.get("end"), tz)},
        dateSigned=_when(data.get("date_signed"), tz),
        documents=documents_from(data.get("documents") or [], contract.get("documents"),
                                 "contract-doc-", published=published, language=language),
    )  # fmt: skip
    return contract


def contract_to_form(
    contract: Mapping[str, Any] | None, *, tz: str, currency: str
) -> dict[str, Any]:
    contract = contract or {}
    value = contract.get("value") or {}
    period = contract.get("period") or {}
    return {
        "award_id": contract.get("awardID"),
        "title": contract.get("title"),
        "status": contract.get("status") or "active",
        "value_amount": value.get("amount"),
        "currency": value.get("currency") or currency,
        "start": local_date(period.get("startDate"), tz),
        "end": local_date(period.get("endDate"), tz),
        "date_signed": local_date(contract.get("dateSigned"), tz),
        "documents": documents_to_form(contract.get("documents")),
    }


def implementation_from(data: Mapping[str, Any], existing: Mapping[str, Any] | None, *,
                        tz: str, currency: str | None, payer: JSON | None,
                        payee: PartyRef) -> JSON:  # fmt: skip
    implementation = dict(existing or {})
    milestones = _filled(data.get("milestones") or [], ("title", "due_date", "date_met"))
    transactions = _filled(data.get("transactions") or [], ("amount", "date"))
    next_milestone = _ids([*milestones, *(implementation.get("milestones") or [])], "m-")
    next_transaction = _ids([*transactions, *(implementation.get("transactions") or [])], "t-")
    keep_milestone = _keeping(implementation.get("milestones"))
    keep_transaction = _keeping(implementation.get("transactions"))
    implementation.update(
        milestones=[
            keep_milestone(next_milestone(m), {
                "title": _text(m.get("title")), "status": m.get("status") or None,
                "type": m.get("type") or "delivery",
                "dueDate": _until(m.get("due_date"), tz), "dateMet": _when(m.get("date_met"), tz)})
            for m in milestones
        ],
        transactions=[
            keep_transaction(next_transaction(t), {
                "date": _when(t.get("date"), tz), "value": money(t.get("amount"), currency),
                "payer": payer, "payee": payee(t.get("payee_id")), "uri": _text(t.get("uri"))})
            for t in transactions
        ],
    )  # fmt: skip
    return implementation


def implementation_to_form(implementation: Mapping[str, Any] | None, *, tz: str) -> dict[str, Any]:
    implementation = implementation or {}
    return {
        "milestones": [
            {"id": m.get("id"), "title": m.get("title"), "status": m.get("status") or "",
             "type": m.get("type") or "delivery",
             "due_date": local_date(m.get("dueDate"), tz),
             "date_met": local_date(m.get("dateMet"), tz)}
            for m in implementation.get("milestones") or []
        ],
        "transactions": [
            {"id": t.get("id"), "date": local_date(t.get("date"), tz),
             "amount": (t.get("value") or {}).get("amount"),
             "payee_id": (t.get("payee") or {}).get("id") or "", "uri": t.get("uri")}
            for t in implementation.get("transactions") or []
        ],
    }  # fmt: skip
