"""Big imports: refused by the page above a documented size, done whole by the CLI."""

from __future__ import annotations

import copy
import json

import pytest
from jsonschema import _utils as jsonschema_utils
from sqlalchemy import select

from participa.contracting import importers, services
from participa.contracting.models import ImportBatch, Party, ProcurementProcess, Release
from participa.extensions import db
from tests.contracting.conftest import PREFIX, upload, upload_accepted
from tests.contracting.test_import import BASE, PACKAGE
from tests.rows import count_rows


def _package(count: int) -> dict:
    """A release package of ``count`` one-release processes, like the 11,400 of the report."""
    template = PACKAGE["releases"][0]
    releases = []
    for n in range(count):
        release = copy.deepcopy(template)
        release["ocid"] = f"{PREFIX}-IMP-{n:05d}"
        release["id"] = f"IMP-{n:05d}-1"
        releases.append(release)
    return {**{k: v for k, v in PACKAGE.items() if k != "releases"}, "releases": releases}


def _counts() -> tuple[int, int, int, int]:
    return tuple(count_rows(model) for model in (Release, ProcurementProcess, Party, ImportBatch))


# The page ----------------------------------------------------------------------------------------


def test_page_refuses_a_package_above_the_limit_and_offers_the_cli(
    app, client, municipality, staff, login, monkeypatch
):
    text = json.dumps(_package(20))
    monkeypatch.setitem(app.config, "CONTRACTING_IMPORT_MAX_BYTES", len(text) - 1)
    login(staff)
    response = upload(client, text, "package.json")
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "Nothing was imported: this file" in page and "the most this page imports" in page
    assert "flask --app participa contracting import FILE --municipality villa-norte" in page
    assert _counts() == (0, 0, 0, 0)
    # At the limit it imports.
    monkeypatch.setitem(app.config, "CONTRACTING_IMPORT_MAX_BYTES", len(text))
    upload_accepted(client, text, "package.json")


def test_page_refuses_a_csv_above_its_own_limit(app, client, municipality, staff, login,
                                                 monkeypatch):  # fmt: skip
    csv_text = ("identifier,title,buyer_name,procurement_method,currency\n"
                "LED-1,Luminarias,Obras,open,ARS\n")  # fmt: skip
    monkeypatch.setitem(app.config, "CONTRACTING_IMPORT_MAX_CSV_BYTES", 20)
    login(staff)
    response = upload(client, csv_text, "data.csv")
    assert response.status_code == 413
    assert "contracting import FILE" in response.get_data(as_text=True)
    assert _counts() == (0, 0, 0, 0)


def test_page_states_its_limits(client, municipality, staff, login):
    login(staff)
    page = client.get(f"{BASE}/staff/import").get_data(as_text=True)
    assert "This page imports release packages up to 256 kB and CSV files up to 32 kB" in page


def test_file_beyond_the_request_limit_gets_the_same_advice(
    app, client, municipality, staff, login, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    login(staff)
    response = upload(client, b"{" + b" " * 5000 + b"}", "p.json")
    assert response.status_code == 413
    assert "contracting import FILE --municipality villa-norte" in response.get_data(as_text=True)


def test_checking_a_package_does_not_compare_every_pair_of_releases(
    municipality, staff, monkeypatch, app
):
    # jsonschema's uniqueItems on "releases" compares every pair: 11,400 releases made the
    # import outlast the worker. Count the comparisons while a package is checked.
    calls = {"n": 0}
    original = jsonschema_utils.equal

    def counting(one, two):
        calls["n"] += 1
        return original(one, two)

    monkeypatch.setattr(jsonschema_utils, "equal", counting)
    with app.test_request_context():
        importers.import_release_package(municipality, actor=staff,
                                         text=json.dumps(_package(300)))  # fmt: skip
    assert calls["n"] < 3000  # pairwise would be 300 * 299 / 2 = 44,850
    assert count_rows(Release) == 300


# The command ------------------------------------------------------------------------------------


def _invoke(app, path, slug="villa-norte"):
    return app.test_cli_runner().invoke(
        args=["contracting", "import", str(path), "--municipality", slug]
    )


def test_cli_imports_a_big_package_with_progress(app, municipality, tmp_path):
    path = tmp_path / "package.json"
    path.write_text(json.dumps(_package(150)))
    result = _invoke(app, path)
    assert result.exit_code == 0, result.output
    assert "Checking" in result.output and "Importing" in result.output
    assert "Imported 150 processes (150 new) and 150 releases into villa-norte." in result.output
    db.session.expire_all()
    assert _counts()[:2] == (150, 150)
    batch = db.session.scalars(select(ImportBatch)).one()
    assert (batch.kind, batch.filename, batch.releases) == ("package", "package.json", 150)


def test_cli_stores_nothing_when_a_release_fails_and_names_it(
    app, municipality, tmp_path, monkeypatch
):
    path = tmp_path / "package.json"
    path.write_text(json.dumps(_package(5)))
    original, seen = services.refresh, []

    def failing(process, releases):
        seen.append(process.ocid)
        if len(seen) == 4:
            raise RuntimeError("disk full")
        return original(process, releases)

    monkeypatch.setattr(services, "refresh", failing)
    result = _invoke(app, path)
    assert result.exit_code == 1
    assert "Release #4 (IMP-00003-1)" in result.output and "disk full" in result.output
    assert "nothing was imported" in result.output
    db.session.expire_all()
    assert _counts() == (0, 0, 0, 0)


def test_cli_reports_every_problem_of_a_bad_file(app, municipality, tmp_path):
    package = _package(3)
    package["releases"][1]["tender"]["value"]["amount"] = "10.000.000"
    package["releases"][2]["ocid"] = "ocds-zzzzzz-1"
    path = tmp_path / "package.json"
    path.write_text(json.dumps(package))
    result = _invoke(app, path)
    assert result.exit_code == 1
    assert "Nothing was imported: the file has 2 problems." in result.output
    assert "Release #2 · Tender / Value / Amount: must be a number" in result.output
    assert "Release #3 · ocid: ocds-zzzzzz-1 does not start" in result.output
    assert _counts() == (0, 0, 0, 0)


def test_cli_imports_csv_too(app, municipality, tmp_path):
    path = tmp_path / "data.csv"
    path.write_text("identifier,title,buyer_name,procurement_method,currency\n"
                    "LED-1,Luminarias,Obras,open,ARS\n")  # fmt: skip
    result = _invoke(app, path)
    assert result.exit_code == 0, result.output
    assert "Imported 1 processes (1 new) and 1 releases" in result.output


@pytest.mark.parametrize("slug", ["nowhere", ""])
def test_cli_needs_a_known_municipality(app, municipality, tmp_path, slug):
    path = tmp_path / "package.json"
    path.write_text(json.dumps(PACKAGE))
    result = _invoke(app, path, slug)
    assert result.exit_code != 0
    assert "There is no municipality" in result.output


def test_release_and_party_ids_longer_than_the_columns_are_refused(
    client, municipality, staff, login
):
    package = copy.deepcopy(PACKAGE)
    package["releases"][0]["id"] = "x" * 201
    package["releases"][1]["parties"][0]["id"] = "P" * 121
    login(staff)
    response = upload(client, json.dumps(package), "package.json")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Release #1 · id: is too long (at most 200 characters)" in page
    assert "Release #2 · Parties / Identifier: is too long (at most 120 characters)" in page
    assert _counts() == (0, 0, 0, 0)


def test_what_the_database_refuses_mid_import_is_a_problem_not_a_500(
    client, municipality, staff, login, monkeypatch
):
    # An error the checks did not foresee: the import logs it and answers 422. Logging used to
    # read the municipality's slug through the failed session, a second error and a 500.
    original = services.append_release

    def refused(process, release, *args, **kwargs):
        row = original(process, release, *args, **kwargs)
        db.session.add(Party(municipality_id=process.municipality_id))  # no name, no id
        db.session.flush()
        return row

    monkeypatch.setattr(services, "append_release", refused)
    login(staff)
    response = upload(client, json.dumps(PACKAGE), "package.json")
    assert response.status_code == 422
    assert "could not be stored" in response.get_data(as_text=True)
    assert _counts() == (0, 0, 0, 0)
