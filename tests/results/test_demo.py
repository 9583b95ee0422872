"""The results dashboard on the demo: the members of every kind, with what they did."""

from __future__ import annotations

from participa.cli import DEMO_PASSWORD
from participa.core.features import load_demo
from participa.extensions import db


def test_the_demo_network_has_results(client):
    load_demo(DEMO_PASSWORD, ("site", "municipalities", "places", "consultations", "legislation"))
    db.session.commit()
    response = client.get("/network/results/?period=all")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Consultations held" in html and "Drafts opened to comment" in html
    assert '<a href="/m/congreso-virtual/results/">' in html
    assert "Legislature" in html and "Association of municipalities" in html
    document = client.get("/network/results/results.json?period=all").get_json()
    held = next(m for m in document["measures"] if m["measure"] == "consultations_held")
    assert held["total"] > 0 and len(held["members"]) >= 4
    assert client.get("/m/congreso-virtual/results/").status_code == 200
