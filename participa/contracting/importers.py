"""Imports: an OCDS release package (JSON) or a CSV template, checked whole, all or nothing.

Every problem is collected with where it is (release or row, field) and why; when there is any,
nothing is stored and the view answers 422 with the report.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participa.contracting import ocds, sections, services
from participa.contracting.codelists import codes
from participa.contracting.models import Party, ProcurementProcess, Release
from participa.contracting.validation import errors_in, field_label
from participa.core import audit
from participa.core.errors import DomainError
from participa.db import utcnow
from participa.extensions import db

MAX_PROBLEMS = 200


@dataclass(frozen=True)
class Problem:
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where} · {self.field}: {self.message}" if self.field else (
            f"{self.where}: {self.message}")  # fmt: skip


class ImportFailed(DomainError):
    """The file has problems; nothing was imported."""

    status = 422

    def __init__(self, problems: list[Problem]):
        self.problems = problems[:MAX_PROBLEMS]
        super().__init__(_("Nothing was imported: the file has %(count)s problem(s).",
                           count=len(problems)))  # fmt: skip


@dataclass
class ImportResult:
    processes: int = 0
    releases: int = 0
    created: list[str] = field(default_factory=list)


def import_file(municipality: Any, *, actor: Any, filename: str, content: bytes) -> ImportResult:
    """Import an uploaded file, choosing the format from its name or first character."""
    text = _decode(content)
    name = (filename or "").lower()
    if name.endswith(".csv") or (not name.endswith(".json") and not text.lstrip().startswith("{")):
        return import_csv(municipality, actor=actor, text=text)
    return import_release_package(municipality, actor=actor, text=text)


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed([Problem(_("File"), "", _("The file is not UTF-8 text."))])


# Release packages -------------------------------------------------------------------------------


def import_release_package(municipality: Any, *, actor: Any, text: str) -> ImportResult:
    """Check a release package entirely, then append its releases to their processes."""
    try:
        package = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed([Problem(_("File"), "", _(
            "The file is not valid JSON (line %(line)s, column %(col)s: %(msg)s).",
            line=exc.lineno, col=exc.colno, msg=exc.msg))]) from None  # fmt: skip
    if not isinstance(package, dict) or not isinstance(package.get("releases"), list):
        raise ImportFailed([Problem(_("File"), "releases", _(
            "This is not an OCDS release package: it needs a list of releases."))])  # fmt: skip
    problems = [
        Problem(_where(e.path), field_label(e.path[2:] if e.path[:1] == ("releases",) else e.path),
                e.message)
        for e in errors_in(package, "release-package-schema.json")
    ]  # fmt: skip
    releases = package["releases"]
    problems += _check_releases(municipality, releases)
    if problems:
        raise ImportFailed(problems)
    return _store(municipality, actor, releases)


def _where(path: tuple) -> str:
    if len(path) >= 2 and path[0] == "releases" and isinstance(path[1], int):
        return _("Release #%(n)s", n=path[1] + 1)
    return _("Package")


def _check_releases(municipality: Any, releases: list) -> list[Problem]:
    problems: list[Problem] = []
    prefix = f"{municipality.ocid_prefix}-" if municipality.ocid_prefix else None
    if prefix is None:
        return [Problem(_("Package"), "ocid", _(
            "This municipality has no OCDS prefix yet; nothing can be imported."))]  # fmt: skip
    seen: set[tuple[str, str]] = set()
    for n, release in enumerate(releases):
        if not isinstance(release, dict):
            continue  # reported by the schema
        where = _("Release #%(n)s", n=n + 1)
        ocid, release_id = release.get("ocid"), release.get("id")
        if isinstance(ocid, str):
            identifier = ocid[len(prefix) :] if ocid.startswith(prefix) else None
            if identifier is None:
                problems.append(Problem(where, "ocid", _(
                    "%(ocid)s does not start with this municipality's prefix %(prefix)s.",
                    ocid=ocid, prefix=prefix)))  # fmt: skip
            elif not services.IDENTIFIER_RE.match(identifier):
                problems.append(Problem(where, "ocid", _(
                    "After the prefix, the ocid may only contain letters, digits, dots, hyphens "
                    "and underscores.")))  # fmt: skip
        if isinstance(release_id, str):
            if "/" in release_id or "#" in release_id:
                problems.append(Problem(where, "id", _("A release id cannot contain / or #.")))
            key = (str(ocid), release_id)
            if key in seen:
                problems.append(
                    Problem(
                        where,
                        "id",
                        _("The release id %(id)s appears twice in the file.", id=release_id),
                    )
                )
            seen.add(key)
        if ocds.parse_datetime(release.get("date")) is None and isinstance(
            release.get("date"), str
        ):
            problems.append(Problem(where, "date", _("is not a date and time with a time zone")))
    problems += _already_published(seen)
    return problems


def _already_published(keys: set[tuple[str, str]]) -> list[Problem]:
    problems = []
    by_ocid: dict[str, set[str]] = defaultdict(set)
    for ocid, release_id in keys:
        by_ocid[ocid].add(release_id)
    for ocid, ids in by_ocid.items():
        for release_id in db.session.scalars(
            select(Release.release_id).where(Release.ocid == ocid, Release.release_id.in_(ids))
        ):
            problems.append(
                Problem(
                    _("Release %(id)s", id=release_id),
                    "id",
                    _("A release with this id is already published for %(ocid)s.", ocid=ocid),
                )
            )
    return problems


def _store(municipality: Any, actor: Any, releases: list[dict]) -> ImportResult:
    result = ImportResult()
    grouped: dict[str, list[dict]] = defaultdict(list)
    for release in releases:
        grouped[release["ocid"]].append(release)
    prefix = f"{municipality.ocid_prefix}-"
    for ocid, items in grouped.items():
        items.sort(key=lambda r: ocds.parse_datetime(r["date"]))
        for release in items:
            seen_at = ocds.parse_datetime(release["date"])
            for entry in release.get("parties") or []:
                if entry.get("id"):
                    services.upsert_party_from_ocds(municipality, entry, seen_at)
        process = db.session.scalars(
            select(ProcurementProcess).where(ProcurementProcess.ocid == ocid)
        ).first()
        if process is None:
            process = ProcurementProcess(
                municipality_id=municipality.id, ocid=ocid, identifier=ocid[len(prefix):],
                title=((items[-1].get("tender") or {}).get("title") or ocid)[:300], data={},
                red_flags=[],
            )  # fmt: skip
            db.session.add(process)
            db.session.flush()
            result.created.append(ocid)
        elif process.municipality_id != municipality.id:
            raise ImportFailed([Problem(ocid, "ocid", _("belongs to another municipality"))])
        for release in items:
            services.append_release(process, release, ocds.parse_datetime(release["date"]))
            result.releases += 1
        history = [r.data for r in services.releases_of(process)]
        compiled = services.refresh(process, history)
        process.data = {k: compiled[k] for k in ocds.SECTIONS if k in compiled}
        result.processes += 1
    audit.record("contracting.import", actor=actor, municipality=municipality,
                 processes=result.processes, releases=result.releases)  # fmt: skip
    return result


# CSV template -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    kind: str  # text, number, integer, date, code:<codelist>
    help: Any


CSV_COLUMNS = [
    Column("identifier", True, "text", _l("Local identifier of the process (letters, digits, "
                                          "dots, hyphens); the ocid is the prefix plus it.")),
    Column("title", True, "text", _l("Title of the purchase.")),
    Column("description", False, "text", _l("What is bought and why.")),
    Column("buyer_name", True, "text", _l("Municipal unit that buys.")),
    Column("procurement_method", True, "code:method", _l("open, selective, limited or direct.")),
    Column("method_details", False, "text", _l("The method in local terms.")),
    Column("main_category", False, "code:procurementCategory", _l("goods, works or services.")),
    Column("tender_status", False, "code:tenderStatus",
           _l("planning, planned, active, cancelled, unsuccessful, complete or withdrawn.")),
    Column("currency", True, "code:currency", _l("ISO 4217 code, such as ARS, BOB, CLP, COP.")),
    Column("tender_amount", False, "number", _l("Estimated value; a plain number with a dot "
                                                "for decimals (9500000.50).")),
    Column("tender_start", False, "date", _l("Start of the tender period (YYYY-MM-DD or "
                                             "YYYY-MM-DDTHH:MM).")),
    Column("tender_end", False, "date", _l("End of the tender period.")),
    Column("number_of_tenderers", False, "integer", _l("How many bids were received.")),
    Column("supplier_name", False, "text", _l("The winning supplier, if awarded.")),
    Column("supplier_scheme", False, "text", _l("Its identifier scheme (AR-CUIT, BO-NIT, "
                                                "CL-RUT, CO-NIT).")),
    Column("supplier_id", False, "text", _l("Its tax identifier, digits only.")),
    Column("award_date", False, "date", _l("Date of the award.")),
    Column("award_amount", False, "number", _l("Awarded value.")),
    Column("contract_date_signed", False, "date", _l("Date the contract was signed.")),
    Column("contract_amount", False, "number", _l("Contract value.")),
    Column("contract_end", False, "date", _l("End of the contract period.")),
]  # fmt: skip
_BY_NAME = {c.name: c for c in CSV_COLUMNS}


def import_csv(municipality: Any, *, actor: Any, text: str) -> ImportResult:
    """Check every row of the CSV template, then create one published process per row."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c.name for c in CSV_COLUMNS if c.required and c.name not in header]
    if missing:
        raise ImportFailed(
            [
                Problem(
                    _("Header"),
                    ", ".join(missing),
                    _(
                        "These required columns are missing. Download the template to see every "
                        "column."
                    ),
                )
            ]
        )
    problems: list[Problem] = []
    rows: list[tuple[int, dict]] = []
    identifiers: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        parsed, row_problems = _parse_row(line, row)
        problems += row_problems
        identifier = parsed.get("identifier") or ""
        if identifier in identifiers:
            problems.append(
                Problem(
                    _("Row %(n)s", n=line),
                    "identifier",
                    _("The identifier %(id)s appears twice in the file.", id=identifier),
                )
            )
        identifiers.add(identifier)
        rows.append((line, parsed))
    if not rows and not problems:
        problems.append(Problem(_("File"), "", _("The file has no rows.")))
    for line, parsed in rows:
        if parsed.get("identifier") and services.identifier_taken(
            municipality, parsed["identifier"]
        ):
            problems.append(Problem(_("Row %(n)s", n=line), "identifier", _(
                "A process with this identifier already exists.")))  # fmt: skip
    if problems:
        raise ImportFailed(problems)
    result = ImportResult()
    for line, parsed in rows:
        try:
            process = _create_from_row(municipality, actor, parsed)
        except DomainError as exc:
            raise ImportFailed([Problem(_("Row %(n)s", n=line), "", str(exc.message))]) from None
        result.processes += 1
        result.releases += process.release_count
        result.created.append(process.ocid)
    audit.record("contracting.import", actor=actor, municipality=municipality,
                 processes=result.processes, releases=result.releases)  # fmt: skip
    return result


def _parse_row(line: int, row: dict) -> tuple[dict, list[Problem]]:
    problems = []
    parsed: dict[str, Any] = {}
    where = _("Row %(n)s", n=line)
    for column in CSV_COLUMNS:
        raw = row.get(column.name, "")
        if not raw:
            if column.required:
                problems.append(Problem(where, column.name, _("is required")))
            continue
        try:
            parsed[column.name] = _convert(column, raw)
        except ValueError as exc:
            problems.append(Problem(where, column.name, str(exc)))
    if parsed.get("identifier") and not services.IDENTIFIER_RE.match(parsed["identifier"]):
        problems.append(
            Problem(
                where,
                "identifier",
                _("may only contain letters, digits, dots, hyphens and underscores"),
            )
        )
    if parsed.get("award_amount") is not None and not parsed.get("supplier_name"):
        problems.append(Problem(where, "supplier_name", _("is required when there is an award")))
    return parsed, problems


def _convert(column: Column, raw: str) -> Any:
    if column.kind == "number":
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise ValueError(_("%(value)s is not a number (use digits and a dot for decimals)",
                               value=raw[:40])) from None  # fmt: skip
        if not value.is_finite() or value < 0:
            raise ValueError(_("%(value)s is not a positive number", value=raw[:40]))
        return value
    if column.kind == "integer":
        if not raw.isdigit():
            raise ValueError(_("%(value)s is not a whole number", value=raw[:40]))
        return int(raw)
    if column.kind == "date":
        try:
            return datetime.fromisoformat(raw) if "T" in raw else date.fromisoformat(raw)
        except ValueError:
            raise ValueError(_("%(value)s is not a date (YYYY-MM-DD)", value=raw[:40])) from None
    if column.kind.startswith("code:") and raw not in codes(column.kind[5:]):
        raise ValueError(_("%(value)s is not one of the allowed codes", value=raw[:40]))
    return raw


def _party(municipality: Any, actor: Any, name: str, scheme: str | None, ident: str | None,
           public: bool) -> Party:  # fmt: skip
    if scheme and ident:
        found = services.party_by_ocds_id(municipality, f"{scheme}-{ident}")
    else:
        found = db.session.scalars(
            select(Party).where(Party.municipality_id == municipality.id, Party.name == name)
        ).first()
    if found is not None:
        return found
    return services.create_party(municipality, actor=actor, data={
        "name": name, "scheme": scheme if ident else None, "identifier": ident if scheme else None,
        "is_public_body": public})  # fmt: skip


def _create_from_row(municipality: Any, actor: Any, row: dict) -> ProcurementProcess:
    buyer = _party(municipality, actor, row["buyer_name"], None, None, True)
    process = services.create_process(
        municipality, actor=actor, title=row["title"], description=row.get("description"),
        identifier=row["identifier"], buyer=buyer,
    )  # fmt: skip
    tz, currency = municipality.timezone, row["currency"]
    supplier = None
    if row.get("supplier_name"):
        supplier = _party(municipality, actor, row["supplier_name"], row.get("supplier_scheme"),
                          row.get("supplier_id"), False)  # fmt: skip

    def apply(state: dict, new: services.NewRelease) -> None:
        tender = sections.tender_from({
            "title": row["title"], "description": row.get("description"),
            "status": row.get("tender_status") or ("complete" if supplier else "active"),
            "procurement_method": row["procurement_method"],
            "method_details": row.get("method_details"), "main_category": row.get("main_category"),
            "value_amount": row.get("tender_amount"), "currency": currency,
            "tender_start": row.get("tender_start"), "tender_end": row.get("tender_end"),
        }, None, tz=tz, tender_id=process.identifier, procuring_entity=None)  # fmt: skip
        if row.get("number_of_tenderers") is not None:
            tender["numberOfTenderers"] = row["number_of_tenderers"]
        state["tender"] = tender
        if supplier is not None:
            award_id = f"{process.identifier}-A1"
            state["awards"] = [sections.award_from({
                "status": "active", "date": row.get("award_date"),
                "value_amount": row.get("award_amount"), "currency": currency,
            }, None, tz=tz, award_id=award_id,
               suppliers=[services.reference(supplier)])]  # fmt: skip
            if row.get("contract_amount") is not None or row.get("contract_date_signed"):
                state["contracts"] = [sections.contract_from({
                    "award_id": award_id, "status": "active",
                    "value_amount": row.get("contract_amount"), "currency": currency,
                    "date_signed": row.get("contract_date_signed"),
                    "start": row.get("contract_date_signed"), "end": row.get("contract_end"),
                }, None, tz=tz, contract_id=f"{process.identifier}-C1")]  # fmt: skip

    services.change(process, apply, actor=actor, action="contracting.import_row", date=utcnow())
    return process
