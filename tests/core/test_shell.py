"""core.shell: the page shell's fixed parts are rendered once and reused, while what is the
reader's own, and what changed, still shows on every page."""

from __future__ import annotations

import re

from participa.extensions import db
from tests.consultations.helpers import make_consultation


def _parts(app) -> dict:
    return app.extensions["participa_shell"]


def _nav(page: str, name: str) -> str:
    found = re.search(rf'<nav class="{name}".*?</nav>', page, re.S)
    return found.group(0) if found else ""


def test_a_second_page_reuses_the_parts_rendered_by_the_first(
    app, client, municipality, monkeypatch
):
    url = f"/m/{municipality.slug}/consultations/"
    first = client.get(url).text
    kept = len(_parts(app))
    assert kept >= 5  # head, brand, platform and member navigation, footer
    rendered = []
    original = type(_parts(app)).get_or_render

    def spy(self, key, render):
        return original(self, key, lambda: rendered.append(key[0]) or render())

    monkeypatch.setattr(type(_parts(app)), "get_or_render", spy)
    second = client.get(url).text
    assert rendered == []
    assert len(_parts(app)) == kept
    assert second == first


def test_each_reader_sees_their_own_name_token_and_links(
    app, client, login, municipality, staff, resident
):
    url = f"/m/{municipality.slug}/consultations/"
    anonymous = client.get(url).text
    assert "Log in" in anonymous and "Staff area" not in anonymous
    assert f"next=/m/{municipality.slug}/consultations/" in anonymous
    as_staff = login(staff, on=app.test_client()).get(url).text
    as_resident = login(resident, on=app.test_client()).get(url).text
    assert "Staff area" in _nav(as_staff, "municipality-nav")
    assert "Staff area" not in _nav(as_resident, "municipality-nav")
    assert "Residency" in _nav(as_resident, "municipality-nav")
    assert staff.display_name in as_staff and staff.display_name not in as_resident
    assert resident.display_name in as_resident
    tokens = {
        re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        for page in (as_staff, as_resident)
    }
    assert len(tokens) == 2


def test_the_current_section_and_language_follow_the_page(client, municipality):
    consultation = make_consultation(municipality)
    listing = client.get(f"/m/{municipality.slug}/consultations/").text
    detail = client.get(f"/m/{municipality.slug}/consultations/{consultation.id}").text
    events = client.get(f"/m/{municipality.slug}/events/").text
    assert re.search(r'href="[^"]*/consultations/"\s*aria-current="page"', listing)
    assert re.search(r'href="[^"]*/consultations/"\s*aria-current="page"', detail)
    assert not re.search(r'href="[^"]*/consultations/"\s*aria-current="page"', events)
    assert re.search(r'href="[^"]*/events/"\s*aria-current="page"', events)
    client.post("/language", data={"locale": "es", "next": "/"})
    spanish = client.get(f"/m/{municipality.slug}/consultations/").text
    assert "Saltar al contenido" in spanish and "Skip to content" not in spanish


def test_a_renamed_member_shows_its_new_name_and_colour_at_once(client, municipality):
    url = f"/m/{municipality.slug}/consultations/"
    assert "Villa Norte" in client.get(url).text
    municipality.name = "Villa Norte Grande"
    municipality.accent_color = "#123456"
    municipality.contact_email = "hola@villanorte.example"
    db.session.commit()
    page = client.get(url).text
    brand = re.search(r'class="brand-municipality".*?</a>', page, re.S).group(0)
    assert "Villa Norte Grande" in brand
    assert "v=123456" in page
    assert "mailto:hola@villanorte.example" in page


def test_a_new_logo_shows_at_once_and_a_kept_shell_reads_no_upload(
    client, municipality, staff, count_queries
):
    import io

    from werkzeug.datastructures import FileStorage

    from participa.municipalities import services
    from tests.municipalities.factories_extra import png_bytes

    url = f"/m/{municipality.slug}/consultations/"
    assert "/uploads/" not in client.get(url).text
    logo = FileStorage(io.BytesIO(png_bytes()), filename="logo.png")
    services.update_settings(municipality, actor=staff, data={}, logo=logo)
    db.session.commit()
    token = municipality.logo.token
    assert token in client.get(url).text
    # The shell is kept: its logo is not loaded again with the municipality on each page.
    with count_queries() as again:
        assert token in client.get(url).text
    member = [s for s in again.statements if "FROM municipalities" in s]
    assert member and not [s for s in member if "uploads" in s], member


def test_a_consultations_kept_figures_and_text_show_a_change_at_once(
    app, client, login, municipality, resident
):
    consultation = make_consultation(municipality, body="Primera versión del texto.")
    url = f"/m/{municipality.slug}/consultations/{consultation.id}"
    login(resident)
    first = client.get(url).text
    assert "Primera versión del texto." in first
    assert any(key[0] == "consultations.facts" for key in _parts(app))
    consultation.body = "Segunda versión del texto."
    consultation.supports_count = 4321
    db.session.commit()
    second = client.get(url).text
    assert "Segunda versión del texto." in second and "Primera versión" not in second
    assert "4,321" in second
