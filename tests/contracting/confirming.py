"""Publishing a stage through its confirmation step, as staff do in the browser."""

from __future__ import annotations

import html
import re

CONFIRM = re.compile(r'name="confirm" value="([0-9a-f]+)"')


def review(client, url: str, data: dict):
    """Post the stage form asking for the confirmation page."""
    return client.post(url, data={**data, "review": "1"})


def publish(client, url: str, data: dict):
    """Review, then confirm with the token the confirmation page carries; the confirm answer."""
    page = review(client, url, data)
    assert page.status_code == 200, page.get_data(as_text=True)[-3000:]
    found = CONFIRM.search(page.get_data(as_text=True))
    assert found, "the confirmation page has a confirm button"
    return client.post(url, data={**data, "confirm": html.unescape(found.group(1))})
