"""core.viewer.prefetch: the parts of a page that belong to different features (the comment
thread, the follow button, the supports left, the sections of linked features) ask their
questions in one round trip, and each answer equals the question asked alone."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import g
from flask_login import login_user

from participa.comments.models import Comment
from participa.comments.services import thread_for, thread_probe
from participa.consultations import hooks
from participa.core.related import has_linked, linked_probes
from participa.core.viewer import prefetch
from participa.extensions import db
from participa.notifications.services import follow, following_probe, is_following
from participa.proposals.supports import remaining_supports
from tests import factories
from tests.consultations.helpers import add_supports, make_consultation, make_proposal

# A table each part of the consultation page reads about its reader or item.
ASKED = ("supports", "follows", "comments", "procurement_process_links", "attachments")


def _comment(consultation, author, *, pending: bool) -> None:
    db.session.add(
        Comment(
            municipality_id=consultation.municipality_id,
            commentable_type="consultation",
            commentable_id=consultation.id,
            author_id=author.id,
            body="Una opinión",
            pending_review=pending,
        )
    )
    db.session.commit()


@contextmanager
def _reading(app, user, consultation) -> Iterator[None]:
    with app.test_request_context(f"/m/x/consultations/{consultation.id}"):
        g.municipality = consultation.municipality
        if user is not None:
            login_user(user)
        yield


def _answers(user, consultation):
    from flask_login import AnonymousUserMixin

    viewer = user if user is not None else AnonymousUserMixin()
    return (
        thread_for(consultation, "consultation", viewer).total,
        is_following(viewer, consultation),
        remaining_supports(viewer, consultation),
        has_linked("media", "consultation", consultation.id),
        has_linked("contracting", "consultation", consultation.id),
    )


def _probes(user, consultation):
    from flask_login import AnonymousUserMixin

    viewer = user if user is not None else AnonymousUserMixin()
    return (
        thread_probe(consultation, "consultation", viewer),
        following_probe(viewer, consultation),
        *hooks.questions(viewer, consultation),
        *linked_probes("consultation", consultation.id),
    )


def test_the_consultation_page_asks_its_parts_questions_in_one_query(
    client, login, municipality, resident, count_queries
):
    consultation = make_consultation(municipality, phase="supports")
    login(resident)
    url = f"/m/{municipality.slug}/consultations/{consultation.id}"
    client.get(url)
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    asking = {t: [s for s in counter.statements if re.search(rf"\bFROM {t}\b", s)] for t in ASKED}
    together = asking["supports"]
    assert len(together) == 1, counter.statements
    for table, statements in asking.items():
        assert statements == together, table


@pytest.mark.parametrize("who", ["anonymous", "resident", "author", "moderator"])
def test_the_answers_asked_together_equal_the_questions_asked_alone(
    app, municipality, resident, moderator, who
):
    consultation = make_consultation(municipality, phase="supports", supports_per_person=5)
    author = factories.UserFactory()
    _comment(consultation, resident, pending=False)
    _comment(consultation, author, pending=True)  # seen by its author and moderators only
    reader = {"anonymous": None, "resident": resident, "author": author, "moderator": moderator}[
        who
    ]
    if reader is not None:
        follow(reader, consultation)
        add_supports(make_proposal(consultation), [reader])
    db.session.commit()

    with _reading(app, reader, consultation):
        alone = _answers(reader, consultation)
    with _reading(app, reader, consultation):
        prefetch(*_probes(reader, consultation))
        assert g.get("_participa_prefetched"), "asked in advance"
        together = _answers(reader, consultation)
    assert together == alone
    expected_total = {"anonymous": 1, "resident": 1, "author": 2, "moderator": 2}[who]
    signed_in = reader is not None
    assert alone == (expected_total, signed_in, 4 if signed_in else 5, False, False)


def test_a_write_after_the_questions_makes_the_parts_ask_again(app, municipality, resident):
    consultation = make_consultation(municipality)
    with _reading(app, resident, consultation):
        prefetch(*_probes(resident, consultation))
        assert is_following(resident, consultation) is False
        follow(resident, consultation)
        db.session.flush()
        assert is_following(resident, consultation) is True
