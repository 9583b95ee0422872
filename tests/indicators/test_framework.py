"""The framework as data: the bundled file, idempotent loading, versions, locale fallback."""

from __future__ import annotations

import copy
import json

import pytest
from sqlalchemy import select

from participa.core.errors import DomainError
from participa.core.models import AuditEntry
from participa.extensions import db
from participa.indicators.framework import (
    current_version,
    load_framework,
    publish_version,
    read_framework_file,
)
from participa.indicators.models import Dimension, FrameworkVersion, Indicator
from tests.indicators.helpers import make_assessment
from tests.rows import count_rows


def test_bundled_file_has_40_indicators_in_three_languages():
    data = read_framework_file()
    assert [d["code"] for d in data["dimensions"]] == ["PAR", "TRA", "DIG", "INN"]
    indicators = [i for d in data["dimensions"] for i in d["indicators"]]
    assert len(indicators) == 40
    assert len({i["code"] for i in indicators}) == 40
    for item in indicators:
        for field in ("name", "question", "evidence"):
            assert all(item[field][lang].strip() for lang in ("es", "en", "pt")), item["code"]
        assert item["source"]


def test_loading_twice_changes_nothing(framework):
    load_framework(read_framework_file())
    db.session.commit()
    assert count_rows(FrameworkVersion) == 1
    assert count_rows(Dimension) == 4
    assert count_rows(Indicator) == 40
    assert current_version().code == "2026.1"


def test_loading_updates_texts_in_place(framework):
    data = read_framework_file()
    data["dimensions"][0]["indicators"][0]["name"]["en"] = "Participation ordinance"
    load_framework(data)
    db.session.commit()
    code = data["dimensions"][0]["indicators"][0]["code"]
    indicator = db.session.scalars(select(Indicator).where(Indicator.code == code)).one()
    assert indicator.name_en == "Participation ordinance"
    assert count_rows(Indicator) == 40


def test_a_malformed_file_is_refused():
    data = read_framework_file()
    broken = copy.deepcopy(data)
    broken["code"] = "latest"
    with pytest.raises(DomainError):
        load_framework(broken)
    repeated = copy.deepcopy(data)
    repeated["dimensions"][1]["indicators"][0]["code"] = "PAR-01"
    with pytest.raises(DomainError):
        load_framework(repeated)


@pytest.mark.parametrize(
    "change,message",
    [(lambda d: d["dimensions"][0]["indicators"][0]["name"].update(pt="N" * 201),
      "the name is longer than 200 characters"),
     (lambda d: d["dimensions"][0]["name"].update(es="D" * 201),
      "the name is longer than 200 characters"),
     (lambda d: d["dimensions"][0]["indicators"][0].update(suggestion="s" * 201),
      "the suggestion is longer than 200 characters"),
     (lambda d: d.update(title={"es": "T" * 201}), "the title is longer than 200 characters")],
)  # fmt: skip
def test_texts_longer_than_their_columns_are_refused(app, change, message):
    # A file is loaded from the command line, with no form: a long name was a traceback on
    # PostgreSQL, and saved whole on SQLite.
    data = read_framework_file()
    change(data)
    with pytest.raises(DomainError) as refused:
        load_framework(data)
    assert message in str(refused.value.message)
    assert count_rows(FrameworkVersion) == 0


def test_texts_follow_the_locale_with_spanish_fallback(app, framework):
    indicator = db.session.scalars(select(Indicator).where(Indicator.code == "PAR-01")).one()
    assert indicator.localized("name", "pt") == "Norma de participação cidadã"
    assert indicator.localized("name", "en") == "Participation regulation"
    indicator.name_pt = ""
    assert indicator.localized("name", "pt") == "Norma de participación ciudadana"
    with app.test_request_context():
        assert indicator.name == "Participation regulation"  # the tests' locale is English


def _new_version(code="2027.1", first_name="New first indicator"):
    data = read_framework_file()
    data["code"] = code
    data["dimensions"][0]["indicators"][0]["name"]["en"] = first_name
    return data


def test_publishing_a_new_version_keeps_old_assessments_on_theirs(framework, municipality):
    old = make_assessment(municipality, period="2026-S1", status="validated", met=5)
    new = load_framework(_new_version(), make_current=True)
    db.session.commit()
    assert current_version().id == new.id
    assert count_rows(FrameworkVersion, FrameworkVersion.is_current.is_(True)) == 1
    db.session.refresh(old)
    assert old.framework_version.code == "2026.1"
    publish_version(framework, actor=None)
    db.session.commit()
    assert current_version().code == "2026.1"
    assert count_rows(AuditEntry, AuditEntry.action == "indicators.publish_framework") >= 2


def test_old_assessment_still_renders_after_a_new_version(client, framework, municipality):
    old = make_assessment(municipality, period="2026-S1", status="validated", met=5)
    load_framework(_new_version(), make_current=True)
    db.session.commit()
    page = client.get(f"/m/villa-norte/indicators/assessments/{old.id}")
    assert page.status_code == 200
    assert "Participation regulation" in page.text and "New first indicator" not in page.text
    assert "2026.1" in page.text
    dashboard = client.get("/m/villa-norte/indicators/")
    assert dashboard.status_code == 200 and "Participation regulation" in dashboard.text
    assert client.get("/indicators/").status_code == 200


def test_new_assessments_answer_the_current_version(client, login, framework, staff):
    load_framework(_new_version(), make_current=True)
    db.session.commit()
    login(staff)
    response = client.post("/m/villa-norte/indicators/assessments/", data={"period": "2027-S1"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"] + "/dimensions/PAR")
    assert "New first indicator" in page.text


def test_cli_loads_a_file_and_publishes(app, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["indicators", "load-framework"])
    assert result.exit_code == 0, result.output
    assert "40 indicators (current)" in result.output
    again = runner.invoke(args=["indicators", "load-framework"])
    assert again.exit_code == 0
    path = tmp_path / "framework.json"
    path.write_text(json.dumps(_new_version("2027.1")), encoding="utf-8")
    loaded = runner.invoke(args=["indicators", "load-framework", str(path)])
    assert "not current" in loaded.output
    db.session.expire_all()
    assert current_version().code == "2026.1"
    published = runner.invoke(args=["indicators", "publish", "2027.1"])
    assert published.exit_code == 0, published.output
    db.session.expire_all()
    assert current_version().code == "2027.1"
    assert runner.invoke(args=["indicators", "publish", "1999.9"]).exit_code != 0
    assert count_rows(Indicator) == 80


def test_admin_page_lists_versions_and_makes_one_current(
    client, login, framework, platform_admin, staff
):
    other = load_framework(_new_version())
    db.session.commit()
    login(staff)
    assert client.get("/indicators/admin/frameworks").status_code == 403
    assert client.post(f"/indicators/admin/frameworks/{other.id}/publish").status_code == 403
    login(platform_admin)
    page = client.get("/indicators/admin/frameworks")
    assert page.status_code == 200 and "2027.1" in page.text and "2026.1" in page.text
    response = client.post(f"/indicators/admin/frameworks/{other.id}/publish")
    assert response.status_code == 302
    db.session.expire_all()
    assert current_version().code == "2027.1"
    assert client.post("/indicators/admin/frameworks/9999/publish").status_code == 404


def test_framework_page_is_public(client, framework):
    page = client.get("/indicators/framework")
    assert page.status_code == 200
    assert "TRA-07" in page.text and "OCDS data published" in page.text


def test_pages_show_indicator_texts_in_the_visitor_language(app, client, framework, monkeypatch):
    monkeypatch.setattr(app.extensions["babel"], "locale_selector", lambda: "pt")
    page = client.get("/indicators/framework")
    assert "Norma de participação cidadã" in page.text
    assert "Participation regulation" not in page.text
