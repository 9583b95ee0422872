"""A member's radar over the four dimensions against the network median, and the trend of its
score over the rounds, each an SVG beside its data table."""

from __future__ import annotations

import re

from participa.extensions import db
from participa.indicators import dashboards
from tests import factories
from tests.indicators.helpers import answer_of, make_assessment

BASE = "/m/villa-norte/indicators"


def _codes(dimension_prefix, count):
    return {f"{dimension_prefix}-{n:02d}" for n in range(1, count + 1)}


def test_network_medians_take_each_municipalitys_latest_validated_round(
    framework, municipality, other_municipality
):
    third = factories.MunicipalityFactory(name="Tercera")
    make_assessment(municipality, period="2026-S1", status="validated", met=_codes("PAR", 2))
    make_assessment(municipality, period="2026-S2", status="validated", met=_codes("PAR", 4))
    make_assessment(other_municipality, period="2026-S1", status="validated",
                    met=_codes("PAR", 8))  # fmt: skip
    make_assessment(third, period="2026-S1", status="validated", met=_codes("PAR", 6))
    make_assessment(third, period="2026-S2", status="submitted", met=_codes("PAR", 10))
    medians = dashboards.network_medians()
    assert medians["PAR"] == 0.6  # of 0.4, 0.8 and 0.6
    assert medians["TRA"] == 0.0


def test_the_dashboard_shows_the_radar_and_the_trend(
    client, framework, municipality, other_municipality, count_queries
):
    make_assessment(other_municipality, period="2026-S1", status="validated",
                    met=_codes("PAR", 10))  # fmt: skip
    first = make_assessment(municipality, period="2026-S1", status="validated",
                            met=_codes("PAR", 3))  # fmt: skip
    make_assessment(municipality, period="2026-S2", status="validated",
                    met=_codes("PAR", 5) | _codes("DIG", 2))  # fmt: skip
    answer_of(first, "PAR-03").validated_value = False  # the reviewer disagreed then
    db.session.commit()
    with count_queries() as counted:
        page = client.get(BASE + "/").text
    assert "Villa Norte and the network median, per dimension" in page
    assert page.count('<polygon class="radar radar-') == 2
    # The table beside the radar: Villa Norte 50 % in PAR, the median of 50 % and 100 %: 75 %.
    radar_table = page.split("Villa Norte and the network median, per dimension")[-1]
    par_row = radar_table.split('<th scope="row">PAR')[1].split("</tr>")[0]
    assert re.findall(r"<td>([^<]*)</td>", par_row) == ["50%", "75%"]
    assert "Villa Norte: score over the rounds" in page
    trend_table = page.split("Villa Norte: score over the rounds")[-1]
    first_row = trend_table.split('<th scope="row">2026-S1</th>')[1].split("</tr>")[0]
    assert re.findall(r"<td>([^<]*)</td>", first_row)[:2] == ["2 of 40", "3 of 40"]
    assert counted.count < 25, counted.statements
    # The framework's dimensions and indicators are read once, not again for the network medians.
    framework_reads = [
        s
        for s in counted.statements
        if s.startswith(("SELECT indicator_dimensions.", "SELECT indicators."))
    ]
    assert len(framework_reads) == 2, framework_reads


def test_the_staff_list_shows_every_rounds_trend(client, login, framework, municipality, staff):
    make_assessment(municipality, period="2026-S1", status="validated", met=4)
    make_assessment(municipality, period="2026-S2", status="draft", met=6)
    login(staff)
    page = client.get(f"{BASE}/assessments/").text
    assert "Villa Norte: score over the rounds" in page and "<polyline" in page
