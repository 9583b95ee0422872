"""OCDS codelists read from the bundled CSV files, for select choices and validation.

The CSV titles are English; what people see comes from ``codelist_labels`` in their language.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from participa.contracting.codelist_labels import CURRENCY, currency_name, label

CODELISTS = Path(__file__).parent / "schema" / "codelists"

# Codes deprecated in 1.1 are still in the CSVs; the forms never offer them.
_DEPRECATED_AWARD_CRITERIA = {
    "lowestCost",
    "bestProposal",
    "bestValueToGovernment",
    "singleBidOnly",
}


@cache
def codelist(name: str) -> tuple[tuple[str, str], ...]:
    """The (code, English title) pairs of one codelist, in file order."""
    with (CODELISTS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return tuple((row["Code"], row["Title"]) for row in csv.DictReader(handle))


def codes(name: str) -> frozenset[str]:
    """The codes of one codelist."""
    return frozenset(code for code, _ in codelist(name))


def _currency_choice(code: str) -> str:
    name = currency_name(code)
    return code if name == code else f"{code} · {name}"


def choices(name: str, *, blank: str | None = None) -> list[tuple[str, str]]:
    """Select choices for a codelist in the current language, optionally led by a blank choice."""
    found = [code for code, _title in codelist(name)]
    if name == "awardCriteria":
        found = [c for c in found if c not in _DEPRECATED_AWARD_CRITERIA]
    if name == CURRENCY:
        pairs = [(c, _currency_choice(c)) for c in found]
    else:
        pairs = [(c, label(name, c)) for c in found]
    return ([("", blank)] if blank is not None else []) + pairs


# Identifier schemes from org-id.guide (its list codes) for the countries of the network: the
# tax register, which numbers companies and public bodies alike. Uruguay's RUT has no list
# there yet, so no scheme is guessed for it.
SCHEME_BY_COUNTRY = {
    "AR": "AR-CUIT",
    "BO": "BO-NIT",
    "BR": "BR-CNPJ",
    "CL": "CL-RUT",
    "CO": "CO-NIT",
    "MX": "MX-RFC",
    "PE": "PE-RUC",
    "PY": "PY-RUC",
}
CURRENCY_BY_COUNTRY = {
    "AR": "ARS",
    "BO": "BOB",
    "CL": "CLP",
    "CO": "COP",
    "PY": "PYG",
    "MX": "MXN",
    "UY": "UYU",
    "PE": "PEN",
    "BR": "BRL",
}


def scheme_for(country: str) -> str:
    """The default organisation identifier scheme of a country."""
    return SCHEME_BY_COUNTRY.get((country or "").upper(), "")


def currency_for(country: str) -> str:
    """The default ISO 4217 currency of a country."""
    return CURRENCY_BY_COUNTRY.get((country or "").upper(), "USD")
