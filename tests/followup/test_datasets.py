"""The follow-up dataset: every result of this municipality (the follow-up pages show them all),
none of another, with the status and progress of the latest update."""

from __future__ import annotations

from participa.extensions import db
from participa.followup import services
from tests import factories
from tests.followup.conftest import make_result
from tests.opendata.support import download


def test_results_of_this_municipality(app, client, municipality, other_municipality, staff):
    with app.test_request_context():  # notifying followers builds links
        result = _results(municipality, other_municipality, staff)

    rows = download(client, "followup-results")

    assert [r["title"] for r in rows] == ["Plaza con árboles"]
    row = rows[0]
    assert (row["status"], row["progress"], row["district"]) == ("in_progress", "40", "Centro")
    assert row["source_kind"] == "proposal" and row["source_id"] == str(result.source_id)
    assert float(row["amount"]) == 1500 and row["currency"]
    assert row["last_update_at"] and row["updated_at"]


def _results(municipality, other_municipality, staff):
    result = make_result(municipality, staff, title="Plaza con árboles", district="Centro",
                         amount=1500)  # fmt: skip
    make_result(other_municipality, factories.member(other_municipality, "admin"),
                title="Elsewhere")  # fmt: skip
    services.update_result(result, actor=staff, status="in_progress", progress=40, note="Obras")
    db.session.commit()
    return result
