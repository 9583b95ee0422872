"""A NUL character anywhere a visitor can put one is refused with a 400 and a message, before
anything else runs: PostgreSQL can neither store nor compare text holding it."""

from __future__ import annotations

import pytest

from participa.comments.models import Comment
from tests.consultations.helpers import make_consultation, make_proposal
from tests.rows import count_rows

MESSAGE = "null character"


@pytest.mark.parametrize(
    "path",
    [
        "/m/%00/",
        "/search/?q=%00",
        "/search/?q=ok&q=%00",
        "/search/?%00=1",
        "/consultations/?page=%00",
    ],
)
def test_a_nul_in_the_address_or_query_is_refused(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert MESSAGE in response.text


def test_a_nul_in_a_form_is_refused_and_nothing_is_stored(client, login, municipality, resident):
    proposal = make_proposal(make_consultation(municipality))
    login(resident)
    url = f"/m/{municipality.slug}/comments/proposal/{proposal.id}/"
    response = client.post(url, data={"body": "Hola\x00", "alignment": "neutral"})
    assert response.status_code == 400 and MESSAGE in response.text
    assert count_rows(Comment) == 0
    assert client.post(url, data={"body": "Hola", "alignment": "neutral"}).status_code == 302
    assert count_rows(Comment) == 1
