"""Helpers for municipality tests: residency requests, census files and images."""

from __future__ import annotations

import io

from PIL import Image

from tests import factories


def residency_request(municipality, user=None, **fields):
    """A residency request of ``user`` (a new confirmed person by default) in ``municipality``."""
    return factories.ResidencyRequestFactory(
        user=user or factories.UserFactory(), municipality_id=municipality.id, **fields
    )


def png_bytes(size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def settings_data(**overrides) -> dict:
    """A valid settings form submission."""
    data = {
        "name": "Villa Norte",
        "region": "Buenos Aires",
        "population": "12000",
        "description": "A *lovely* town.",
        "default_locale": "es",
        "timezone": "America/Argentina/Buenos_Aires",
        "accent_color": "#1d4ed8",
        "contact_email": "info@villanorte.example",
        "contact_phone": "+54 291 555 0000",
        "website": "https://villanorte.example",
        "address": "Plaza Principal 1",
        "ocid_prefix": "ocds-vn1234",
    }
    data.update(overrides)
    return data
