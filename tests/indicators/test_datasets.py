"""The indicator self-assessments dataset holds validated assessments only, answer by answer."""

from __future__ import annotations

from tests.indicators.helpers import make_assessment
from tests.opendata.support import download


def test_only_validated_assessments(client, municipality, other_municipality, framework):
    validated = make_assessment(municipality, period="2026-S1", status="validated", met=2)
    make_assessment(municipality, period="2026-S2", status="submitted", met=5)
    make_assessment(municipality, period="2027-S1", status="returned", met=5)
    make_assessment(other_municipality, period="2026-S1", status="validated", met=5)

    rows = download(client, "indicator-assessments")

    assert {r["assessment_id"] for r in rows} == {str(validated.id)}
    assert len(rows) == len(validated.answers) == 40
    yes = [r for r in rows if r["value"] == "true"]
    assert len(yes) == 2 and all(r["evidence_url"].startswith("https://") for r in yes)
    assert {r["period"] for r in rows} == {"2026-S1"}
    assert {r["framework_version"] for r in rows} == {framework.code}
    assert all(r["indicator"] and r["dimension"] and r["updated_at"] for r in rows)
