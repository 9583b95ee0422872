"""Census self-verification is limited per account and per document number, not only per client."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participa.extensions import db, limiter
from participa.municipalities.census import census_hash
from participa.municipalities.models import CensusEntry
from tests import factories

URL = "/m/villa-norte/residency/census"


pytestmark = pytest.mark.rate_limits(
    RATELIMIT_CENSUS="10 per hour",
    RATELIMIT_CENSUS_DOCUMENT="10 per hour",
    RATELIMIT_CENSUS_IP="1000 per hour",
)


@pytest.fixture
def census(municipality):
    db.session.add(
        CensusEntry(
            municipality_id=municipality.id, id_hash=census_hash(municipality.id, "11111111")
        )
    )
    db.session.commit()
    return municipality


def _browser(app, login, user):
    return login(user, on=app.test_client())


def _ip(n: int) -> dict:
    return {"REMOTE_ADDR": f"203.0.113.{n}"}


def test_guesses_of_one_account_are_limited_from_any_address(limited_app, login, census):
    guesser = factories.UserFactory()
    browser = _browser(limited_app, login, guesser)
    for n in range(10):
        response = browser.post(URL, data={"document": f"2000000{n}"}, environ_base=_ip(n))
        assert response.status_code == 422, n
    response = browser.post(URL, data={"document": "11111111"}, environ_base=_ip(99))
    assert response.status_code == 429
    assert "too many document numbers" in response.text
    assert "11111111" not in response.text  # the document is never echoed
    claimed = db.session.scalar(select(func.count(CensusEntry.claimed_by_id)))
    assert claimed == 0  # the right number, once limited, verifies nothing
    # Another person is not held back by this account's guesses.
    other = _browser(limited_app, login, factories.UserFactory())
    assert other.post(URL, data={"document": "30000000"}, environ_base=_ip(99)).status_code == 422


def test_guesses_of_one_document_are_limited_across_accounts(limited_app, login, census):
    for n in range(10):
        browser = _browser(limited_app, login, factories.UserFactory())
        response = browser.post(URL, data={"document": "4000-0000"}, environ_base=_ip(n))
        assert response.status_code == 422, n
    browser = _browser(limited_app, login, factories.UserFactory())
    # The same number however it is typed.
    response = browser.post(URL, data={"document": "40.000.000"}, environ_base=_ip(50))
    assert response.status_code == 429
    assert "too many document numbers" in response.text
    # A different number from the same account still gets an answer.
    response = browser.post(URL, data={"document": "11111111"}, environ_base=_ip(50))
    assert response.status_code == 302


def test_census_limit_keys_never_hold_the_document(limited_app, login, census):
    browser = _browser(limited_app, login, factories.UserFactory())
    browser.post(URL, data={"document": "60000000"})
    keys = " ".join(str(key) for key in limiter.storage.storage)
    assert "census:document:" in keys and "60000000" not in keys
