"""Integers of any size in paths, query strings and forms: 4xx with a message, never a 500.

SQLite refuses integers of 2**63 or more and PostgreSQL's INTEGER columns stop at 2**31 - 1, so
every integer a visitor can type is bounded once: the ``int`` URL converter, ``core.params`` for
query and hand-parsed form values, ``core.fields`` for form fields.
"""

from __future__ import annotations

import inspect
import re
from decimal import Decimal

import pytest
import wtforms
from flask import g
from werkzeug.exceptions import NotFound
from werkzeug.routing import RequestRedirect

from participa.core import fields as bounded_fields
from participa.core.params import (
    MAX_INT,
    BoundedIntConverter,
    int_arg,
    parse_decimal,
    parse_int,
)
from participa.extensions import db
from tests.english import _english  # noqa: F401 - an autouse fixture
from tests.forms import forms_modules

HUGE = "99999999999999999999"  # above 2**63
JUST_ABOVE = str(MAX_INT + 1)
HUGE_VALUES = [HUGE, JUST_ABOVE, "9" * 5000, "²", "\uff11\uff12"]  # fullwidth "12"


# --- The helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,expected",
    [("12", 12), (" 7 ", 7), ("0", 0), (str(MAX_INT), MAX_INT), (JUST_ABOVE, None),
     (HUGE, None), ("9" * 5000, None), ("²", None), ("١٢", None), ("-1", None), ("", None),
     (None, None), ("1e3", None), ("12abc", None), ("0x10", None)],
)  # fmt: skip
def test_parse_int(raw, expected):
    assert parse_int(raw) == expected


def test_parse_int_with_bounds():
    assert parse_int("-5", min=-10) == -5
    assert parse_int("5", min=6) is None
    assert parse_int("2000", max=1999) is None


@pytest.mark.parametrize(
    "raw,expected",
    [("12,5", Decimal("12.5")), ("1e3", Decimal("1000")), ("NaN", None), ("sNaN", None),
     ("Infinity", None), ("1e999999", None), ("1" * 17, None), ("abc", None), ("", None),
     ("1E-99999", Decimal("0.00")), ("-1E-16384", Decimal("0.00")), ("2.345", Decimal("2.35"))],
)  # fmt: skip
def test_parse_decimal(raw, expected):
    assert parse_decimal(raw) == expected


def test_int_arg(app):
    with app.test_request_context(f"/?a=3&b={HUGE}&c=x&d="):
        assert int_arg("a") == 3
        assert int_arg("d", 5) == 5 and int_arg("missing", 5) == 5
        assert int_arg("b", 1, lenient=True) == 1 and int_arg("c", None, lenient=True) is None
        for name in ("b", "c"):
            with pytest.raises(Exception) as caught:
                int_arg(name)
            assert caught.value.status == 400
            assert "not valid or is too large" in str(caught.value.message)


def test_the_int_converter_is_bounded_everywhere(app):
    assert app.url_map.converters["int"] is BoundedIntConverter
    assert len(_int_routes(app)) > 80
    adapter = app.url_map.bind("localhost")
    for value in (HUGE, JUST_ABOVE, "9" * 5000, "\u0661\u0662"):  # and Arabic-Indic "12"
        for path in (f"/people/{value}", f"/admin/outbox/{value}"):
            with pytest.raises((NotFound, RequestRedirect)):
                adapter.match(path)
    assert adapter.match(f"/people/{MAX_INT}")[1] == {"user_id": MAX_INT}


# --- Every route with an integer in its path -------------------------------------------------

_ARGUMENT = re.compile(r"<(?:(?P<converter>[a-z]+)(?:\((?P<options>[^)]*)\))?:)?(?P<name>\w+)>")


def _fill(rule: str, slug: str, number: str) -> str:
    def value(match: re.Match) -> str:
        converter, options, name = match.group("converter", "options", "name")
        if converter == "int":
            return number
        if converter == "any":
            return options.split(",")[0].strip().strip("'\"")
        return slug if name == "municipality" else "x"

    return _ARGUMENT.sub(value, rule)


def _int_routes(app) -> list[tuple[str, str]]:
    routes = []
    for rule in app.url_map.iter_rules():
        if not any(isinstance(c, BoundedIntConverter) for c in rule._converters.values()):
            continue
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            routes.append((method, rule.rule))
    return routes


@pytest.mark.parametrize("who", ["anonymous", "platform_admin", "municipality_admin"])
def test_every_route_with_an_int_answers_huge_ids_without_a_server_error(
    app, client, login, municipality, platform_admin, staff, who
):
    if who == "platform_admin":
        login(platform_admin)
    elif who == "municipality_admin":
        login(staff)
    routes = _int_routes(app)
    assert len(routes) > 80
    failures = []
    for method, rule in routes:
        for number in (HUGE, JUST_ABOVE):
            url = _fill(rule, municipality.slug, number)
            response = client.open(url, method=method)
            # No rule takes the number: 404, or 405 where a route with a text part matches.
            if response.status_code not in (404, 405):
                failures.append((method, url, response.status_code))
    assert not failures


# --- Query parameters and hand-parsed form values ----------------------------------------------


@pytest.fixture
def request_context(app, municipality):
    with app.test_request_context("/"):
        g.municipality = municipality
        yield


@pytest.fixture
def proposal(municipality, request_context):
    from tests.comments.support import make_proposal

    return make_proposal(municipality)


@pytest.fixture
def draft(municipality, staff, request_context):
    from participa.legislation import services
    from tests.legislation.support import SOURCE, make_draft

    draft = make_draft(municipality, staff=staff)
    services.publish_version(draft, actor=staff, source=SOURCE + "\nArtículo 4.- Nuevo.\n")
    db.session.commit()
    return draft


@pytest.fixture
def process(municipality, staff):
    from participa.contracting import services

    municipality.ocid_prefix = "ocds-213czf"
    db.session.commit()
    from tests.contracting.conftest import TENDER, make_process

    buyer = services.create_party(municipality, actor=staff, data={
        "name": "Obras", "scheme": "AR-CUIT", "identifier": "30999999991",
        "is_public_body": True})  # fmt: skip
    db.session.commit()
    return make_process(municipality, staff, buyer, tender=TENDER)


def _status(client, url: str) -> int:
    return client.get(url).status_code


@pytest.mark.parametrize("value", HUGE_VALUES)
def test_page_parameter_everywhere(client, login, municipality, moderator, platform_admin,
                                   value):  # fmt: skip
    base = f"/m/{municipality.slug}"
    assert _status(client, f"/?page={value}") == 400
    assert _status(client, f"{base}/consultations/?page={value}") == 400
    login(moderator)
    assert _status(client, f"{base}/moderation/?page={value}") == 200  # ignored: first page
    login(platform_admin)
    assert _status(client, f"/admin/outbox/?page={value}") == 400


@pytest.mark.parametrize("value", HUGE_VALUES)
def test_proposal_list_category_and_comment_pages(client, municipality, proposal, value):
    base = f"/m/{municipality.slug}"
    listing = f"{base}/consultations/{proposal.consultation_id}/proposals/"
    assert _status(client, f"{listing}?category={value}") == 200  # an unknown filter is ignored
    detail = f"{base}/proposals/{proposal.id}"
    assert _status(client, f"{detail}?comments_page={value}") == 200


@pytest.mark.parametrize("value", HUGE_VALUES)
def test_contracting_filters_and_api(client, login, municipality, process, staff, value):
    base = f"/m/{municipality.slug}/contracting"
    for name in ("year", "buyer", "supplier"):
        assert _status(client, f"{base}/?{name}={value}") == 200
    assert _status(client, f"{base}/summary?year={value}") == 200
    assert _status(client, f"{base}/api/releases?limit={value}") == 400
    login(staff)
    assert _status(client, f"{base}/staff/processes/{process.id}/tender?rows={value}") == 200


# A tiny exponent was a 500 on PostgreSQL (numeric overflow against a NUMERIC(18, 2) column).
@pytest.mark.parametrize("value", ["1e999999", "-1e999999", "sNaN", "9" * 30, "1E-99999"])
def test_contracting_amount_filters(client, municipality, process, value):
    base = f"/m/{municipality.slug}/contracting"
    assert _status(client, f"{base}/?min={value}&max={value}") == 200


def test_contracting_api_cursor_with_a_huge_id(client, municipality, process):
    import base64

    raw = base64.urlsafe_b64encode(f"2024-01-01T00:00:00+00:00|{HUGE}".encode()).decode()
    response = client.get(f"/m/{municipality.slug}/contracting/api/releases?cursor={raw}")
    assert response.status_code == 400
    assert "cursor is not valid" in response.get_json()["message"]


@pytest.mark.parametrize("year", ["0", "9999", "10000", HUGE])
def test_contracting_year_packages(client, municipality, process, year):
    base = f"/m/{municipality.slug}/contracting/ocds/years/{year}"
    for kind in ("releases", "records"):
        assert _status(client, f"{base}/{kind}.json") == 404


@pytest.mark.parametrize("value", HUGE_VALUES)
def test_legislation_compare_report_and_answers(client, login, municipality, draft, staff,
                                                value):  # fmt: skip
    base = f"/m/{municipality.slug}/legislation/{draft.id}"
    assert _status(client, f"{base}/compare?from={value}&to=2") == 400
    assert _status(client, f"{base}/compare?from=1&to={value}") == 400
    login(staff)
    assert _status(client, f"{base}/report?version={value}") == 404


@pytest.mark.parametrize("value", HUGE_VALUES)
def test_moderation_items_with_a_huge_id(client, login, municipality, moderator, value):
    login(moderator)
    response = client.post(f"/m/{municipality.slug}/moderation/act",
                           data={"items": [f"comment:{value}"], "action": "hide",
                                 "reason": "Spam"})  # fmt: skip
    assert response.status_code == 400
    assert "not valid or is too large" in response.get_data(as_text=True)


@pytest.mark.parametrize("target", ["award:²", "contract:" + HUGE, "award:-1", "award:x"])
def test_amendment_target_with_an_odd_position(client, login, municipality, process, staff,
                                               target):  # fmt: skip
    login(staff)
    url = f"/m/{municipality.slug}/contracting/staff/processes/{process.id}/amendments/new"
    response = client.post(url, data={"target": target, "rationale": "Más superficie"})
    assert response.status_code == 422


# --- Form fields ---------------------------------------------------------------------------


def _all_form_classes() -> list[type[wtforms.Form]]:
    classes = set()
    for module in forms_modules():
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, wtforms.Form) and obj.__module__.startswith("participa."):
                classes.add(obj)
    return sorted(classes, key=lambda c: (c.__module__, c.__qualname__))


def _unbound_fields(form_class) -> list[tuple[str, wtforms.fields.core.UnboundField]]:
    return [(name, value) for name, value in inspect.getmembers(form_class)
            if isinstance(value, wtforms.fields.core.UnboundField)]  # fmt: skip


def test_every_number_field_of_every_form_is_bounded():
    forms = _all_form_classes()
    assert len(forms) > 20
    unbounded = []
    for form_class in forms:
        for name, unbound in _unbound_fields(form_class):
            kind, kwargs = unbound.field_class, unbound.kwargs
            where = f"{form_class.__module__}.{form_class.__qualname__}.{name}"
            if issubclass(kind, wtforms.IntegerField | wtforms.DecimalField):
                if not issubclass(kind, bounded_fields.IntegerField | bounded_fields.DecimalField):
                    unbounded.append(where)
            elif issubclass(kind, wtforms.DateField | wtforms.DateTimeLocalField):
                bounded = bounded_fields.DateField | bounded_fields.DateTimeLocalField
                if not issubclass(kind, bounded):
                    unbounded.append(where)
            elif issubclass(kind, wtforms.FloatField):
                ranges = [v for v in kwargs.get("validators", [])
                          if isinstance(v, wtforms.validators.NumberRange)]  # fmt: skip
                if not any(r.min is not None and r.max is not None for r in ranges):
                    unbounded.append(where)
            elif (
                issubclass(kind, wtforms.SelectFieldBase)
                and kwargs.get("coerce") is int
                and kwargs.get("validate_choice") is False
            ):
                unbounded.append(where)
    # Forms built in functions (rows of a tender) use the names their module imported.
    for form_class in forms:
        module = inspect.getmodule(form_class)
        for name in (
            "IntegerField",
            "DecimalField",
            "FieldList",
            "DateField",
            "DateTimeLocalField",
        ):
            if getattr(module, name, None) not in (None, getattr(bounded_fields, name)):
                unbounded.append(f"{module.__name__}.{name}")
    assert not unbounded


@pytest.mark.parametrize("value", [HUGE, JUST_ABOVE, "-" + HUGE])
def test_staff_form_integer_field_out_of_range_is_a_form_error(
    client, login, municipality, staff, value
):
    login(staff)
    url = f"/m/{municipality.slug}/moderation/settings"
    response = client.post(url, data={"reports_to_hide": value, "new_account_days": "7"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Enter a number from 1 to 100." in page
    assert f'value="{value}"' in page  # the form is kept


@pytest.mark.parametrize("value", [HUGE, JUST_ABOVE])
def test_contracting_settings_integer_fields_out_of_range(client, login, municipality, staff,
                                                          value):  # fmt: skip
    login(staff)
    response = client.post(f"/m/{municipality.slug}/contracting/staff/settings", data={
        "currency": "ARS", "short_tender_days": "20", "award_over_estimate_percent": value,
        "amendment_increase_percent": "20", "new_supplier_days": value,
        "publication_delay_days": "10"})  # fmt: skip
    assert response.status_code == 422
    assert "Enter a number from 1 to 2,147,483,647." in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["sNaN", "NaN", "Infinity", "1e30", "99999999999999999"])
def test_contracting_amount_field_out_of_range(client, login, municipality, staff, value):
    login(staff)
    response = client.post(f"/m/{municipality.slug}/contracting/staff/settings", data={
        "currency": "ARS", "short_tender_days": "20", "award_over_estimate_percent": "20",
        "amendment_increase_percent": "20", "new_supplier_days": "30",
        "publication_delay_days": "10", "non_competitive_threshold": value})  # fmt: skip
    assert response.status_code == 422
    assert "Enter a number from 0 to" in response.get_data(as_text=True)


def test_a_huge_buyer_id_in_the_process_form_is_a_form_error(client, login, municipality, staff):
    municipality.ocid_prefix = "ocds-213czf"
    db.session.commit()
    login(staff)
    response = client.post(f"/m/{municipality.slug}/contracting/staff/processes/new",
                           data={"title": "Obra", "buyer_id": HUGE})  # fmt: skip
    assert response.status_code == 422
    assert "Invalid Choice" in response.get_data(as_text=True)


@pytest.mark.parametrize("index", ["²", "9" * 5000, HUGE])
def test_repeated_rows_with_odd_indices(client, login, municipality, process, staff, index):
    login(staff)
    response = client.post(
        f"/m/{municipality.slug}/contracting/staff/processes/{process.id}/tender",
        data={"title": "Bacheo", "procurement_method": "open", "main_category": "works",
              "currency": "ARS", "status": "active", f"items-{index}-description": "Otro"},
    )  # fmt: skip
    assert response.status_code in (302, 422)


def test_bounded_int_coerce():
    assert bounded_fields.bounded_int("12") == 12 and bounded_fields.bounded_int(5) == 5
    for bad in (HUGE, "", None, "x", 2**40):
        with pytest.raises(ValueError):
            bounded_fields.bounded_int(bad)


@pytest.mark.parametrize(
    "field_class,raw,error",
    [(bounded_fields.DateField, "9999-12-31", True), (bounded_fields.DateField, "0001-01-01", True),
     (bounded_fields.DateField, "2027-03-01", False),
     (bounded_fields.DateTimeLocalField, "9999-12-31T23:00", True),
     (bounded_fields.DateTimeLocalField, "2999-12-31T23:59", False)],
)  # fmt: skip
def test_date_fields_keep_to_years_any_zone_can_store(app, field_class, raw, error):
    from werkzeug.datastructures import MultiDict

    class Form(wtforms.Form):
        day = field_class("Day")

    with app.test_request_context():
        form = Form(MultiDict({"day": raw}))
        assert form.validate() is not error
        if error:
            assert form.day.errors == ["Enter a date between the years 1900 and 2999."]


def test_no_digits_are_trusted_by_isdigit_alone():
    # str.isdigit() accepts "²" (int() then fails: a 500) and digits of any length: values are
    # read with parse_int, or checked with isascii() beside isdigit().
    from pathlib import Path

    package = Path(bounded_fields.__file__).resolve().parents[1]
    trusted = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if ".isdigit()" in line and "isascii()" not in line and not line.lstrip().startswith("#")
    ]
    assert trusted == ["legislation/parsing.py:86"]  # a test of form, never read as a number
