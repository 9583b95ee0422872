"""Consultation services and the current-phase rule, without HTTP."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from participa.consultations import services
from participa.consultations.models import Category, Consultation, Phase
from participa.consultations.phases import current_phase, has_started
from participa.consultations.services import PhaseDates
from participa.core.errors import DomainError
from participa.core.models import AuditEntry
from participa.db import utcnow
from participa.extensions import db
from participa.proposals.models import Proposal
from tests import factories
from tests.consultations.helpers import add_supports, make_consultation, make_proposal
from tests.rows import count_rows

T0 = datetime(2027, 3, 1, tzinfo=UTC)


@dataclass
class P:
    kind: str
    starts_at: datetime
    ends_at: datetime
    position: int = 0


def day(n: int) -> datetime:
    return T0 + timedelta(days=n)


TIMELINE = [
    P("information", day(0), day(10), 0),
    P("proposals", day(10), day(20), 1),
    P("supports", day(25), day(35), 2),
    P("results", day(35), day(40), 4),
]


@pytest.mark.parametrize(
    ("now", "override", "expected"),
    [
        (day(-1), None, None),  # not started
        (day(0), None, "information"),  # start is inclusive
        (day(9), None, "information"),
        (day(10), None, "proposals"),  # end is exclusive: the next phase takes over
        (day(22), None, None),  # a gap between phases
        (day(30), None, "supports"),
        (day(39), None, "results"),
        (day(40), None, "closed"),  # after the last phase
        (day(400), None, "closed"),
        (day(5), "supports", "supports"),  # staff override wins over the dates
        (day(-1), "proposals", "proposals"),
        (day(400), "voting", "voting"),
    ],
)
def test_current_phase_follows_dates_unless_overridden(now, override, expected):
    assert current_phase(TIMELINE, override, now) == expected


def test_current_phase_with_overlapping_phases_prefers_the_latest_start():
    phases = [P("proposals", day(0), day(20), 1), P("supports", day(10), day(30), 2)]
    assert current_phase(phases, None, day(15)) == "supports"
    assert current_phase(phases, None, day(5)) == "proposals"


def test_current_phase_without_phases_is_none_and_ordering_does_not_matter():
    assert current_phase([], None, day(0)) is None
    assert current_phase(list(reversed(TIMELINE)), None, day(12)) == "proposals"
    assert has_started(TIMELINE, day(0)) and not has_started(TIMELINE, day(-1))


def test_archived_consultation_is_closed(municipality):
    consultation = make_consultation(municipality, phase="supports", status="archived")
    assert consultation.current_phase == "closed"


def _phases(start: datetime) -> list[PhaseDates]:
    return [
        PhaseDates("information", start, start + timedelta(days=7)),
        PhaseDates("proposals", start + timedelta(days=7), start + timedelta(days=21)),
        PhaseDates("supports", start + timedelta(days=21), start + timedelta(days=35)),
    ]


def test_create_edit_publish_archive_with_audit(municipality, staff):
    category = services.create_category(municipality, actor=staff, name="Espacios verdes")
    consultation = services.create_consultation(
        municipality, actor=staff,
        data={"title": " Plazas ", "summary": "s", "body": "b", "category_id": category.id,
              "participation": "verified", "supports_per_person": 5, "support_threshold": 50,
              "proposal_edit_minutes": 30, "comments_enabled": True},
        phases=_phases(utcnow() - timedelta(days=10)),
    )  # fmt: skip
    db.session.commit()
    assert consultation.is_draft and consultation.title == "Plazas"
    assert [p.kind for p in consultation.phases] == ["information", "proposals", "supports"]
    assert consultation.current_phase == "proposals"
    services.edit_consultation(consultation, actor=staff, data={"phase_override": "supports"})
    assert consultation.current_phase == "supports"
    services.publish_consultation(consultation, actor=staff)
    assert consultation.is_published and consultation.published_at
    with pytest.raises(DomainError):
        services.publish_consultation(consultation, actor=staff)
    services.archive_consultation(consultation, actor=staff)
    assert consultation.is_archived
    db.session.commit()
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {
        "consultations.create_category", "consultations.create", "consultations.edit",
        "consultations.publish", "consultations.archive",
    } <= actions  # fmt: skip


def test_publish_needs_phases_and_phases_must_be_valid(municipality, staff):
    consultation = services.create_consultation(municipality, actor=staff, data={"title": "X"})
    with pytest.raises(DomainError) as exc:
        services.publish_consultation(consultation, actor=staff)
    assert exc.value.status == 422
    start = utcnow()
    with pytest.raises(DomainError):
        services.edit_consultation(
            consultation, actor=staff, data={}, phases=[PhaseDates("proposals", start, start)]
        )
    with pytest.raises(DomainError):
        services.edit_consultation(consultation, actor=staff, data={}, phases=[
            PhaseDates("proposals", start, start + timedelta(1)),
            PhaseDates("proposals", start, start + timedelta(2))])  # fmt: skip


def test_category_of_another_municipality_is_refused(municipality, other_municipality, staff):
    foreign = Category(municipality_id=other_municipality.id, name="Otra")
    db.session.add(foreign)
    db.session.commit()
    with pytest.raises(DomainError):
        services.create_consultation(
            municipality, actor=staff, data={"title": "X", "category_id": foreign.id}
        )
    services.create_category(municipality, actor=staff, name="Movilidad")
    with pytest.raises(DomainError):
        services.create_category(municipality, actor=staff, name="movilidad")


def test_copy_from_template_copies_structure_and_no_participation(
    municipality, other_municipality, staff, other_staff
):
    category = Category(municipality_id=municipality.id, name="Movilidad")
    db.session.add(category)
    db.session.commit()
    source = make_consultation(
        municipality,
        phase="supports",
        category_id=category.id,
        supports_per_person=3,
        support_threshold=7,
        participation="verified",
        comments_count=4,
    )
    proposal = make_proposal(source)
    add_supports(proposal, [factories.UserFactory()])
    start = datetime(2030, 1, 1, tzinfo=UTC)
    copy = services.copy_from_template(source, other_municipality, actor=other_staff, start=start)
    db.session.commit()
    assert copy.municipality_id == other_municipality.id and copy.is_draft
    assert copy.copied_from_id == source.id
    assert (copy.supports_per_person, copy.support_threshold, copy.participation) == (
        3,
        7,
        "verified",
    )
    assert [p.kind for p in copy.phases] == [p.kind for p in source.phases]
    assert copy.phases[0].starts_at == start
    durations = [p.ends_at - p.starts_at for p in source.phases]
    assert [p.ends_at - p.starts_at for p in copy.phases] == durations
    assert copy.category.name == "Movilidad"
    assert copy.category.municipality_id == other_municipality.id
    assert (copy.proposals_count, copy.supports_count, copy.comments_count) == (0, 0, 0)
    assert count_rows(Proposal, Proposal.consultation_id == copy.id) == 0
    assert count_rows(Phase) == 12


def test_copy_of_a_draft_is_refused(municipality, other_municipality, other_staff):
    draft = make_consultation(municipality, status="draft")
    with pytest.raises(DomainError):
        services.copy_from_template(draft, other_municipality, actor=other_staff)


def test_changing_the_threshold_requalifies_proposals(municipality, staff):
    consultation = make_consultation(municipality, phase="supports", support_threshold=5)
    proposal = make_proposal(consultation, supports_count=3)
    services.edit_consultation(consultation, actor=staff, data={"support_threshold": 3})
    db.session.commit()
    db.session.refresh(proposal)
    assert proposal.qualifies


def test_network_query_filters(municipality, other_municipality, staff):
    verde = Category(municipality_id=municipality.id, name="Verde")
    db.session.add(verde)
    db.session.commit()
    open_ar = make_consultation(municipality, phase="proposals", category_id=verde.id)
    supports_cl = make_consultation(other_municipality, phase="supports")
    make_consultation(municipality, phase="closed")
    make_consultation(municipality, phase=None)  # not started
    make_consultation(municipality, phase="proposals", status="draft")

    def ids(**kw):
        return {c.id for c in db.session.scalars(services.network_query(**kw))}

    assert ids() == {open_ar.id, supports_cl.id}
    assert ids(country="cl") == {supports_cl.id}
    assert ids(topic="verde") == {open_ar.id}
    assert ids(phase="supports") == {supports_cl.id}
    assert services.network_countries() == ["AR", "CL"]
    assert services.network_topics() == ["Verde"]
    assert isinstance(db.session.get(Consultation, open_ar.id), Consultation)
