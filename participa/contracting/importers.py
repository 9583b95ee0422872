"""Imports: an OCDS release package (JSON), releases in the flattened layout (one CSV, or a zip
of sheets, as Flatten Tool writes them and as the import template is laid out) or the earlier
CSV template of one row per process, checked whole, all or nothing.

Every problem is collected with where it is (release or row, field) and why; when there is any,
nothing is stored and the view answers 422 with the report.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, TypeVar

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from participa.contracting import conflicts, extensions, flat, ocds, parties, sections, services
from participa.contracting.codelists import codes, scheme_for
from participa.contracting.models import ImportBatch, Party, ProcurementProcess, Release
from participa.contracting.validation import field_label, load_schema, release_package_errors
from participa.core import audit
from participa.core.errors import DomainError
from participa.core.params import MAX_DECIMAL, parse_int, within_years, years_message
from participa.core.security import storable, unstorable_message
from participa.db import fit, length_of, utcnow
from participa.extensions import db

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.contracting.ocds import JSON
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)
T = TypeVar("T")
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
        super().__init__(ngettext("Nothing was imported: the file has %(num)s problem.",
                                  "Nothing was imported: the file has %(num)s problems.",
                                  len(problems)))  # fmt: skip


@dataclass
class ImportResult:
    processes: int = 0
    releases: int = 0
    created: list[str] = field(default_factory=list)
    batch: ImportBatch | None = None
    # Organisations whose blank details the import filled in, by OCDS id.
    completed: dict[str, list[str]] = field(default_factory=dict)
    conflicts: int = 0


# progress(phase, done, total): phase "check" while the file is checked, "store" while saved.
Progress = Callable[[str, int, int], None]


def _no_progress(phase: str, done: int, total: int) -> None:
    return None


def file_format(filename: str, content: bytes) -> str:
    """Tell "package", "flat" (flattened releases) and "csv" (one row per process) apart, by
    the file's name and its first bytes."""
    name = (filename or "").lower()
    if name.endswith(".zip") or content.startswith(b"PK\x03\x04"):
        return "flat"
    start = content[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if name.endswith(".json") or (not name.endswith(".csv") and start.startswith(b"{")):
        return "package"
    first_line = content[:4096].splitlines()[:1] or [b""]
    header = next(csv.reader([first_line[0].decode("utf-8", "replace")]), [])
    return "flat" if flat.is_flat_header(header) else "csv"


def import_file(
    municipality: Municipality, *, actor: User | None, filename: str, content: bytes,
    progress: Progress | None = None,
) -> ImportResult:  # fmt: skip
    """Import an uploaded file, choosing the format from its name or first character."""
    progress = progress or _no_progress
    kind = file_format(filename, content)
    if kind == "flat":
        return import_flat(municipality, actor=actor, content=content, filename=filename,
                           progress=progress)  # fmt: skip
    text = _decode(content)
    if kind == "csv":
        return import_csv(municipality, actor=actor, text=text, filename=filename,
                          progress=progress)  # fmt: skip
    return import_release_package(municipality, actor=actor, text=text, filename=filename,
                                  progress=progress)  # fmt: skip


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed([Problem(_("File"), "", _("The file is not UTF-8 text."))])


def _batch(
    municipality: Municipality,
    actor: User | None,
    kind: str,
    filename: str | None,
    **fields: Any,
) -> ImportBatch:
    batch = ImportBatch(
        municipality_id=municipality.id, kind=kind,
        filename=fit(ImportBatch.filename, filename or "") or None,
        created_by_id=getattr(actor, "id", None), **fields,
    )  # fmt: skip
    db.session.add(batch)
    db.session.flush()
    return batch


# Release packages -------------------------------------------------------------------------------


def import_release_package(
    municipality: Municipality, *, actor: User | None, text: str, filename: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:  # fmt: skip
    """Check a release package entirely, then append its releases to their processes."""
    progress = progress or _no_progress
    try:
        package = json.loads(text, parse_constant=_not_json, parse_float=_finite, parse_int=_whole)
    except json.JSONDecodeError as exc:
        raise ImportFailed([Problem(_("File"), "", _(
            "The file is not valid JSON (line %(line)s, column %(col)s: %(msg)s).",
            line=exc.lineno, col=exc.colno, msg=exc.msg))]) from None  # fmt: skip
    except _NotJSON as exc:
        raise ImportFailed([Problem(_("File"), "", _(
            "The file is not valid JSON: %(value)s is not a number JSON allows.",
            value=exc.args[0]))]) from None  # fmt: skip
    except _TooLarge as exc:
        raise ImportFailed([Problem(_("File"), "", _(
            "%(value)s is too large", value=exc.args[0]))]) from None  # fmt: skip
    except RecursionError:
        nested = _("The file nests lists and objects deeper than any release does.")
        raise ImportFailed([Problem(_("File"), "", nested)]) from None
    if not isinstance(package, dict) or not isinstance(package.get("releases"), list):
        raise ImportFailed([Problem(_("File"), "releases", _(
            "This is not an OCDS release package: it needs a list of releases."))])  # fmt: skip
    releases = package["releases"]
    problems = _release_problems(municipality, package, progress)
    envelope = {key: value for key, value in package.items() if key != "releases"}
    problems += [
        Problem(_("Package"), field_label(path), str(_UNSTORABLE)) for path in _unstorable(envelope)
    ]
    declared, pinned, extension_problems = _extensions(package.get("extensions"))
    problems += extension_problems
    if problems:
        raise ImportFailed(problems)
    batch = _batch(
        municipality, actor, "package", filename,
        package_uri=_text(package.get("uri"), 500),
        published_date=_text(package.get("publishedDate"), 40),
        publisher=package.get("publisher") if isinstance(package.get("publisher"), dict) else None,
        license=_text(package.get("license"), 300),
        publication_policy=_text(package.get("publicationPolicy"), 300),
        declared_extensions=declared, extensions=pinned,
    )  # fmt: skip
    return _store(municipality, actor, releases, batch, progress)


def _release_problems(municipality: Municipality, package: JSON, progress: Progress, *,
                      envelope: bool = True) -> list[Problem]:  # fmt: skip
    checked = release_package_errors(package, progress=lambda n, t: progress("check", n, t))
    if not envelope:
        checked = [e for e in checked if e.path[:1] == ("releases",)]
    problems = [
        Problem(_where(e.path), field_label(e.path[2:] if e.path[:1] == ("releases",) else e.path),
                e.message)
        for e in checked
    ]  # fmt: skip
    return problems + _check_releases(municipality, package["releases"])


def import_flat(
    municipality: Municipality, *, actor: User | None, content: bytes,
    filename: str | None = None, progress: Progress | None = None,
) -> ImportResult:  # fmt: skip
    """Read releases in the flattened layout (one CSV or a zip of sheets), check them as a
    release package is checked, then append them to their processes."""
    progress = progress or _no_progress
    limit = current_app.config["CONTRACTING_IMPORT_MAX_FLAT_BYTES"]
    try:
        sheets = flat.read_sheets(content, max_bytes=limit)
    except flat.Unreadable as exc:
        raise ImportFailed([Problem(_("File"), "", str(exc))]) from None
    releases, cells = flat.unflatten(sheets, load_schema("release-schema.json"))
    problems = [
        Problem(_("Sheet %(sheet)s, row %(n)s", sheet=c.sheet, n=c.row), c.column, c.message)
        for c in cells
    ]
    if not releases and not problems:
        problems.append(Problem(_("File"), "", _("The file has no rows.")))
    if problems:
        raise ImportFailed(problems)
    # Only the releases come from the file: there is no package around them to check.
    problems = _release_problems(municipality, {"releases": releases}, progress, envelope=False)
    if problems:
        raise ImportFailed(problems)
    batch = _batch(municipality, actor, "flat", filename)
    return _store(municipality, actor, releases, batch, progress)


_UNSTORABLE = _l(
    "holds a character that cannot be stored (a null character, or half of a character "
    "written as a \\u escape)"
)


class _NotJSON(ValueError):
    """NaN or Infinity: Python reads them, JSON has no such numbers (nor does OCDS)."""


def _not_json(name: str) -> Any:
    raise _NotJSON(name)


class _TooLarge(ValueError):
    """A number past any float (1e400): Python reads it as Infinity, which no database takes."""


def _whole(text: str) -> int:
    # int() refuses more than 4,300 digits with a ValueError of its own (a 500 before).
    if len(text.lstrip("-")) > 40:
        raise _TooLarge(text[:40])
    return int(text)


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _TooLarge(text[:40])
    return value


Path = tuple[str | int, ...]


def _leaves(node: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every value of ``node`` that is neither an object nor a list (or is an empty one), with
    its path."""
    if isinstance(node, dict) and node:
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list) and node:
        for n, value in enumerate(node):
            yield from _leaves(value, (*path, n))
    else:
        yield path, node


def _unstorable(node: Any) -> Iterator[Path]:
    """The paths of the texts (names or values) of ``node`` no database can hold, shown with
    backslash escapes (a page cannot show half a character)."""
    for path, value in _leaves(node):
        names = [step for step in path if isinstance(step, str)]
        if not all(storable(text) for text in [*names, value if isinstance(value, str) else ""]):
            yield tuple(
                step.encode("utf-8", "backslashreplace").decode() if isinstance(step, str)
                else step
                for step in path
            )  # fmt: skip


def _amounts(node: Any) -> Iterator[tuple[Path, Any]]:
    """Every ``amount`` of a release (values, budgets, transactions), with its path."""
    return ((path, value) for path, value in _leaves(node) if path and path[-1] == "amount")


def _text(value: Any, length: int) -> str | None:
    # Package metadata is kept for provenance; what does not fit the column is cut there.
    return str(value)[:length] if isinstance(value, str) and value else None


def _extensions(value: Any) -> tuple[list[str], list[str], list[Problem]]:
    """The declared extension URLs, the URLs to declare again (pinned), and the problems."""
    declared = [url for url in value if isinstance(url, str)] if isinstance(value, list) else []
    pinned, problems = [], []
    for url in declared:
        try:
            pinned.append(extensions.pin(url))
        except extensions.UnpinnedExtension:
            problems.append(Problem(_("Package"), "extensions", _(
                "%(url)s names a branch that keeps changing, not a version; declare a released "
                "version of the extension (a tag such as v1.1.5) instead.", url=url)))  # fmt: skip
    return declared, list(dict.fromkeys(pinned)), problems


def _where(path: tuple[str | int, ...]) -> str:
    if len(path) >= 2 and path[0] == "releases" and isinstance(path[1], int):
        return str(_("Release #%(n)s", n=path[1] + 1))
    return str(_("Package"))


# Columns an imported value must fit (the database refuses longer text on PostgreSQL).
_OCID_MAX = length_of(ProcurementProcess.ocid)
_RELEASE_ID_MAX = length_of(Release.release_id)
_PARTY_ID_MAX = length_of(Party.ocds_id)
_DATE_MAX = length_of(Release.date_text)  # kept exactly as written


def _check_releases(municipality: Municipality, releases: list[Any]) -> list[Problem]:
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
            elif len(ocid) > _OCID_MAX:
                problems.append(Problem(where, "ocid", _too_long(_OCID_MAX)))
        if isinstance(release_id, str):
            if "/" in release_id or "#" in release_id:
                problems.append(Problem(where, "id", _("A release id cannot contain / or #.")))
            if len(release_id) > _RELEASE_ID_MAX:
                problems.append(Problem(where, "id", _too_long(_RELEASE_ID_MAX)))
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
        elif isinstance(release.get("date"), str) and len(release["date"]) > _DATE_MAX:
            problems.append(Problem(where, "date", _too_long(_DATE_MAX)))
        for path in _unstorable(release):
            problems.append(Problem(where, field_label(path), str(_UNSTORABLE)))
        for path, amount in _amounts(release):
            # The lists' money columns hold 16 digits before the point (PostgreSQL refuses more).
            if isinstance(amount, int | float) and abs(amount) > MAX_DECIMAL:
                problems.append(Problem(where, field_label(path), _(
                    "%(value)s is too large", value=str(amount)[:40])))  # fmt: skip
        for entry in release.get("parties") or []:
            party_id = entry.get("id") if isinstance(entry, dict) else None
            if isinstance(party_id, str) and len(party_id) > _PARTY_ID_MAX:
                problems.append(Problem(where, field_label(("parties", "id")),
                                        _too_long(_PARTY_ID_MAX)))  # fmt: skip
    problems += _already_published(seen)
    problems += _owned_elsewhere(municipality, {ocid for ocid, _id in seen})
    return problems


def _too_long(length: int) -> str:
    return str(
        ngettext(
            "is too long (at most %(num)s character)",
            "is too long (at most %(num)s characters)",
            length,
        )
    )


def _chunks(values: list[T], size: int = 500) -> Iterator[list[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _already_published(keys: set[tuple[str, str]]) -> list[Problem]:
    problems = []
    wanted = set(keys)
    for ocids in _chunks(sorted({ocid for ocid, _id in keys})):
        rows = db.session.execute(
            select(Release.ocid, Release.release_id).where(Release.ocid.in_(ocids))
        )
        for ocid, release_id in rows:
            if (ocid, release_id) in wanted:
                problems.append(
                    Problem(
                        _("Release %(id)s", id=release_id),
                        "id",
                        _("A release with this id is already published for %(ocid)s.", ocid=ocid),
                    )
                )
    return problems


def _owned_elsewhere(municipality: Municipality, ocids: set[str]) -> list[Problem]:
    # Prefixes are unique, but data from before that rule may hold such an ocid.
    problems = []
    for chunk in _chunks(sorted(ocids)):
        rows = db.session.scalars(
            select(ProcurementProcess.ocid).where(
                ProcurementProcess.ocid.in_(chunk),
                ProcurementProcess.municipality_id != municipality.id,
            )
        )
        problems += [Problem(ocid, "ocid", _("belongs to another municipality")) for ocid in rows]
    return problems


class _Register:
    """The organisation register as an import meets it: cached, authoritative, reconciled."""

    def __init__(self, municipality: Municipality, batch: ImportBatch | None, result: ImportResult):
        self.municipality, self.batch, self.result = municipality, batch, result
        self.parties: dict[str, Party] = {}
        self.created: set[str] = set()  # met first in this import: later releases update them
        # Imported details already reconciled: (party id, its imported fields).
        self.seen: set[tuple[str, tuple[tuple[str, Any], ...]]] = set()
        self.conflicts: set[int] = set()

    def preload(self, ids: set[str]) -> None:
        for chunk in _chunks(sorted(ids)):
            for party in db.session.scalars(
                services.party_query(self.municipality).where(Party.ocds_id.in_(chunk))
            ):
                self.parties[party.ocds_id] = party

    def meet(self, entry: JSON, seen_at: datetime, ocid: str, release_id: str) -> None:
        party_id = entry["id"]
        party = self.parties.get(party_id)
        if party is None:
            party = parties.party_from_import(self.municipality, entry, seen_at)
            self.parties[party_id] = party
            self.created.add(party_id)
        else:
            fields = parties.imported_fields(entry)
            if party_id in self.created:
                for key, value in fields.items():
                    if value is not None:
                        setattr(party, key, value)
            elif (seen_key := (party_id, tuple(sorted(fields.items())))) not in self.seen:
                self.seen.add(seen_key)
                filled, conflict = conflicts.reconcile(
                    party, fields, batch=self.batch, ocid=ocid, release_id=release_id
                )
                if filled:
                    known = self.result.completed.setdefault(party_id, [])
                    known += [f for f in filled if f not in known]
                if conflict is not None:
                    self.conflicts.add(conflict.id)
        if party.first_seen_at is None or party.first_seen_at > seen_at:
            party.first_seen_at = seen_at


def _date_of(release: JSON) -> datetime:
    moment = ocds.parse_datetime(release["date"])
    assert moment is not None  # _check_releases refused releases without a valid date
    return moment


def _store(
    municipality: Municipality,
    actor: User | None,
    releases: list[JSON],
    batch: ImportBatch,
    progress: Progress,
) -> ImportResult:
    """Append the checked releases; any failure names the release and stores nothing."""
    result = ImportResult(batch=batch)
    register = _Register(municipality, batch, result)
    position = {id(release): n for n, release in enumerate(releases)}
    grouped: dict[str, list[JSON]] = defaultdict(list)
    for release in releases:
        grouped[release["ocid"]].append(release)
    register.preload({e["id"] for r in releases for e in r.get("parties") or []
                      if isinstance(e, dict) and e.get("id")})  # fmt: skip
    existing: dict[str, ProcurementProcess] = {}
    process: ProcurementProcess | None
    for chunk in _chunks(sorted(grouped)):
        for process in db.session.scalars(
            select(ProcurementProcess).where(ProcurementProcess.ocid.in_(chunk))
        ):
            existing[process.ocid] = process
    # One publication moment for the whole import: what harvesters see as new (API since).
    published_at = utcnow()
    prefix = f"{municipality.ocid_prefix}-"
    total, done = len(releases), 0
    progress("store", 0, total)
    for ocid, items in grouped.items():
        items.sort(key=_date_of)
        current = items[0]
        try:
            for release in items:
                current = release
                seen_at = _date_of(release)
                for entry in release.get("parties") or []:
                    if isinstance(entry, dict) and entry.get("id"):
                        register.meet(entry, seen_at, ocid, release["id"])
            process = existing.get(ocid)
            history: list[JSON] | None = None
            if process is None:
                process = ProcurementProcess(
                    municipality_id=municipality.id, ocid=ocid, identifier=ocid[len(prefix):],
                    title=fit(ProcurementProcess.title,
                              (items[-1].get("tender") or {}).get("title") or ocid), data={},
                    red_flags=[],
                )  # fmt: skip
                db.session.add(process)
                db.session.flush()
                result.created.append(ocid)
                history = items  # nothing else to merge with
            for release in items:
                current = release
                row = services.append_release(process, release, _date_of(release), published_at)
                row.import_id = batch.id
                result.releases += 1
            if history is None:
                history = [r.data for r in services.releases_of(process)]
            compiled = services.refresh(process, history)
            process.data = {k: compiled[k] for k in ocds.SECTIONS if k in compiled}
        except ImportFailed:
            raise
        except Exception as exc:  # reported with the release that failed
            logger.exception("import of %s failed at release %s", ocid, current.get("id"))
            where = _("Release #%(n)s (%(id)s)", n=position[id(current)] + 1, id=current.get("id"))
            raise ImportFailed([Problem(where, "", _(
                "could not be stored (%(error)s); nothing was imported.",
                error=_describe(exc)))]) from None  # fmt: skip
        result.processes += 1
        done += len(items)
        progress("store", done, total)
    result.conflicts = len(register.conflicts)
    batch.processes, batch.releases = result.processes, result.releases
    batch.created_processes = len(result.created)
    audit.record("contracting.import", actor=actor, municipality=municipality, target=batch,
                 processes=result.processes, releases=result.releases,
                 completed_parties=result.completed, conflicts=result.conflicts)  # fmt: skip
    return result


def _describe(exc: Exception) -> str:
    if isinstance(exc, DomainError):
        return str(exc.message)
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip().splitlines()[0] if str(original).strip() else ""
    return f"{type(original).__name__}: {text}"[:300]


# CSV template -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    kind: str  # text, number, integer, date, code:<codelist>
    help: Any  # a lazy_gettext string


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


def import_csv(
    municipality: Municipality, *, actor: User | None, text: str, filename: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:  # fmt: skip
    """Check every row of the CSV template, then create one published process per row."""
    progress = progress or _no_progress
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    if not storable(text):
        raise ImportFailed([Problem(_("File"), "", unstorable_message())])
    # newline="": a lone "\r" ends a line, as the csv module expects (else csv.Error, a 500).
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
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
    rows: list[tuple[int, dict[str, Any]]] = []
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
    progress("check", len(rows), len(rows))
    if problems:
        raise ImportFailed(problems)
    batch = _batch(municipality, actor, "csv", filename)
    result = ImportResult(batch=batch)
    progress("store", 0, len(rows))
    for done, (line, parsed) in enumerate(rows, start=1):
        try:
            process = _create_from_row(municipality, actor, parsed, batch, result)
        except DomainError as exc:
            raise ImportFailed([Problem(_("Row %(n)s", n=line), "", str(exc.message))]) from None
        except Exception as exc:  # reported with the row that failed
            logger.exception("CSV import failed at row %s", line)
            raise ImportFailed([Problem(_("Row %(n)s", n=line), "", _(
                "could not be stored (%(error)s); nothing was imported.",
                error=_describe(exc)))]) from None  # fmt: skip
        result.processes += 1
        result.releases += process.release_count
        result.created.append(process.ocid)
        progress("store", done, len(rows))
    batch.processes = batch.created_processes = result.processes
    batch.releases = result.releases
    audit.record("contracting.import", actor=actor, municipality=municipality, target=batch,
                 processes=result.processes, releases=result.releases,
                 conflicts=result.conflicts)  # fmt: skip
    return result


def _parse_row(line: int, row: dict[str, str]) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
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
    for name, length in _TEXT_LENGTHS.items():
        if isinstance(parsed.get(name), str) and len(parsed[name]) > length:
            problems.append(Problem(where, name, _too_long(length)))
    return parsed, problems


# Longest text each column may hold, from the columns it ends up in.
_TEXT_LENGTHS = {
    "title": length_of(ProcurementProcess.title),
    "buyer_name": length_of(Party.name),
    "supplier_name": length_of(Party.name),
    "supplier_scheme": length_of(Party.scheme),
    "supplier_id": length_of(Party.identifier),
}


def _convert(column: Column, raw: str) -> Any:
    if column.kind == "number":
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise ValueError(_("%(value)s is not a number (use digits and a dot for decimals)",
                               value=raw[:40])) from None  # fmt: skip
        if not value.is_finite() or value < 0:
            raise ValueError(_("%(value)s is not a positive number", value=raw[:40]))
        if value > MAX_DECIMAL:
            raise ValueError(_("%(value)s is too large", value=raw[:40]))
        return value
    if column.kind == "integer":
        number = parse_int(raw)
        if number is None and raw.isascii() and raw.isdigit():
            raise ValueError(_("%(value)s is too large", value=raw[:40]))
        if number is None:
            raise ValueError(_("%(value)s is not a whole number", value=raw[:40]))
        return number
    if column.kind == "date":
        try:
            moment = datetime.fromisoformat(raw) if "T" in raw else date.fromisoformat(raw)
        except ValueError:
            raise ValueError(_("%(value)s is not a date (YYYY-MM-DD)", value=raw[:40])) from None
        if not within_years(moment):
            raise ValueError(years_message())
        return moment
    if column.kind.startswith("code:") and raw not in codes(column.kind[5:]):
        raise ValueError(_("%(value)s is not one of the allowed codes", value=raw[:40]))
    return raw


def _party(municipality: Municipality, actor: User | None, name: str, scheme: str | None,
           ident: str | None, public: bool, batch: ImportBatch, result: ImportResult,
           ocid: str) -> Party:  # fmt: skip
    scheme = scheme or (scheme_for(municipality.country) if ident else None) or None
    if scheme and ident:
        found = services.party_by_ocds_id(municipality, f"{scheme}-{ident}")
    else:
        found = db.session.scalars(
            select(Party).where(Party.municipality_id == municipality.id, Party.name == name)
        ).first()
    if found is not None:
        # The register wins; a different name in the file is kept for staff to decide.
        _filled, conflict = conflicts.reconcile(found, {"name": name}, batch=batch, ocid=ocid,
                                                release_id=None)  # fmt: skip
        if conflict is not None:
            result.conflicts += 1
        return found
    return services.create_party(municipality, actor=actor, data={
        "name": name, "scheme": scheme if ident else None, "identifier": ident if scheme else None,
        "is_public_body": public})  # fmt: skip


def _create_from_row(
    municipality: Municipality,
    actor: User | None,
    row: dict[str, Any],
    batch: ImportBatch,
    result: ImportResult,
) -> ProcurementProcess:
    ocid = services.ocid_for(municipality, row["identifier"])
    buyer = _party(municipality, actor, row["buyer_name"], None, None, True, batch, result, ocid)
    process = services.create_process(
        municipality, actor=actor, title=row["title"], description=row.get("description"),
        identifier=row["identifier"], buyer=buyer,
    )  # fmt: skip
    tz, currency = municipality.timezone, row["currency"]
    supplier = None
    if row.get("supplier_name"):
        supplier = _party(municipality, actor, row["supplier_name"], row.get("supplier_scheme"),
                          row.get("supplier_id"), False, batch, result, ocid)  # fmt: skip

    def apply(state: JSON, new: services.NewRelease) -> None:
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
