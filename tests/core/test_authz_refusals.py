"""An action declared with ``Explained`` says why not: ``require`` answers a refusal of state
with its own message and status, one of who with the generic 403, anonymous visitors with login."""

from __future__ import annotations

import pytest
from flask_login import login_user
from werkzeug.exceptions import Forbidden

from participa.core import authz
from participa.core.errors import DomainError

REFUSALS = {
    "allowed": None,
    "too late": DomainError("The window has closed."),
    "not you": DomainError("Only residents.", status=403),
}


@pytest.fixture
def explained(monkeypatch):
    rule = authz.Explained(lambda user, key: REFUSALS[key])
    monkeypatch.setitem(authz._registry, "tests.explained", rule)
    return rule


def test_can_is_true_exactly_when_there_is_no_refusal(app, user, explained):
    with app.test_request_context():
        assert authz.can(user, "tests.explained", "allowed")
        assert not authz.can(user, "tests.explained", "too late")
        assert not authz.can(user, "tests.explained", "not you")


def test_require_raises_the_refusal_of_state_and_a_plain_403_for_who(app, user, explained):
    with app.test_request_context():
        login_user(user)
        authz.require("tests.explained", "allowed")
        with pytest.raises(DomainError) as exc:
            authz.require("tests.explained", "too late")
        assert exc.value is REFUSALS["too late"] and exc.value.status == 409
        with pytest.raises(Forbidden):
            authz.require("tests.explained", "not you")


def test_anonymous_visitors_are_sent_to_login(app, explained):
    with app.test_request_context("/somewhere"):
        with pytest.raises(authz.Redirect) as exc:
            authz.require("tests.explained", "too late")
        assert "/login" in exc.value.response.headers["Location"]
