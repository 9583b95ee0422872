"""Recomputing every red flag after a settings change stays out of long requests."""

from __future__ import annotations

from participa.contracting import services
from participa.contracting import staff as staff_views
from participa.extensions import db

BASE = "/m/villa-norte/contracting"
SETTINGS = {
    "currency": "ARS", "short_tender_days": "20", "award_over_estimate_percent": "20",
    "amendment_increase_percent": "20", "new_supplier_days": "30",
    "publication_delay_days": "10", "license_url": "https://creativecommons.org/licenses/by/4.0/",
}  # fmt: skip


def test_many_processes_are_recomputed_from_the_command_line(
    app, client, staff, login, process, monkeypatch
):
    monkeypatch.setattr(staff_views, "RECOMPUTE_IN_REQUEST_MAX", 0)

    def too_long(municipality):
        raise AssertionError("recomputed inside the request")

    monkeypatch.setattr(services, "recompute_flags", too_long)
    login(staff)
    response = client.post(f"{BASE}/staff/settings", data=SETTINGS, follow_redirects=True)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "flask --app participa contracting recompute-flags --municipality villa-norte" in page
    db.session.expire_all()
    assert services.settings_for(process.municipality).short_tender_days == 20


def test_few_processes_are_recomputed_at_once(client, staff, login, process):
    login(staff)
    response = client.post(f"{BASE}/staff/settings", data=SETTINGS, follow_redirects=True)
    assert "the red flags recomputed" in response.get_data(as_text=True)


def test_recompute_flags_command(app, municipality, process):
    process.red_flags, process.red_flag_count = ["made_up"], 1
    db.session.commit()
    result = app.test_cli_runner().invoke(
        args=["contracting", "recompute-flags", "--municipality", "villa-norte"]
    )
    assert result.exit_code == 0, result.output
    assert "Red flags recomputed: 1 processes changed in villa-norte." in result.output
    db.session.expire_all()
    assert "made_up" not in db.session.get(type(process), process.id).red_flags
    unknown = app.test_cli_runner().invoke(
        args=["contracting", "recompute-flags", "--municipality", "nowhere"]
    )
    assert unknown.exit_code != 0 and "There is no municipality" in unknown.output
