"""Who may do what: the registered actions of the participatory features, actor by actor.

Each row is (action, object builder, actors allowed). The actors are the same for every row:
anonymous visitor, unconfirmed account, confirmed citizen, verified resident, moderator and admin
of this municipality, admin of another municipality and platform admin; builders that make an
object with an author (a comment, an amendment, an account) add that author as one more actor.
The sets are written out on purpose: a new rule, or a changed one, must change this table.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from participa.comments import services as comments
from participa.contracting import services as contracting
from participa.core.authz import can, forget_roles, registered_actions
from participa.db import utcnow
from participa.extensions import db
from participa.legislation import participation
from participa.moderation import blocks as moderation_blocks
from tests import factories
from tests.actors import ACTORS, AD, AN, CI, MO, OA, PA, RE, UN, make_actors
from tests.comments.support import make_consultation as commentable_consultation
from tests.comments.support import make_proposal as commentable_proposal
from tests.consultations.helpers import make_consultation
from tests.legislation.support import articles, make_draft

AU = "author"

EVERYONE = set(ACTORS)
SIGNED_IN = EVERYONE - {AN}
CONFIRMED = SIGNED_IN - {UN}
STAFF = {AD, PA}
NOBODY: set[str] = set()


class World:
    """The municipalities and actors of one test; ``author()`` adds the author actor."""

    def __init__(self, municipality, other_municipality):
        self.municipality = municipality
        self.other_municipality = other_municipality
        self.actors: dict[str, Any] = make_actors(municipality, other_municipality)

    def author(self):
        if AU not in self.actors:
            self.actors[AU] = factories.UserFactory(display_name="Author")
        return self.actors[AU]

    def allowed(self, action: str, obj: Any) -> set[str]:
        forget_roles()  # builders may have asked already; decide afresh
        return {name for name, user in self.actors.items() if can(user, action, obj)}


# Builders call services that build URLs and read ``g.municipality``, as in a request.
pytestmark = pytest.mark.usefixtures("municipality_request")


@pytest.fixture
def world(municipality, other_municipality) -> World:
    return World(municipality, other_municipality)


# --- Object builders ---------------------------------------------------------------------------


def municipality(w: World):
    return w.municipality


def other_municipality(w: World):
    return w.other_municipality


def no_object(w: World):
    return None


def own_account(w: World):
    return w.author()


def proposal_open(w: World):
    return commentable_proposal(w.municipality)


def proposal_comments_closed(w: World):
    consultation = commentable_consultation(w.municipality, comments_enabled=False)
    return commentable_proposal(w.municipality, consultation=consultation)


def proposal_verified_only(w: World):
    consultation = commentable_consultation(w.municipality, participation="verified")
    return commentable_proposal(w.municipality, consultation=consultation)


def proposal_citizen_blocked(w: World):
    moderation_blocks.block_person(
        w.municipality, actor=w.actors[AD], user=w.actors[CI], days=7, reason="Spam"
    )
    db.session.commit()
    return commentable_proposal(w.municipality)


def article_open_draft(w: World):
    return articles(make_draft(w.municipality, staff=w.actors[AD]))[0]


def article_closed_draft(w: World):
    return articles(make_draft(w.municipality, staff=w.actors[AD], status="closed"))[0]


def _comment(w: World, author):
    comment = comments.post_comment(
        "proposal", commentable_proposal(w.municipality), author=author, body="Good idea."
    )
    db.session.commit()
    return comment


def comment_by_author(w: World):
    return _comment(w, w.author())


def comment_by_someone(w: World):
    return _comment(w, factories.UserFactory())


def comment_past_edit_window(w: World):
    comment = _comment(w, w.author())
    comment.created_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    return comment


def comment_hidden(w: World):
    comment = _comment(w, w.author())
    comment.hidden_at = utcnow()
    db.session.commit()
    return comment


def comment_deleted(w: World):
    comment = _comment(w, w.author())
    comments.delete_comment(comment, actor=w.author())
    db.session.commit()
    return comment


def consultation_published(w: World):
    return make_consultation(w.municipality)


def consultation_draft(w: World):
    return make_consultation(w.municipality, status="draft")


def draft_open(w: World):
    return make_draft(w.municipality, staff=w.actors[AD])


def draft_verified_only(w: World):
    return make_draft(w.municipality, staff=w.actors[AD], participation="verified")


def draft_unpublished(w: World):
    return make_draft(w.municipality, staff=w.actors[AD], status="draft")


def draft_closed(w: World):
    return make_draft(w.municipality, staff=w.actors[AD], status="closed")


def _amendment(w: World):
    draft = make_draft(w.municipality, staff=w.actors[AD])
    amendment = participation.propose_amendment(
        draft, articles(draft)[0], author=w.author(), text="Otra redacción.", justification="Mejor."
    )
    db.session.commit()
    return draft, amendment


def amendment_by_author(w: World):
    return _amendment(w)[1]


def amendment_supported(w: World):
    draft, amendment = _amendment(w)
    participation.support_amendment(draft, amendment, supporter=w.actors[CI])
    db.session.commit()
    return amendment


def _process(place, staff, prefix):
    place.ocid_prefix = prefix
    process = contracting.create_process(place, actor=staff, title="Bacheo centro")
    db.session.commit()
    return process


def process(w: World):
    return _process(w.municipality, w.actors[AD], "ocds-213czf")


def other_process(w: World):
    return _process(w.other_municipality, w.actors[OA], "ocds-othr01")


# --- The table -----------------------------------------------------------------------------------

Builder = Callable[[World], Any]


def row(action: str, builder: Builder, allowed: set[str]):
    return pytest.param(action, builder, allowed, id=f"{action}-{builder.__name__}")


TABLE = [
    # Accounts: a person acts on their own account only (None means "mine").
    row("accounts.edit_profile", own_account, {AU}),
    row("accounts.change_email", own_account, {AU}),
    row("accounts.change_password", own_account, {AU}),
    row("accounts.export", own_account, {AU}),
    row("accounts.delete", own_account, {AU}),
    row("accounts.delete", no_object, SIGNED_IN),
    # Comments: signed in (confirmed or not), commentable open, resident where required.
    row("comments.participate", proposal_open, SIGNED_IN),
    row("comments.create", proposal_open, CONFIRMED),
    row("comments.create", proposal_comments_closed, NOBODY),
    row("comments.create", proposal_verified_only, {RE, PA}),
    row("comments.create", proposal_citizen_blocked, CONFIRMED - {CI}),
    row("comments.create", article_open_draft, CONFIRMED),
    row("comments.create", article_closed_draft, NOBODY),
    row("comments.edit", comment_by_author, {AU}),
    row("comments.edit", comment_past_edit_window, NOBODY),
    row("comments.edit", comment_hidden, NOBODY),
    row("comments.delete", comment_by_author, {AU}),
    row("comments.delete", comment_deleted, NOBODY),
    # Consultations and proposals.
    row("consultations.manage_categories", municipality, STAFF),
    row("consultations.manage_categories", other_municipality, {OA, PA}),
    row("proposals.view_hidden", consultation_published, STAFF),
    # Open contracting: the municipality's admins hold the procurement capability.
    row("contracting.procurement", municipality, STAFF),
    row("contracting.procurement", process, STAFF),
    row("contracting.procurement", other_process, {OA, PA}),
    row("contracting.manage", municipality, STAFF),
    row("contracting.manage", process, STAFF),
    # Legislation.
    row("legislation.create", municipality, STAFF),
    row("legislation.create", other_municipality, {OA, PA}),
    row("legislation.manage", draft_open, STAFF),
    row("legislation.manage", draft_unpublished, STAFF),
    row("legislation.decide_amendment", draft_open, STAFF),
    row("legislation.view", draft_open, EVERYONE),
    row("legislation.view", draft_closed, EVERYONE),
    row("legislation.view", draft_unpublished, STAFF),
    row("legislation.view_report", draft_open, STAFF),
    row("legislation.view_report", draft_closed, EVERYONE),
    row("legislation.view_report", draft_unpublished, STAFF),
    row("legislation.participate", draft_open, CONFIRMED),
    row("legislation.participate", draft_verified_only, {RE, PA}),
    row("legislation.participate", draft_unpublished, NOBODY),
    # Who may take part is decided here; the participation period is a state conflict that the
    # service answers with 409 (like supports outside their phase), so a closed draft still
    # passes this check and the vote is refused with "participation has closed".
    row("legislation.participate", draft_closed, CONFIRMED),
    row("legislation.respond", draft_closed, STAFF),
    row("legislation.respond", draft_unpublished, NOBODY),
    row("legislation.withdraw_amendment", amendment_by_author, {AU}),
    row("legislation.withdraw_amendment", amendment_supported, NOBODY),
    # Moderation.
    row("moderation.report", comment_by_someone, CONFIRMED),
    # The report page shows the item: hidden or deleted content is not reported (nor read).
    row("moderation.report", comment_hidden, NOBODY),
    row("moderation.report", comment_deleted, NOBODY),
    row("moderation.appeal", comment_hidden, {AU}),
    row("moderation.moderate", municipality, {MO, AD, PA}),
    row("moderation.moderate", other_municipality, {OA, PA}),
    row("moderation.configure", municipality, STAFF),
    row("moderation.view_log", municipality, EVERYONE),
    # Notifications.
    row("notifications.follow", consultation_published, CONFIRMED),
    row("notifications.follow", consultation_draft, STAFF),
]


@pytest.mark.parametrize(("action", "builder", "allowed"), TABLE)
def test_allowed_matrix(world, action, builder, allowed):
    obj = builder(world)
    assert world.allowed(action, obj) == allowed


# --- Every registered action has a table test ---------------------------------------------------

TESTS = Path(__file__).parent
TABLE_TESTS = [
    TESTS / "core" / "test_authz_table.py",
    TESTS / "test_policy_matrix.py",
    *sorted(TESTS.glob("*/test_policies.py")),
]


def test_every_registered_action_has_a_table_test(app):
    text = "\n".join(path.read_text(encoding="utf-8") for path in TABLE_TESTS)
    missing = [
        action
        for action in registered_actions()
        if f'"{action}"' not in text and f"'{action}'" not in text
    ]
    assert not missing, f"actions without a policy table test: {missing}"
