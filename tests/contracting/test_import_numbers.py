"""Numbers in an imported file that no column can hold are problems shown to staff, not a 500."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import select

from participa.contracting.models import ProcurementProcess
from participa.extensions import db
from tests.contracting.conftest import upload_accepted, upload_refused
from tests.contracting.test_import import PACKAGE

HEADER = (
    "identifier;title;buyer_name;procurement_method;currency;tender_amount;number_of_tenderers\n"
)


@pytest.mark.parametrize(
    "amount,tenderers,message",
    [("1" + "0" * 20, "3", "is too large"), ("2500000", "99999999999999999999", "is too large"),
     ("2500000", "²", "is not a whole number")],
)  # fmt: skip
def test_numbers_too_large_for_the_database(client, municipality, staff, login, amount,
                                            tenderers, message):  # fmt: skip
    login(staff)
    row = f"LED-1;Luminarias;Secretaría de Obras;open;ARS;{amount};{tenderers}\n"
    upload_refused(client, HEADER + row, "import.csv", message)


# Release packages -------------------------------------------------------------------------------


def _package(change) -> str:
    package = copy.deepcopy(PACKAGE)
    change(package["releases"])
    return json.dumps(package)


@pytest.mark.parametrize("amount", [1e20, 10**20, 12345678901234567.5, -1e300])
def test_a_release_amount_too_large_for_the_database(client, municipality, staff, login, amount):
    # A 500 on PostgreSQL (numeric field overflow) before: now a problem on the release's field.
    login(staff)
    text = _package(lambda releases: releases[0]["tender"]["value"].update(amount=amount))
    upload_refused(client, text, "package.json", "Release #1", "is too large")


def test_a_number_past_any_float_is_too_large(client, municipality, staff, login):
    # Python reads 1e400 as Infinity: in the package's publisher (a JSON column) it was a 500 on
    # PostgreSQL, in a release it was stored on SQLite and refused on PostgreSQL.
    login(staff)
    package = copy.deepcopy(PACKAGE)
    package["publisher"]["n"] = 7.5
    text = json.dumps(package).replace("7.5", "1e400")
    upload_refused(client, text, "package.json", "1e400 is too large")


def test_nan_is_not_json(client, municipality, staff, login):
    login(staff)
    text = json.dumps(PACKAGE).replace("10000000", "NaN", 1)
    assert "NaN" in text
    upload_refused(client, text, "package.json", "NaN is not a number JSON allows")


def test_awards_whose_sum_no_column_holds_import_without_a_total(client, municipality, staff,
                                                                 login):  # fmt: skip
    def two_large_awards(releases):
        awards = releases[1]["awards"]
        awards[0]["value"]["amount"] = 9_000_000_000_000_000
        awards.append({**copy.deepcopy(awards[0]), "id": "A2"})

    login(staff)
    upload_accepted(client, _package(two_large_awards), "package.json")
    process = db.session.scalars(select(ProcurementProcess)).one()
    assert process.awarded_amount is None and process.tender_amount == 10_000_000
    assert len(process.compiled["awards"]) == 2


@pytest.mark.parametrize("escape", ["\\ud800", "\\u0000", "\\udfff"])
def test_text_no_database_holds_is_a_problem_not_a_500(client, municipality, staff, login,
                                                        escape):  # fmt: skip
    # JSON escapes reach what forms cannot: a NUL (PostgreSQL refuses it) or half of a
    # character (no UTF-8 at all; a 500 on both engines before).
    login(staff)
    text = json.dumps(PACKAGE).replace("Bacheo", f"Bache{escape}o", 1)
    text = text.replace('"Municipio de Ejemplo"', f'"Municipio{escape}"', 1)
    page = upload_refused(client, text, "package.json", "Release #1")
    assert page.count("holds a character that cannot be stored") == 2


@pytest.mark.parametrize(
    "content,name,message",
    [(b"identifier,title\rbuyer_name,x\n", "x.csv", "These required columns are missing"),
     (b"[" * 100_000 + b"]" * 100_000, "x.json", "nests lists and objects deeper"),
     (b'{"releases": [{"x": ' + b"9" * 5000 + b"}]}", "x.json", "is too large"),
     (HEADER.encode() + b"LED-1;Luz\x00;Obras;open;ARS;1;1\n", "x.csv", "null character")],
)  # fmt: skip
def test_files_python_cannot_read_as_asked_are_problems(client, municipality, staff, login,
                                                         content, name, message):  # fmt: skip
    # A lone carriage return (csv.Error), nesting past Python's stack (RecursionError), an
    # integer of 5,000 digits (int() refuses it): 500s on both engines; a NUL in a CSV cell, on
    # PostgreSQL.
    login(staff)
    upload_refused(client, content, name, message)
