"""Large imports go to the worker when a queue is configured, with a progress page for staff."""

from __future__ import annotations

import json

from sqlalchemy import select

from participa.contracting import background
from participa.contracting.models import ProcurementProcess
from participa.core import jobs
from participa.core.models import BackgroundJob
from participa.extensions import db
from tests.contracting.conftest import IMPORT_PAGE, upload
from tests.contracting.test_import_limits import _package
from tests.rows import count_rows


def test_a_large_file_is_imported_by_the_worker_and_staff_follow_its_progress(
    redis_app, municipality, staff, login, monkeypatch
):
    text = json.dumps(_package(30))
    monkeypatch.setitem(redis_app.config, "CONTRACTING_IMPORT_MAX_BYTES", len(text) // 4)
    client = login(staff, on=redis_app.test_client())
    page = client.get(IMPORT_PAGE).get_data(as_text=True)
    assert "are imported in the background" in page
    response = upload(client, text, "grande.json")
    assert response.status_code == 302 and "/staff/imports/jobs/" in response.location
    with redis_app.app_context():
        record = db.session.scalars(select(BackgroundJob)).one()
        assert record.status == "queued" and record.municipality_id == municipality.id
        # The request did not import.
        assert count_rows(ProcurementProcess) == 0 and jobs.queue_length() == 1
    waiting = client.get(response.location).get_data(as_text=True)
    assert "Waiting to start" in waiting and "Refresh to see the progress" in waiting
    with redis_app.app_context():
        jobs.work(redis_app, burst=True)
    with redis_app.app_context():
        record = db.session.get(BackgroundJob, record.id)
        assert record.status == "done" and record.payload is None
        assert record.done == record.total == 30 and count_rows(ProcurementProcess) == 30
        # A second delivery of the same job imports nothing twice.
        background.run_import(record.id)
        db.session.commit()
        assert count_rows(ProcurementProcess) == 30
    done = client.get(response.location).get_data(as_text=True)
    assert "Imported 30 processes and 30 releases." in done and "See what was imported" in done
    assert "Refresh to see the progress" not in done
    assert "grande.json" in client.get(IMPORT_PAGE).get_data(as_text=True)


def test_a_bad_large_file_fails_in_the_worker_with_its_problems_listed(
    redis_app, municipality, staff, login, monkeypatch
):
    package = _package(10)
    package["releases"][3]["ocid"] = "ocds-otro-1"
    text = json.dumps(package)
    monkeypatch.setitem(redis_app.config, "CONTRACTING_IMPORT_MAX_BYTES", 100)
    client = login(staff, on=redis_app.test_client())
    response = upload(client, text, "mal.json")
    with redis_app.app_context():
        jobs.work(redis_app, burst=True)
    page = client.get(response.location).get_data(as_text=True)
    assert "Not imported" in page and "Nothing was imported" in page and "<li>" in page
    assert count_rows(ProcurementProcess) == 0


def test_without_a_queue_the_page_still_refuses_a_large_file(
    app, client, municipality, staff, login, monkeypatch
):
    text = json.dumps(_package(5))
    monkeypatch.setitem(app.config, "CONTRACTING_IMPORT_MAX_BYTES", 100)
    login(staff)
    assert upload(client, text, "grande.json").status_code == 413
    assert count_rows(BackgroundJob) == 0


def test_the_progress_page_belongs_to_its_municipality(
    client, municipality, other_municipality, staff, other_staff, login
):
    record = BackgroundJob(municipality_id=other_municipality.id, kind=background.IMPORT,
                           problems=[], result={})  # fmt: skip
    db.session.add(record)
    db.session.commit()
    login(staff)
    assert (
        client.get(f"/m/villa-norte/contracting/staff/imports/jobs/{record.id}").status_code == 404
    )
    login(other_staff)
    assert (
        client.get(f"/m/otra-ciudad/contracting/staff/imports/jobs/{record.id}").status_code == 200
    )
