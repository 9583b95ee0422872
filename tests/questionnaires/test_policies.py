"""Who may prepare, publish, answer, read results and moderate questionnaires (role x action),
another municipality's staff included."""

from __future__ import annotations

import pytest

from participa.core.authz import can
from tests.actors import make_actors
from tests.questionnaires.helpers import make_questionnaire

ACTORS = ["anonymous", "unconfirmed", "citizen", "resident", "moderator", "admin", "other_admin"]
REGISTERED = {"citizen", "resident", "moderator", "admin", "other_admin"}
STAFF = {"admin"}
EVERYONE = set(ACTORS)

TABLE = [
    # action, status, open now, settings, allowed
    ("questionnaires.create", "draft", True, {}, STAFF),
    ("questionnaires.view", "draft", True, {}, STAFF),
    ("questionnaires.view", "published", True, {}, EVERYONE),
    ("questionnaires.respond", "published", True, {}, REGISTERED),
    ("questionnaires.respond", "published", True, {"allow_anonymous": True},
     REGISTERED | {"anonymous"}),
    ("questionnaires.respond", "published", True,
     {"consultation": {"participation": "verified"}}, {"resident"}),
    ("questionnaires.respond", "published", False, {}, set()),  # its phase is over
    ("questionnaires.respond", "draft", True, {}, set()),
    ("questionnaires.edit", "published", True, {}, STAFF),
    ("questionnaires.edit_questions", "draft", True, {}, STAFF),
    ("questionnaires.reorder", "published", True, {}, STAFF),
    ("questionnaires.publish", "draft", True, {}, STAFF),
    ("questionnaires.publish", "published", True, {}, set()),
    ("questionnaires.view_results", "published", True, {}, STAFF),
    ("questionnaires.view_results", "published", True, {"results_public": True}, EVERYONE),
    ("questionnaires.view_results", "published", False, {}, EVERYONE),
    ("questionnaires.view_results", "draft", True, {}, STAFF),
    ("questionnaires.moderate", "published", False, {}, STAFF),
]  # fmt: skip


@pytest.fixture
def actors(municipality, other_municipality):
    return make_actors(municipality, other_municipality, ACTORS)


@pytest.mark.parametrize(("action", "status", "open_now", "settings", "allowed"), TABLE)
def test_questionnaires_table(app, municipality, actors, action, status, open_now, settings,
                              allowed):  # fmt: skip
    questionnaire = make_questionnaire(
        municipality, status=status, open_now=open_now, staff=actors["admin"], **settings
    )
    target = questionnaire.consultation if action == "questionnaires.create" else questionnaire
    with app.test_request_context():
        granted = {name for name, actor in actors.items() if can(actor, action, target)}
    assert granted == allowed


def test_questions_freeze_for_staff_once_answered(app, municipality, staff, user):
    from tests.questionnaires.helpers import answer

    questionnaire = make_questionnaire(municipality, staff=staff)
    with app.test_request_context():
        assert can(staff, "questionnaires.edit_questions", questionnaire)
    answer(questionnaire, user, [0])
    # A new request: decisions are remembered for the length of one (core.authz).
    with app.test_request_context():
        assert not can(staff, "questionnaires.edit_questions", questionnaire)
        assert can(staff, "questionnaires.reorder", questionnaire)
