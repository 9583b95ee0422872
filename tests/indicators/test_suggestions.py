"""Suggested evidence: the features that own the activity declare its providers, and the
indicators feature imports none of them."""

from __future__ import annotations

from datetime import timedelta

from participa.contracting.models import ProcurementProcess, Release
from participa.db import utcnow
from participa.extensions import db
from participa.indicators import suggestions
from participa.indicators.framework import framework_version_indicators
from tests.consultations.helpers import make_consultation, make_proposal
from tests.indicators.helpers import indicator
from tests.legislation.support import make_draft

PROVIDED = {
    "citizen_initiative",
    "codesign_report",
    "event_attendance",
    "event_forum_minutes",
    "consultation_active",
    "contract_detail",
    "management_dashboard",
    "open_data_api",
    "peer_network",
    "crowdlaw_draft",
    "crowdlaw_report",
    "followup_published",
    "formal_partnership",
    "in_person_ballot",
    "initiatives",
    "ocds_releases",
    "open_data",
    "open_innovation_call",
    "participatory_budget",
    "participant_profile",
}


def _suggest(app, municipality, *codes, now=None):
    with app.test_request_context():
        found = suggestions.suggest_evidence(municipality, [indicator(c) for c in codes], now=now)
    return {indicator(c).code: found[indicator(c).id] for c in codes if indicator(c).id in found}


def _release(municipality, published_at) -> None:
    process = ProcurementProcess(
        municipality_id=municipality.id, ocid="ocds-test01-1", identifier="1", title="Bacheo"
    )
    db.session.add(process)
    db.session.flush()
    db.session.add(
        Release(
            municipality_id=municipality.id,
            process_id=process.id,
            ocid=process.ocid,
            release_id="r1",
            date=published_at,
            date_text=published_at.isoformat(),
            tags=["tender"],
            data={},
            published_at=published_at,
        )
    )
    db.session.commit()


def test_the_features_that_own_the_activity_declare_its_providers(app, framework):
    # Every provider comes from the manifests installed with the application.
    assert set(suggestions._providers) == PROVIDED
    assert (
        suggestions._providers["ocds_releases"].__module__ == "participa.contracting.registrations"
    )
    assert (
        suggestions._providers["crowdlaw_draft"].__module__ == "participa.legislation.registrations"
    )
    named = {i.code: i.suggestion for i in framework_version_indicators() if i.suggestion}
    assert sorted(named) == [
        "DIG-04", "DIG-06", "INN-04", "INN-06", "INN-07", "INN-08", "INN-09", "PAR-02", "PAR-03",
        "PAR-04", "PAR-05", "PAR-06", "PAR-07", "PAR-08", "PAR-10", "TRA-07", "TRA-08",
    ]  # fmt: skip
    assert {key for keys in named.values() for key in keys.split()} == PROVIDED


def test_a_provider_is_declared_once(app):
    provider = suggestions._providers["ocds_releases"]
    suggestions.add_evidence_provider("ocds_releases", provider)  # the same one again: harmless
    try:
        suggestions.add_evidence_provider("ocds_releases", lambda m, now, since: [])
    except ValueError:
        pass
    else:  # pragma: no cover
        raise AssertionError("a second provider for the same evidence was accepted")
    assert suggestions._providers["ocds_releases"] is provider


def test_consultations_suggest_themselves(app, framework, municipality):
    make_consultation(municipality, phase="proposals", title="Presupuesto 2026")
    make_consultation(municipality, phase="results", title="Plaza central")
    make_consultation(municipality, status="draft", title="Borrador secreto")
    found = _suggest(app, municipality, "PAR-02")
    assert {s.label for s in found["PAR-02"]} == {"Presupuesto 2026", "Plaza central"}


def test_published_follow_up_and_open_data_suggest_themselves(app, framework, municipality):
    from participa.followup.models import Result

    assert _suggest(app, municipality, "PAR-10", "DIG-04") == {}
    consultation = make_consultation(municipality, phase="results", title="Plaza central")
    db.session.add(Result(municipality_id=municipality.id, source_kind="proposal", source_id=1,
                          title="Bebederos", currency="ARS", last_update_at=utcnow()))  # fmt: skip
    db.session.commit()
    found = _suggest(app, municipality, "PAR-10", "DIG-04")
    [result] = found["PAR-10"]
    assert result.label == "Bebederos"
    assert result.link.startswith(f"/m/{municipality.slug}/follow-up/")
    [catalogue] = found["DIG-04"]
    assert catalogue.link == f"/m/{municipality.slug}/datos/"
    assert consultation.title == "Plaza central"


def test_drafts_and_their_reports_suggest_themselves(app, framework, municipality):
    draft = make_draft(municipality, title="Ordenanza de arbolado")
    found = _suggest(app, municipality, "PAR-04", "PAR-05")
    [suggestion] = found["PAR-04"]
    assert suggestion.label == "Ordenanza de arbolado"
    assert suggestion.link == f"/m/{municipality.slug}/legislation/{draft.id}"
    assert "PAR-05" not in found  # no reasoned response published yet
    draft.response_published_at = utcnow()
    db.session.commit()
    [report] = _suggest(app, municipality, "PAR-05")["PAR-05"]
    assert report.link == f"/m/{municipality.slug}/legislation/{draft.id}/report"


def test_releases_suggest_the_contracting_list(app, framework, municipality):
    assert _suggest(app, municipality, "TRA-07") == {}
    _release(municipality, utcnow() - timedelta(days=30))
    [suggestion] = _suggest(app, municipality, "TRA-07")["TRA-07"]
    assert suggestion.label == "1 OCDS release published on this platform in the last 12 months"
    assert suggestion.link.startswith(f"/m/{municipality.slug}/")


def test_activity_older_than_twelve_months_proves_nothing(app, framework, municipality):
    _release(municipality, utcnow() - timedelta(days=30))
    make_draft(municipality)
    later = utcnow() + timedelta(days=400)
    assert _suggest(app, municipality, "TRA-07", "PAR-04", now=later) == {}


def test_evidence_no_installed_feature_provides_suggests_nothing(
    app, framework, municipality, monkeypatch
):
    _release(municipality, utcnow())
    monkeypatch.delitem(suggestions._providers, "ocds_releases")
    assert _suggest(app, municipality, "TRA-07", "DIG-04") == {}


def test_indicators_import_none_of_the_features_that_provide_evidence():
    from tests.test_architecture import feature_graph

    assert feature_graph()["indicators"].isdisjoint({"consultations", "legislation", "contracting"})


def test_answered_initiatives_over_the_threshold_suggest_themselves(app, framework, municipality):
    consultation = make_consultation(municipality, phase="results", title="Plaza central")
    answered = make_proposal(
        consultation,
        title="Bebederos",
        qualifies=True,
        answered_at=utcnow() - timedelta(days=10),
        answer_text="Sí.",
    )
    make_proposal(consultation, title="Sin apoyos", qualifies=False, answered_at=utcnow())
    make_proposal(consultation, title="Sin respuesta", qualifies=True)
    make_proposal(consultation, title="Hace mucho", qualifies=True,
                  answered_at=utcnow() - timedelta(days=400))  # fmt: skip
    [suggestion] = _suggest(app, municipality, "PAR-06")["PAR-06"]
    assert suggestion.label == "Bebederos"
    assert suggestion.link == f"/m/{municipality.slug}/proposals/{answered.id}"


def test_published_contracts_suggest_their_pages(app, framework, municipality):
    process = ProcurementProcess(
        municipality_id=municipality.id,
        ocid="ocds-test01-2",
        identifier="2",
        title="Luminarias",
        contracted_amount=1000,
        last_published_at=utcnow() - timedelta(days=5),
    )
    db.session.add(process)
    db.session.add(ProcurementProcess(municipality_id=municipality.id, ocid="ocds-test01-3",
                                      identifier="3", title="Sin contrato",
                                      last_published_at=utcnow()))  # fmt: skip
    db.session.commit()
    [suggestion] = _suggest(app, municipality, "TRA-08")["TRA-08"]
    assert suggestion.label == "Luminarias"
    assert suggestion.link == f"/m/{municipality.slug}/contracting/processes/{process.id}"


def test_a_recently_updated_follow_up_is_a_management_dashboard(app, framework, municipality):
    from participa.followup.models import Result

    result = Result(municipality_id=municipality.id, source_kind="proposal", source_id=1,
                    title="Bebederos", currency="ARS",
                    last_update_at=utcnow() - timedelta(days=200))  # fmt: skip
    db.session.add(result)
    db.session.commit()
    assert "INN-09" not in _suggest(app, municipality, "INN-09")  # older than six months
    result.last_update_at = utcnow() - timedelta(days=20)
    db.session.commit()
    [suggestion] = _suggest(app, municipality, "INN-09")["INN-09"]
    assert suggestion.link == f"/m/{municipality.slug}/follow-up/"


def test_published_data_suggests_the_data_package_as_an_interface(app, framework, municipality):
    assert _suggest(app, municipality, "DIG-06") == {}
    make_consultation(municipality, phase="results", title="Plaza central")
    [suggestion] = _suggest(app, municipality, "DIG-06")["DIG-06"]
    assert suggestion.link == f"/m/{municipality.slug}/datos/datapackage.json"


def test_closed_ballots_with_polling_stations_suggest_themselves(app, framework, municipality):
    from participa.voting.models import PollingStation
    from tests.voting.helpers import make_ballot

    online_only = make_ballot(municipality, status="closed")
    assert "PAR-08" not in _suggest(app, municipality, "PAR-08")
    with_paper = make_ballot(municipality, status="closed")
    db.session.add(PollingStation(ballot_id=with_paper.id, name="Escuela 3", ballots_cast=40))
    db.session.add(PollingStation(ballot_id=online_only.id, name="Vacía", ballots_cast=0))
    db.session.commit()
    [suggestion] = _suggest(app, municipality, "PAR-08")["PAR-08"]
    assert suggestion.link == f"/m/{municipality.slug}/ballots/{with_paper.id}"
