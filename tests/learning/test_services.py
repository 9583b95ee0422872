"""The learning space's rules: opening, inviting, joining, messages, completing, closing; its
results and the indicator evidence it gives."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from participa.core.errors import DomainError
from participa.core.models import AuditEntry
from participa.db import utcnow
from participa.extensions import db
from participa.indicators.suggestions import suggest_evidence
from participa.learning import services
from participa.learning.models import ExchangeMessage, LearningExchange
from participa.notifications.models import Notification
from tests import factories
from tests.indicators.helpers import indicator
from tests.learning.helpers import make_exchange
from tests.rows import count_rows


def _open(municipality, staff, **fields):
    values = {"kind": "request", "topic": "open_data", "title": "Help with open data",
              "description": "How did you do it?", **fields}  # fmt: skip
    return services.open_exchange(municipality, actor=staff, **values)


def test_open_checks_kind_topic_and_title_and_is_audited(app, municipality, staff):
    with app.test_request_context():
        for bad in ({"kind": "swap"}, {"topic": "cooking"}, {"title": "  "}, {"title": "x" * 201}):
            with pytest.raises(DomainError) as refused:
                _open(municipality, staff, **bad)
            assert refused.value.status == 422
        exchange = _open(municipality, staff)
        db.session.commit()
    assert exchange.status == "open" and exchange.municipality_id == municipality.id
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions == ["learning.open"]


def test_invite_then_the_invited_member_joins(
    app, municipality, other_municipality, staff, other_staff
):
    with app.test_request_context():
        exchange = _open(municipality, staff, invite=other_municipality)
        with pytest.raises(DomainError) as twice:
            services.invite_member(exchange, actor=staff, member=other_municipality)
        assert twice.value.status == 409
        with pytest.raises(DomainError):
            services.invite_member(exchange, actor=staff, member=municipality)
        assert [p.status for p in exchange.participants] == ["invited"]
        services.join(exchange, actor=other_staff, member=other_municipality)
        db.session.commit()
    assert [p.status for p in exchange.participants] == ["joined"]
    assert exchange.status == "in_progress"


def test_join_needs_staff_of_another_member_and_an_active_exchange(
    app, municipality, other_municipality, staff, other_staff
):
    exchange = make_exchange(municipality)
    with app.test_request_context():
        with pytest.raises(DomainError):  # not their staff
            services.join(exchange, actor=staff, member=other_municipality)
        with pytest.raises(DomainError):  # the opener itself
            services.join(exchange, actor=staff, member=municipality)
        services.join(exchange, actor=other_staff, member=other_municipality)
        with pytest.raises(DomainError) as again:
            services.join(exchange, actor=other_staff, member=other_municipality)
        assert again.value.status == 409
    finished = make_exchange(municipality, status="completed")
    with app.test_request_context(), pytest.raises(DomainError) as late:
        services.join(finished, actor=other_staff, member=other_municipality)
    assert late.value.status == 409


def test_messages_from_taking_part_members_notify_the_others(
    app, municipality, other_municipality, staff, other_staff
):
    exchange = make_exchange(municipality, joined=(other_municipality,))
    colleague = factories.member(municipality, "admin")
    stranger = factories.member(factories.MunicipalityFactory(), "admin")
    with app.test_request_context():
        with pytest.raises(DomainError) as outsider:
            services.post_message(exchange, actor=stranger, body="Hola")
        assert outsider.value.status == 403
        with pytest.raises(DomainError):
            services.post_message(exchange, actor=other_staff, body="   ")
        message = services.post_message(exchange, actor=other_staff, body="We used **CKAN**.")
        db.session.commit()
    assert message.member_id == other_municipality.id
    told = set(db.session.scalars(
        select(Notification.user_id).where(Notification.event == "exchange_message")))  # fmt: skip
    assert told == {staff.id, colleague.id}  # not the author, not strangers


def test_complete_needs_an_outcome_and_a_member_that_joined(
    app, municipality, other_municipality, staff, other_staff
):
    alone = make_exchange(municipality)
    with app.test_request_context(), pytest.raises(DomainError) as nobody:
        services.complete(alone, actor=staff, outcome="We learned a lot.")
    assert nobody.value.status == 409
    exchange = make_exchange(municipality, joined=(other_municipality,))
    with app.test_request_context():
        with pytest.raises(DomainError):
            services.complete(exchange, actor=staff, outcome="  ")
        services.complete(exchange, actor=staff, outcome="We published **12 datasets**.")
        db.session.commit()
        with pytest.raises(DomainError) as again:
            services.close(exchange, actor=staff)
        assert again.value.status == 409
        with pytest.raises(DomainError):
            services.post_message(exchange, actor=other_staff, body="Late")
    assert exchange.status == "completed" and exchange.finished_at is not None
    assert db.session.scalar(
        select(Notification.user_id).where(Notification.event == "exchange_completed")
    ) == other_staff.id  # fmt: skip
    assert "learning.complete" in db.session.scalars(select(AuditEntry.action)).all()


def test_close_without_outcome(app, municipality, staff):
    exchange = make_exchange(municipality)
    with app.test_request_context():
        services.close(exchange, actor=staff)
        db.session.commit()
    assert exchange.status == "closed" and exchange.outcome == ""


def test_results_count_completed_exchanges_per_member_and_month(
    app, municipality, other_municipality
):
    third = factories.MunicipalityFactory()
    finished = utcnow().replace(day=3)
    make_exchange(municipality, status="completed", joined=(other_municipality,),
                  finished_at=finished)  # fmt: skip
    make_exchange(municipality, status="completed", joined=(third,), finished_at=finished)
    make_exchange(municipality, status="closed", joined=(third,), finished_at=finished)
    make_exchange(other_municipality, status="in_progress", joined=(municipality,))
    month = date(finished.year, finished.month, 1)
    found = {(r.municipality_id, r.month): r.count for r in services.results()}
    assert found == {(municipality.id, month): 2, (other_municipality.id, month): 1,
                     (third.id, month): 1}  # fmt: skip
    assert {r.measure for r in services.results()} == {"exchanges_completed"}


def test_results_use_a_constant_number_of_queries(app, municipality, count_queries):
    for _ in range(5):
        make_exchange(municipality, status="completed", finished_at=utcnow())
    with count_queries() as counter:
        services.results()
    assert counter.count == 1


def test_evidence_from_exchanges_in_the_network_and_on_their_indicator(
    app, framework, municipality, other_municipality
):
    par02, inn08 = indicator("PAR-02"), indicator("INN-08")
    exchange = make_exchange(
        other_municipality, status="in_progress", joined=(municipality,), indicator_id=par02.id
    )
    with app.test_request_context():
        found = suggest_evidence(municipality, [par02, inn08])
    assert par02.id not in found  # not completed yet
    [network] = found[inn08.id]
    assert network.label.startswith("1 learning exchange")
    assert network.link == f"/m/{municipality.slug}/learning/"
    exchange.status, exchange.finished_at = "completed", utcnow() - timedelta(days=3)
    db.session.commit()
    with app.test_request_context():
        found = suggest_evidence(municipality, [par02, inn08])
    [concerned] = found[par02.id]
    assert concerned.link == f"/m/{other_municipality.slug}/learning/{exchange.id}"
    # An exchange finished long ago proves nothing about the current period.
    exchange.finished_at = utcnow() - timedelta(days=400)
    db.session.commit()
    with app.test_request_context():
        assert suggest_evidence(municipality, [par02, inn08]) == {}


def test_deleting_an_account_keeps_its_messages_anonymised(app, municipality, staff):
    from participa.accounts.privacy import erase_personal_data

    exchange = make_exchange(municipality)
    with app.test_request_context():
        services.post_message(exchange, actor=staff, body="Shared practice")
        db.session.commit()
        erase_personal_data(staff)
        db.session.commit()
    message = db.session.scalars(select(ExchangeMessage)).one()
    assert message.body == "Shared practice"
    assert message.author is None or message.author.is_deleted
    assert count_rows(LearningExchange) == 1
