"""Validate releases and packages against the bundled OCDS 1.1 schema (Draft 4, no network)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT4

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

    from participa.contracting.ocds import JSON

SCHEMA_DIR = Path(__file__).parent / "schema"
RELEASE_SCHEMA = SCHEMA_DIR / "release-schema.json"
SCHEMA_FILES = (
    "release-schema.json",
    "release-package-schema.json",
    "record-package-schema.json",
    "versioned-release-validation-schema.json",
)

_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z", re.IGNORECASE
)
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+\Z")


def is_date_time(value: str) -> bool:
    """Whether ``value`` is an RFC 3339 date-time, as OCDS writes every date."""
    return bool(_DATE_TIME.match(value))


@dataclass(frozen=True)
class SchemaError:
    """One problem found by the validator, in plain language."""

    path: tuple[str | int, ...]
    message: str

    @property
    def field(self) -> str:
        return field_label(self.path)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.path else self.message


@cache
def load_schema(name: str) -> JSON:
    """One bundled schema file, parsed."""
    schema: JSON = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return schema


@cache
def _registry() -> Registry:
    resources = []
    for name in SCHEMA_FILES:
        schema = load_schema(name)
        resources.append((schema["id"], DRAFT4.create_resource(schema)))
    return Registry().with_resources(resources)


def _format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())

    @checker.checks("date-time")
    def _date_time(value: object) -> bool:
        return not isinstance(value, str) or is_date_time(value)

    @checker.checks("uri")
    def _uri(value: object) -> bool:
        return not isinstance(value, str) or bool(_URI.match(value))

    @checker.checks("email")
    def _email(value: object) -> bool:
        return not isinstance(value, str) or "@" in value

    return checker


@cache
def validator(name: str) -> Draft4Validator:
    """A cached Draft 4 validator for one bundled schema, resolving references locally."""
    return Draft4Validator(
        load_schema(name), registry=_registry(), format_checker=_format_checker()
    )


def errors_in(instance: Any, schema: str = "release-schema.json") -> list[SchemaError]:
    """Every schema error in ``instance``, translated, sorted by position."""
    found = [_translate(error) for error in validator(schema).iter_errors(instance)]
    return sorted(found, key=lambda e: [str(p) for p in e.path])


def release_package_errors(
    package: JSON, *, progress: Callable[[int, int], None] | None = None
) -> list[SchemaError]:
    """Schema errors of a release package, its releases checked one at a time.

    The same errors as validating the whole package, except the schema's uniqueItems on
    ``releases``, which jsonschema checks by comparing every pair of releases (minutes for ten
    thousand): importers report repeated release ids themselves. ``progress(done, total)`` is
    called as releases are checked.
    """
    releases = package.get("releases")
    if not isinstance(releases, list) or not releases:
        return errors_in(package, "release-package-schema.json")
    envelope = {**package, "releases": [{}]}
    found = [e for e in errors_in(envelope, "release-package-schema.json")
             if e.path[:1] != ("releases",)]  # fmt: skip
    release_validator = validator("release-schema.json")
    total = len(releases)
    for n, release in enumerate(releases):
        errors = sorted((_translate(e) for e in release_validator.iter_errors(release)),
                        key=lambda e: [str(p) for p in e.path])  # fmt: skip
        found += [SchemaError(("releases", n, *e.path), e.message) for e in errors]
        if progress is not None and ((n + 1) % 100 == 0 or n + 1 == total):
            progress(n + 1, total)
    return found


def release_errors(release: JSON) -> list[SchemaError]:
    """Schema errors of one release, plus the rules the schema cannot express."""
    problems = errors_in(release)
    if isinstance(release.get("id"), str) and "#" in release["id"]:
        problems.append(SchemaError(("id",), str(_l("must not contain the character #"))))
    return problems


def _translate(error: ValidationError) -> SchemaError:
    path = tuple(error.absolute_path)
    kind = error.validator
    if kind == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        path = (*path, missing[0]) if missing else path
        message = _l("is required")
    elif kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        message = _TYPE_MESSAGES.get(
            next((t for t in expected if t != "null"), ""), _l("has the wrong type")
        )
    elif kind == "enum":
        message = _l("is not one of the allowed codes")
    elif kind == "format":
        name = error.validator_value  # the format's name in the schema, always text
        message = (
            _FORMAT_MESSAGES.get(name, _l("has the wrong format"))
            if isinstance(name, str)
            else _l("has the wrong format")
        )
    elif kind in ("minItems", "minLength", "minProperties"):
        message = _l("must not be empty")
    elif kind == "uniqueItems":
        message = _l("contains the same entry twice")
    elif kind == "pattern":
        message = _l("has a format that is not allowed")
    elif kind in ("minimum", "exclusiveMinimum"):
        message = _l("is too small")
    else:
        message = _l("is not valid (%(detail)s)", detail=error.message[:200])
    return SchemaError(path, str(message))


_TYPE_MESSAGES = {
    "number": _l("must be a number"),
    "integer": _l("must be a whole number"),
    "string": _l("must be text"),
    "array": _l("must be a list"),
    "object": _l("must be a group of fields"),
    "boolean": _l("must be yes or no"),
}
_FORMAT_MESSAGES = {
    "date-time": _l("must be a date and time with its time zone"),
    "uri": _l("must be a full web address, such as https://example.org/file.pdf"),
    "email": _l("must be an e-mail address"),
}

# Names of the OCDS fields staff meet in the forms; other keys are shown as they are.
FIELD_LABELS = {
    "ocid": _l("Process identifier (ocid)"),
    "id": _l("Identifier"),
    "date": _l("Date"),
    "tag": _l("Release tags"),
    "initiationType": _l("Initiation type"),
    "parties": _l("Parties"),
    "buyer": _l("Buyer"),
    "planning": _l("Planning"),
    "budget": _l("Budget"),
    "rationale": _l("Rationale"),
    "project": _l("Project"),
    "projectID": _l("Project identifier"),
    "tender": _l("Tender"),
    "title": _l("Title"),
    "description": _l("Description"),
    "status": _l("Status"),
    "value": _l("Value"),
    "amount": _l("Amount"),
    "currency": _l("Currency"),
    "procurementMethod": _l("Procurement method"),
    "procurementMethodDetails": _l("Method details"),
    "procurementMethodRationale": _l("Method rationale"),
    "mainProcurementCategory": _l("Main category"),
    "awardCriteria": _l("Award criteria"),
    "tenderPeriod": _l("Tender period"),
    "enquiryPeriod": _l("Enquiry period"),
    "period": _l("Period"),
    "startDate": _l("Start date"),
    "endDate": _l("End date"),
    "items": _l("Items"),
    "quantity": _l("Quantity"),
    "unit": _l("Unit"),
    "classification": _l("Classification"),
    "scheme": _l("Scheme"),
    "documents": _l("Documents"),
    "documentType": _l("Document type"),
    "url": _l("Web address"),
    "format": _l("Format"),
    "tenderers": _l("Tenderers"),
    "numberOfTenderers": _l("Number of tenderers"),
    "awards": _l("Awards"),
    "suppliers": _l("Suppliers"),
    "contracts": _l("Contracts"),
    "awardID": _l("Award"),
    "dateSigned": _l("Date signed"),
    "implementation": _l("Implementation"),
    "milestones": _l("Milestones"),
    "dueDate": _l("Due date"),
    "dateMet": _l("Date met"),
    "transactions": _l("Payments"),
    "payer": _l("Payer"),
    "payee": _l("Payee"),
    "amendments": _l("Amendments"),
    "name": _l("Name"),
    "identifier": _l("Identifier"),
    "roles": _l("Roles"),
    "address": _l("Address"),
    "contactPoint": _l("Contact point"),
    "email": _l("E-mail"),
    "language": _l("Language"),
    "procuringEntity": _l("Procuring entity"),
}


def field_label(path: Iterable[str | int]) -> str:
    """A readable name for a JSON path: 'Tender / Items #2 / Quantity'."""
    parts: list[str] = []
    for step in path:
        if isinstance(step, int):
            if parts:
                parts[-1] = f"{parts[-1]} #{step + 1}"
            continue
        parts.append(str(FIELD_LABELS.get(step, step)))
    return " / ".join(parts)
