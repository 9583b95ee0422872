"""Proposal and support services, without HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participa.consultations.models import Consultation
from participa.core.errors import DomainError
from participa.core.models import AuditEntry
from participa.extensions import db
from participa.moderation import services as moderation
from participa.notifications.models import Notification
from participa.notifications.services import follow, is_following
from participa.proposals import listing, services, supports
from participa.proposals.models import Proposal, Support
from participa.proposals.search import search_proposals
from tests import factories
from tests.consultations.helpers import add_supports, make_consultation, make_proposal
from tests.rows import count_rows

DATA = {
    "title": "Bicisendas en el centro",
    "body": "Construcción de bicisendas seguras en las avenidas principales.",
}


@pytest.fixture(autouse=True)
def _request(app):
    # Services build URLs (notifications) as they would inside a request.
    with app.test_request_context():
        yield


def _reload(obj):
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


# Submitting -------------------------------------------------------------------------------------


def test_submit_counts_indexes_and_follows(municipality, resident):
    consultation = make_consultation(municipality, phase="proposals")
    proposal = services.submit_proposal(consultation, author=resident, data=DATA)
    db.session.commit()
    consultation = _reload(consultation)
    assert (consultation.proposals_count, consultation.participants_count) == (1, 1)
    assert is_following(resident, proposal)
    assert db.session.scalars(search_proposals(db.session, "bicisenda")).all() == [proposal]


@pytest.mark.parametrize("phase", ["information", "supports", "closed", None])
def test_submit_outside_the_proposals_phase_is_refused(municipality, resident, phase):
    consultation = make_consultation(municipality, phase=phase)
    with pytest.raises(DomainError) as exc:
        services.submit_proposal(consultation, author=resident, data=DATA)
    assert exc.value.status == 409 and "proposals phase" in exc.value.message


def test_verified_only_consultations_refuse_unverified_people(municipality, user, resident):
    consultation = make_consultation(municipality, participation="verified")
    with pytest.raises(DomainError) as exc:
        services.submit_proposal(consultation, author=user, data=DATA)
    assert exc.value.status == 403
    assert services.submit_proposal(consultation, author=resident, data=DATA).id


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "ab"}, "title"),
        ({"body": "short"}, "text"),
        ({"latitude": 10.0}, "both"),
        ({"latitude": 91.0, "longitude": 0.0}, "between -90 and 90"),
        ({"latitude": 0.0, "longitude": -181.0}, "between -180 and 180"),
        ({"location_text": "x" * 201}, "place"),
    ],
)
def test_fields_are_validated(municipality, resident, change, message):
    consultation = make_consultation(municipality)
    with pytest.raises(DomainError) as exc:
        services.submit_proposal(consultation, author=resident, data={**DATA, **change})
    assert exc.value.status == 422 and message in exc.value.message.lower()


def test_coordinates_are_stored(municipality, resident):
    consultation = make_consultation(municipality)
    proposal = services.submit_proposal(
        consultation,
        author=resident,
        data={**DATA, "latitude": -38.7183, "longitude": -62.2663, "location_text": "Centro"},
    )
    assert (proposal.latitude, proposal.longitude) == (-38.7183, -62.2663)


# Editing and withdrawing ------------------------------------------------------------------------


def test_edit_within_the_window_and_without_supports(municipality, resident):
    consultation = make_consultation(municipality, proposal_edit_minutes=30)
    proposal = make_proposal(consultation, resident)
    services.edit_proposal(proposal, actor=resident, data={**DATA, "title": "Ciclovías seguras"})
    db.session.commit()
    assert _reload(proposal).title == "Ciclovías seguras" and proposal.edited_at
    assert db.session.scalars(search_proposals(db.session, "CICLOVIA")).all() == [proposal]


def test_edit_after_the_window_is_refused(municipality, resident):
    consultation = make_consultation(municipality, proposal_edit_minutes=30)
    proposal = make_proposal(consultation, resident)
    proposal.created_at = proposal.created_at - timedelta(minutes=31)
    db.session.commit()
    with pytest.raises(DomainError) as exc:
        services.edit_proposal(proposal, actor=resident, data=DATA)
    assert exc.value.status == 409


def test_edit_with_supports_or_by_someone_else_is_refused(municipality, resident, user):
    consultation = make_consultation(municipality)
    proposal = make_proposal(consultation, resident)
    with pytest.raises(DomainError) as exc:
        services.edit_proposal(proposal, actor=user, data=DATA)
    assert exc.value.status == 403
    add_supports(proposal, [user])
    with pytest.raises(DomainError):
        services.edit_proposal(proposal, actor=resident, data=DATA)


def test_withdraw(municipality, resident, user):
    proposal = make_proposal(make_consultation(municipality), resident)
    with pytest.raises(DomainError):
        services.withdraw_proposal(proposal, actor=user)
    services.withdraw_proposal(proposal, actor=resident)
    assert proposal.is_withdrawn
    with pytest.raises(DomainError):
        services.withdraw_proposal(proposal, actor=resident)


# Supports ---------------------------------------------------------------------------------------


def test_support_and_unsupport_update_counts_and_qualification(municipality):
    consultation = make_consultation(municipality, phase="supports", support_threshold=2)
    proposal = make_proposal(consultation)
    first, second = factories.UserFactory(), factories.UserFactory()
    supports.support_proposal(proposal, user=first)
    assert proposal.supports_count == 1 and not proposal.qualifies
    supports.support_proposal(proposal, user=second)
    db.session.commit()
    proposal, consultation = _reload(proposal), _reload(consultation)
    assert proposal.supports_count == 2 and proposal.qualifies
    # The helper-made proposal's author is not counted; the two supporters are.
    assert consultation.supports_count == 2 and consultation.participants_count == 2
    supports.unsupport_proposal(proposal, user=second)
    db.session.commit()
    proposal, consultation = _reload(proposal), _reload(consultation)
    assert proposal.supports_count == 1 and not proposal.qualifies
    assert (consultation.supports_count, consultation.participants_count) == (1, 1)
    assert count_rows(Support) == 1


@pytest.mark.parametrize("phase", ["proposals", "voting", "closed"])
def test_support_outside_the_phase_is_409(municipality, user, phase):
    proposal = make_proposal(make_consultation(municipality, phase=phase))
    with pytest.raises(DomainError) as exc:
        supports.support_proposal(proposal, user=user)
    assert exc.value.status == 409 and "supports phase" in exc.value.message


def test_support_twice_is_409(municipality, user):
    proposal = make_proposal(make_consultation(municipality, phase="supports"))
    supports.support_proposal(proposal, user=user)
    db.session.commit()
    with pytest.raises(DomainError) as exc:
        supports.support_proposal(proposal, user=user)
    assert exc.value.status == 409 and "already support" in exc.value.message
    db.session.rollback()
    assert _reload(proposal).supports_count == 1


def test_support_over_the_limit_is_409(municipality, user):
    consultation = make_consultation(municipality, phase="supports", supports_per_person=2)
    proposals = [make_proposal(consultation) for _ in range(3)]
    supports.support_proposal(proposals[0], user=user)
    supports.support_proposal(proposals[1], user=user)
    assert supports.remaining_supports(user, consultation) == 0
    with pytest.raises(DomainError) as exc:
        supports.support_proposal(proposals[2], user=user)
    assert exc.value.status == 409 and "2 supports" in exc.value.message


def test_support_on_withdrawn_is_409(municipality, user):
    proposal = make_proposal(make_consultation(municipality, phase="supports"), state="withdrawn")
    with pytest.raises(DomainError) as exc:
        supports.support_proposal(proposal, user=user)
    assert exc.value.status == 409 and "withdrawn" in exc.value.message


def test_unsupport_without_support_is_409(municipality, user):
    proposal = make_proposal(make_consultation(municipality, phase="supports"))
    with pytest.raises(DomainError):
        supports.unsupport_proposal(proposal, user=user)


def test_database_refuses_a_second_support(municipality, user):
    proposal = make_proposal(make_consultation(municipality, phase="supports"))
    add_supports(proposal, [user])
    with pytest.raises(IntegrityError):
        add_supports(proposal, [user])
    db.session.rollback()


# Official answers -------------------------------------------------------------------------------


def test_answer_notifies_followers_and_audits(municipality, staff, resident):
    proposal = services.submit_proposal(make_consultation(municipality), author=resident, data=DATA)
    fan = factories.UserFactory()
    follow(fan, proposal)
    db.session.commit()
    services.answer_proposal(proposal, actor=staff, state="accepted", answer="Lo haremos.")
    db.session.commit()
    recipients = set(
        db.session.scalars(
            select(Notification.user_id).where(Notification.event == "official_answer")
        )
    )
    assert recipients == {resident.id, fan.id}
    assert count_rows(AuditEntry, AuditEntry.action == "proposals.answer") == 1
    proposal = _reload(proposal)
    assert proposal.state == "accepted" and proposal.answered_by_id == staff.id


def test_answer_transitions_and_required_details(municipality, staff):
    proposal = make_proposal(make_consultation(municipality))
    with pytest.raises(DomainError) as exc:
        services.answer_proposal(proposal, actor=staff, state="rejected", answer="No.")
    assert exc.value.status == 422 and "reason" in exc.value.message
    with pytest.raises(DomainError) as exc:
        services.answer_proposal(
            proposal, actor=staff, state="implemented", answer="Hecho.", details="Obra terminada"
        )
    assert exc.value.status == 409
    services.answer_proposal(proposal, actor=staff, state="accepted", answer="Sí.")
    with pytest.raises(DomainError):
        services.answer_proposal(proposal, actor=staff, state="implemented", answer="Hecho.")
    services.answer_proposal(
        proposal, actor=staff, state="implemented", answer="Hecho.", details="Inaugurada en marzo"
    )
    assert proposal.state == "implemented"
    withdrawn = make_proposal(make_consultation(municipality), state="withdrawn")
    with pytest.raises(DomainError):
        services.answer_proposal(withdrawn, actor=staff, state="accepted", answer="Sí.")


# Merging ----------------------------------------------------------------------------------------


def test_merge_counts_each_person_once(municipality, staff):
    consultation = make_consultation(municipality, phase="supports", support_threshold=4)
    source, target = make_proposal(consultation), make_proposal(consultation)
    both = [factories.UserFactory() for _ in range(2)]
    only_source = [factories.UserFactory() for _ in range(2)]
    only_target = [factories.UserFactory()]
    add_supports(source, both + only_source)
    add_supports(target, both + only_target)
    consultation.supports_count = 7
    db.session.commit()
    services.merge_proposals(source, target, actor=staff)
    db.session.commit()
    source, target, consultation = _reload(source), _reload(target), _reload(consultation)
    assert target.supports_count == 5 == count_rows(Support, Support.proposal_id == target.id)
    assert target.qualifies
    assert source.supports_count == 0 and source.state == "withdrawn"
    assert source.merged_into_id == target.id
    assert count_rows(Support, Support.proposal_id == source.id) == 0
    assert consultation.supports_count == 5
    assert count_rows(AuditEntry, AuditEntry.action == "proposals.merge") == 1


def test_merge_refuses_other_consultations_and_itself(municipality, staff):
    first = make_proposal(make_consultation(municipality))
    second = make_proposal(make_consultation(municipality))
    with pytest.raises(DomainError):
        services.merge_proposals(first, second, actor=staff)
    with pytest.raises(DomainError):
        services.merge_proposals(first, first, actor=staff)


# Listing and search -----------------------------------------------------------------------------


def _ids(consultation, viewer=None, include_hidden=False, **filters):
    query = listing.listing_query(
        consultation,
        viewer=viewer,
        filters=listing.ListingFilters(**filters),
        include_hidden=include_hidden,
    )
    return [p.id for p in db.session.scalars(query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bicicletas", {"bici"}),
        ("BICICLETA", {"bici"}),
        ("construccion", {"obra"}),
        ("Construcciones", {"obra"}),
        ("árbol", {"verde"}),
        ("arboles plaza", {"verde"}),
        ("ILUMINACIÓN", {"luz"}),
        ("submarino", set()),
        ("!!!", set()),
        ('" OR 1=1 --', set()),
    ],
)
def test_search_ignores_accents_and_case_and_stems(municipality, query, expected):
    consultation = make_consultation(municipality)
    made = {
        "bici": make_proposal(
            consultation,
            title="Estacionamiento para bicicleta",
            body="Un lugar seguro para dejar la bici.",
        ),
        "obra": make_proposal(
            consultation, title="Construcción de veredas", body="Veredas nuevas en el barrio."
        ),
        "verde": make_proposal(
            consultation, title="Árboles en la plaza", body="Plantar especies nativas."
        ),
        "luz": make_proposal(
            consultation, title="Iluminacion del parque", body="Luces LED para la noche."
        ),
    }
    by_id = {p.id: name for name, p in made.items()}
    assert {by_id[i] for i in _ids(consultation, query=query)} == expected


def test_filters_and_sorts(municipality, user):
    consultation = make_consultation(municipality, phase="supports")
    mine = make_proposal(consultation, user, supports_count=1, comments_count=5)
    popular = make_proposal(consultation, supports_count=9, qualifies=True)
    answered = make_proposal(consultation, state="accepted")
    hidden = make_proposal(consultation, hidden_at=mine.created_at)
    add_supports(answered, [user])
    assert _ids(consultation)[:2] == [popular.id, answered.id]
    assert hidden.id not in _ids(consultation)
    assert hidden.id in _ids(consultation, include_hidden=True)
    assert _ids(consultation, viewer=user, mine=True) == [mine.id]
    assert _ids(consultation, viewer=user, supported=True) == [answered.id]
    assert _ids(consultation, mine=True) == []
    assert _ids(consultation, qualifying=True) == [popular.id]
    assert _ids(consultation, state="accepted") == [answered.id]
    assert _ids(consultation, sort="comments")[0] == mine.id
    assert _ids(consultation, sort="newest")[0] == answered.id


def test_random_order_depends_only_on_the_seed(municipality):
    consultation = make_consultation(municipality)
    for n in range(30):
        make_proposal(consultation, title=f"Propuesta {n}")
    first = _ids(consultation, sort="random", seed=12345)
    assert first == _ids(consultation, sort="random", seed=12345)
    assert first != _ids(consultation, sort="random", seed=999)
    assert sorted(first) == sorted(_ids(consultation))


def test_visible_count_excludes_hidden(municipality, moderator):
    consultation = make_consultation(municipality)
    make_proposal(consultation)
    hidden = make_proposal(consultation)
    g.municipality = municipality
    moderation.moderate("proposal", hidden, actor=moderator, action="hide", reason="Spam")
    db.session.commit()
    assert listing.visible_proposals_count(_reload(consultation)) == 1
    assert isinstance(_reload(consultation), Consultation)
    assert isinstance(hidden, Proposal)


def test_withdraw_and_merge_notify_followers(municipality, staff, resident):
    from participa.notifications.models import Notification
    from participa.notifications.services import follow, is_following

    resident.locale = "en"  # notifications are written in each recipient's language
    db.session.commit()
    consultation = make_consultation(municipality, phase="supports")
    author = factories.UserFactory()
    duplicate = make_proposal(consultation, author=author, title="Más bicisendas")
    kept = make_proposal(consultation, author=factories.UserFactory(), title="Ciclovías")
    follow(resident, duplicate)
    services.merge_proposals(duplicate, kept, actor=staff)
    db.session.commit()
    [merged] = db.session.scalars(
        select(Notification).where(Notification.user_id == resident.id)
    ).all()
    assert merged.event == "state_change" and "Ciclovías" in merged.summary
    assert is_following(resident, db.session.get(Proposal, kept.id))

    other = make_proposal(consultation, author=author, title="Plazas")
    follow(resident, other)
    follow(author, other)
    services.withdraw_proposal(other, actor=author)
    db.session.commit()
    summaries = db.session.scalars(
        select(Notification.summary).where(Notification.user_id == resident.id)
    ).all()
    assert any("withdrawn" in summary for summary in summaries)
    # The author withdrew it: they are not told about their own action.
    assert not db.session.scalars(
        select(Notification).where(Notification.user_id == author.id)
    ).all()


# What the page says about its reader ------------------------------------------------------------


def test_reader_facts_answer_in_one_query_and_only_about_that_person(
    municipality, resident, count_queries
):
    from flask_login import AnonymousUserMixin

    consultation = make_consultation(municipality, phase="supports", supports_per_person=3)
    proposal = make_proposal(consultation)
    other = make_proposal(consultation)
    neighbour = factories.UserFactory()
    add_supports(other, [resident])
    add_supports(proposal, [neighbour])
    follow(neighbour, proposal)
    moderation.report_content("proposal", proposal, reporter=neighbour, reason="spam")
    db.session.flush()
    # As on the page: the proposal, its consultation and the reader are loaded already.
    assert resident.id and proposal.id and proposal.consultation.supports_per_person == 3

    with count_queries() as asked:
        facts = services.reader_facts(resident, proposal)
    assert asked.count == 1, asked.statements
    assert facts == services.ReaderFacts(remaining=2)

    supports.support_proposal(proposal, user=resident)
    follow(resident, proposal)
    moderation.report_content("proposal", proposal, reporter=resident, reason="spam")
    db.session.flush()
    assert services.reader_facts(resident, proposal) == services.ReaderFacts(
        remaining=1, supported=True, reported=True, following=True
    )
    # Each answer is the one its feature gives on its own.
    assert supports.supports_used(resident, consultation) == 2
    assert moderation.has_reported(resident, "proposal", proposal.id)
    assert is_following(resident, proposal)

    with count_queries() as asked:
        facts = services.reader_facts(AnonymousUserMixin(), proposal)
    assert asked.count == 0
    assert facts == services.ReaderFacts(remaining=3)


def test_asking_nothing_or_what_was_answered_runs_no_query(app, resident, count_queries):
    from participa.core.viewer import prefetch

    proposal = make_proposal(make_consultation(factories.MunicipalityFactory()))
    assert resident.id and proposal.id  # loaded before counting
    with app.test_request_context("/"), count_queries() as asked:
        prefetch()
        prefetch(None)
        prefetch(supports.supported_probe(resident, proposal))
        prefetch(supports.supported_probe(resident, proposal))
        assert supports.supports(resident, proposal) is False
    assert asked.count == 1, asked.statements
