"""Upload limits are stated to people: on the 413 page and next to every file field."""

from __future__ import annotations

import inspect
import io
import re

import pytest
import wtforms
from flask_babel import force_locale

from participa.core.uploads import SizedFileField, format_size, upload_limit
from tests import factories
from tests.consultations.helpers import make_consultation
from tests.english import _english  # noqa: F401 - an autouse fixture
from tests.forms import forms_modules

MB = 1024 * 1024


def test_format_size_is_localized(app):
    with app.test_request_context():
        assert format_size(5 * MB) == "5 MB"
        assert format_size(512 * 1024) == "512 kB"
        assert format_size(int(2.5 * MB)) == "2.5 MB"
    with app.test_request_context(), force_locale("es"):
        assert format_size(int(2.5 * MB)) == "2,5 MB"


def test_upload_limit_never_exceeds_the_request_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 3 * MB)
    assert upload_limit("MAX_IMAGE_BYTES") == 2 * MB
    assert upload_limit(10 * MB) == 3 * MB
    assert upload_limit() == 3 * MB


def test_413_page_states_the_limit(client, login, municipality, staff):
    login(staff)
    too_big = {"file": (io.BytesIO(b"x" * (5 * MB + 10)), "census.csv")}
    response = client.post(
        f"/m/{municipality.slug}/staff/census", data=too_big, content_type="multipart/form-data"
    )
    assert response.status_code == 413
    assert "up to 5 MB at a time" in response.text


def test_413_page_states_the_limit_in_the_readers_language(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", int(2.5 * MB))
    monkeypatch.setattr(app.extensions["babel"], "locale_selector", lambda: "es")
    response = client.post("/language", data={"locale": "x" * int(2.6 * MB)})
    assert response.status_code == 413
    assert "2,5\u00a0MB" in response.text or "2,5 MB" in response.text


def _file_fields():
    for module in forms_modules():
        for _name, form in inspect.getmembers(module, inspect.isclass):
            if not (issubclass(form, wtforms.Form) and form.__module__ == module.__name__):
                continue
            for name, unbound in inspect.getmembers(form):
                if isinstance(unbound, wtforms.fields.core.UnboundField) and issubclass(
                    unbound.field_class, wtforms.FileField
                ):
                    yield f"{form.__module__}.{form.__qualname__}.{name}", unbound.field_class


def test_every_file_field_states_its_size_limit():
    fields = dict(_file_fields())
    assert len(fields) >= 7  # cover, logo, census, evidence, import, image, draft text
    assert not [where for where, kind in fields.items() if not issubclass(kind, SizedFileField)]


def test_upload_forms_show_their_limits(client, login, municipality, staff):
    login(staff)
    base = f"/m/{municipality.slug}"
    consultation = make_consultation(municipality)
    pages = {
        f"{base}/staff/census": "Up to 5 MB.",
        f"{base}/staff/settings": "PNG, JPEG, GIF or WebP. Up to 2 MB.",
        f"{base}/consultations/{consultation.id}/edit": "Up to 2 MB.",
    }
    for url, text in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.text, url
    # The import limit has its own setting: whatever it is, the field's help states it.
    page = client.get(f"{base}/contracting/staff/import").text
    assert re.search(r'<p class="help" id="file-help">[^<]*Up to [\d.,]+\s?[kM]B\.</p>', page)


def test_proposal_form_shows_the_image_limit(client, login, municipality):
    resident = factories.member(municipality, "resident")
    login(resident)
    consultation = make_consultation(municipality)
    page = client.get(f"/m/{municipality.slug}/consultations/{consultation.id}/proposals/new")
    assert page.status_code == 200
    assert "Optional. PNG, JPEG, GIF or WebP. Up to 2 MB." in page.text


def test_oversize_image_error_states_the_limit(app, monkeypatch):
    from participa.core.errors import DomainError
    from participa.core.uploads import save_image

    monkeypatch.setitem(app.config, "MAX_IMAGE_BYTES", 512 * 1024)
    with app.test_request_context(), pytest.raises(DomainError) as caught:
        save_image(io.BytesIO(b"x" * (512 * 1024 + 1)))
    assert caught.value.status == 413
    assert str(caught.value.message) == "The image is larger than 512 kB."
