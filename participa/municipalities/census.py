"""Census lists: parse a CSV of identity document numbers and hash them with a secret key.

The raw identifiers live only in memory while a file is parsed; never stored, never logged.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, insert, select

from participa.core import audit
from participa.core.errors import DomainError
from participa.core.uploads import format_size
from participa.db import utcnow
from participa.extensions import db
from participa.municipalities.models import CensusEntry, Municipality

if TYPE_CHECKING:
    from participa.accounts.models import User

MAX_CENSUS_BYTES = 5 * 1024 * 1024
_STRIP = re.compile(r"[\s.\-]+")
_VALID = re.compile(r"^(?=.*[0-9])[A-Z0-9]{4,20}\Z")


def normalise_document(raw: str | None) -> str:
    """Upper-case and drop spaces, dots and dashes: '12.345.678-k' -> '12345678K'."""
    return _STRIP.sub("", (raw or "").strip()).upper()


def is_valid_document(normalised: str) -> bool:
    """Tell whether a normalised identifier has 4 to 20 letters and digits, one digit at least."""
    return bool(_VALID.match(normalised))


def census_hash(municipality_id: int, normalised: str) -> str:
    """HMAC-SHA256 of ``"<municipality id>:<identifier>"`` keyed with the app's SECRET_KEY."""
    key = current_app.config["SECRET_KEY"].encode()
    message = f"{municipality_id}:{normalised}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise DomainError(_("The file is not a CSV text file."), status=422)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _dialect(text: str) -> type[csv.Dialect]:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def parse_csv(data: bytes) -> tuple[list[str], int]:
    """Return the normalised identifiers of a census CSV and how many rows were invalid."""
    if len(data) > MAX_CENSUS_BYTES:
        size = format_size(MAX_CENSUS_BYTES)
        raise DomainError(_("The file is larger than %(size)s.", size=size), status=413)
    text = _decode(data)
    identifiers: list[str] = []
    invalid = 0
    column = 0
    first = True
    try:
        for row in csv.reader(io.StringIO(text), _dialect(text)):
            cells = [cell.strip() for cell in row]
            if not any(cells):
                continue
            if first:
                first = False
                names = [cell.lower() for cell in cells]
                if "document" in names:
                    column = names.index("document")
                    continue
                if not is_valid_document(normalise_document(cells[0])):
                    continue  # an unnamed header row such as "dni" or "número"
            value = normalise_document(cells[column] if column < len(cells) else "")
            if not value:
                continue
            if is_valid_document(value):
                identifiers.append(value)
            else:
                invalid += 1
    except csv.Error:
        raise DomainError(_("The file could not be read as CSV."), status=422) from None
    if not identifiers:
        raise DomainError(
            _("The file has no valid identifiers: one document number per row is expected."),
            status=422,
        )
    return identifiers, invalid


@dataclass
class CensusReport:
    loaded: int
    duplicates: int
    invalid: int
    claimed: int


def census_count(municipality: Municipality) -> tuple[int, int]:
    """How many census entries the municipality has, and how many are claimed."""
    total, claimed = db.session.execute(
        select(func.count(CensusEntry.id), func.count(CensusEntry.claimed_by_id)).where(
            CensusEntry.municipality_id == municipality.id
        )
    ).one()
    return total, claimed


def load_census(municipality: Municipality, *, actor: User, data: bytes) -> CensusReport:
    """Replace the unclaimed census entries with the identifiers of a CSV file (hashed only)."""
    identifiers, invalid = parse_csv(data)
    hashes: set[str] = set()
    duplicates = 0
    for normalised in identifiers:
        digest = census_hash(municipality.id, normalised)
        if digest in hashes:
            duplicates += 1
        hashes.add(digest)
    db.session.execute(
        delete(CensusEntry).where(
            CensusEntry.municipality_id == municipality.id, CensusEntry.claimed_by_id.is_(None)
        )
    )
    claimed = set(
        db.session.scalars(
            select(CensusEntry.id_hash).where(CensusEntry.municipality_id == municipality.id)
        )
    )
    fresh = [
        {"municipality_id": municipality.id, "id_hash": digest, "created_at": utcnow()}
        for digest in sorted(hashes - claimed)
    ]
    if fresh:
        db.session.execute(insert(CensusEntry), fresh)
    report = CensusReport(
        loaded=len(fresh), duplicates=duplicates, invalid=invalid, claimed=len(hashes & claimed)
    )
    audit.record(
        "municipalities.load_census", actor=actor, municipality=municipality,
        loaded=report.loaded, duplicates=report.duplicates, invalid=report.invalid,
        claimed=report.claimed,
    )  # fmt: skip
    db.session.flush()
    return report
