"""Library services: validation, publication, audit, citations, evidence, results, search."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g
from sqlalchemy import select

from participa.core.errors import DomainError
from participa.core.models import AuditEntry
from participa.db import utcnow
from participa.extensions import db
from participa.indicators.models import Indicator
from participa.indicators.suggestions import suggest_evidence
from participa.library import registrations, services
from participa.library.models import LibraryEntry, Status
from tests.library.conftest import entry_data, make_entry


def test_a_new_entry_is_a_draft_and_publishing_is_audited(app, municipality, staff, framework):
    entry = make_entry(app, municipality, staff, published=False,
                       links="https://example.org/doc The document\nhttps://example.org/b",
                       indicators=["DIG-04", "PAR-02"])  # fmt: skip
    assert entry.status == Status.DRAFT and entry.published_at is None
    assert [(link.url, link.title) for link in entry.links] == [
        ("https://example.org/doc", "The document"),
        ("https://example.org/b", ""),
    ]
    assert entry.cited_codes == ["DIG-04", "PAR-02"]
    with app.test_request_context():
        services.publish_entry(entry, actor=staff)
        with pytest.raises(DomainError) as refused:
            services.publish_entry(entry, actor=staff)
        assert refused.value.status == 409
        services.unpublish_entry(entry, actor=staff)
        db.session.commit()
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.target_type == "library_entries")
        .order_by(AuditEntry.id)
    ).all()  # fmt: skip
    assert actions == ["library.create", "library.publish", "library.unpublish"]
    # Published once: the first date stays for the next publication.
    assert entry.published_at is not None and entry.status == Status.DRAFT


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"kind": "poem"}, 422),
        ({"topic": "cooking"}, 422),
        ({"language": "xx"}, 422),
        ({"licence": "wtfpl"}, 422),
        ({"title": "   "}, 422),
        ({"year": 1500}, 422),
        ({"links": "javascript:alert(1) bad"}, 422),
        ({"links": "\n".join(f"https://example.org/{n}" for n in range(11))}, 422),
        ({"indicators": ["ZZZ-99"]}, 422),
    ],
)
def test_bad_input_is_refused(app, municipality, staff, framework, fields, status):
    with app.test_request_context(), pytest.raises(DomainError) as refused:
        g.municipality = municipality
        services.create_entry(municipality, entry_data(**fields), actor=staff)
    assert refused.value.status == status


def test_only_practices_cite_indicators_and_edits_replace_them(app, municipality, staff, framework):
    guide = make_entry(app, municipality, staff, kind="guide", indicators=["DIG-04"])
    assert guide.cited_codes == []
    practice = make_entry(app, municipality, staff, indicators=["DIG-04"])
    with app.test_request_context():
        services.update_entry(practice, entry_data(indicators=["PAR-02", "PAR-03"]), actor=staff)
        db.session.commit()
    db.session.expire_all()
    assert db.session.get(LibraryEntry, practice.id).cited_codes == ["PAR-02", "PAR-03"]


def test_a_published_practice_is_suggested_as_evidence_for_the_indicators_it_cites(
    app, municipality, other_municipality, staff, other_staff, framework
):
    make_entry(app, municipality, staff, indicators=["DIG-04", "PAR-02"])
    make_entry(app, municipality, staff, published=False, title="Borrador",
               indicators=["INN-03"])  # fmt: skip
    make_entry(app, other_municipality, other_staff, title="De otra ciudad",
               indicators=["INN-03"])  # fmt: skip
    indicators = db.session.scalars(
        select(Indicator).where(Indicator.version_id == framework.id,
                                Indicator.code.in_(("DIG-04", "PAR-02", "INN-03", "TRA-03")))
    ).all()  # fmt: skip
    by_code = {i.code: i for i in indicators}
    with app.test_request_context():
        found = suggest_evidence(municipality, indicators)
        later = suggest_evidence(municipality, indicators, now=utcnow() + timedelta(days=400))
    labels = {code: [s.label for s in found.get(i.id, [])] for code, i in by_code.items()}
    practice = "Practice in the library: Presupuesto participativo con datos abiertos"
    assert practice in labels["DIG-04"] and practice in labels["PAR-02"]
    # Not a draft, not another member's practice, not an indicator it does not cite.
    assert labels["INN-03"] == [] and labels["TRA-03"] == []
    link = next(s.link for s in found[by_code["PAR-02"].id] if s.label == practice)
    assert link.startswith(f"/m/{municipality.slug}/library/")
    # A practice older than the assessment window proves nothing about this period.
    assert all(s.label != practice for s in later.get(by_code["PAR-02"].id, []))


def test_results_count_practices_published_per_member_and_month(
    app, municipality, other_municipality, staff, other_staff, platform_admin
):
    make_entry(app, municipality, staff)
    make_entry(app, municipality, staff, title="Otra")
    make_entry(app, municipality, staff, kind="guide")  # not a practice
    make_entry(app, municipality, staff, published=False)  # a draft
    make_entry(app, other_municipality, other_staff)
    make_entry(app, None, platform_admin)
    counts = {(r.municipality_id, r.month, r.measure): r.count for r in registrations.results()}
    month = utcnow().date().replace(day=1)
    assert counts == {
        (municipality.id, month, "practices_published"): 2,
        (other_municipality.id, month, "practices_published"): 1,
        (None, month, "practices_published"): 1,
    }


def test_the_homes_show_new_published_entries(app, municipality, staff):
    make_entry(app, municipality, staff, title="Publicada")
    make_entry(app, municipality, staff, published=False, title="Borrador")
    with app.test_request_context():
        found = registrations.activity(municipality.id, 10)
        everywhere = registrations.activity(None, 10)
    assert [(a.label, a.title) for a in found] == [("New practice published", "Publicada")]
    assert [a.title for a in everywhere] == ["Publicada"]


def test_network_entries_need_no_member(app, platform_admin):
    entry = make_entry(app, None, platform_admin, kind="guide", title="Guía de la red")
    assert entry.municipality_id is None and entry.is_published
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "library.publish"))
    assert [a.municipality_id for a in audit] == [None]
