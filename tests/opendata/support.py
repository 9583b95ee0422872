"""Read a municipality's open dataset as its CSV download serves it."""

from __future__ import annotations

import csv
import io


def download(client, name: str, slug: str = "villa-norte") -> list[dict[str, str]]:
    """The rows of ``/m/<slug>/datos/<name>.csv``, as dictionaries."""
    response = client.get(f"/m/{slug}/datos/{name}.csv")
    assert response.status_code == 200, response.status_code
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
