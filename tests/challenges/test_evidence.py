"""What challenges prove: the innovation indicators' suggested evidence (INN-06, INN-04, INN-07),
the network's results, and the homes."""

from __future__ import annotations

from datetime import date, timedelta

from participa.challenges import services
from participa.core import homes
from participa.db import utcnow
from participa.extensions import db
from participa.indicators import suggestions
from tests.challenges.helpers import in_request, make_challenge, make_solution
from tests.indicators.helpers import indicator


def _suggested(app, municipality, code: str) -> list[tuple[str, str]]:
    with app.test_request_context():
        found = suggestions.suggest_evidence(municipality, [indicator(code)])
    return [(s.label, s.link) for s in found.get(indicator(code).id, [])]


def test_an_open_innovation_call_with_rules_in_the_last_year_evidences_inn_06(
    app, framework, municipality, other_municipality, staff, other_staff
):
    assert _suggested(app, municipality, "INN-06") == []
    make_challenge(app, municipality, staff, state="draft", title="Borrador")
    make_challenge(app, municipality, staff, kind="co_design_lab", title="Laboratorio")
    make_challenge(app, other_municipality, other_staff, title="De otro miembro")
    old = make_challenge(app, municipality, staff, title="Hace dos años")
    old.published_at = utcnow() - timedelta(days=800)
    call = make_challenge(app, municipality, staff, kind="hackathon", title="Hackatón de datos")
    db.session.commit()
    assert _suggested(app, municipality, "INN-06") == [
        ("Hackatón de datos", f"/m/{municipality.slug}/challenges/{call.id}#rules")
    ]


def test_a_co_design_lab_closed_with_its_report_evidences_inn_04(app, framework, municipality,
                                                                 staff):  # fmt: skip
    make_challenge(app, municipality, staff, kind="co_design_lab", title="Aún abierto")
    make_challenge(app, municipality, staff, title="Desafío cerrado", state="closed")
    lab = make_challenge(app, municipality, staff, kind="co_design_lab", title="Lab de plazas",
                         state="closed")  # fmt: skip
    assert _suggested(app, municipality, "INN-04") == [
        ("Lab de plazas", f"/m/{municipality.slug}/challenges/{lab.id}#report")
    ]


def test_a_current_agreement_with_a_university_or_civil_society_evidences_inn_07(
    app, framework, municipality, staff
):
    challenge = make_challenge(app, municipality, staff, title="LabBahía")
    draft = make_challenge(app, municipality, staff, title="Borrador", state="draft")

    def partner(target, name, kind, **fields):
        return in_request(app, municipality, lambda: services.add_partner(
            target, actor=staff, name=name, kind=kind, **fields))  # fmt: skip

    partner(challenge, "Sin convenio", "university")
    partner(challenge, "Empresa", "company", agreement_url="https://e.example/c")
    partner(challenge, "Vencido", "civil_society", agreement_url="https://v.example/c",
            ends_on=date.today() - timedelta(days=1))  # fmt: skip
    partner(draft, "En borrador", "university", agreement_url="https://d.example/c")
    assert _suggested(app, municipality, "INN-07") == []
    partner(challenge, "Universidad Nacional del Sur", "university",
            agreement_url="https://uns.example/convenio")  # fmt: skip
    assert _suggested(app, municipality, "INN-07") == [
        ("Universidad Nacional del Sur — LabBahía",
         f"/m/{municipality.slug}/challenges/{challenge.id}#partners")
    ]  # fmt: skip


def test_results_count_challenges_run_and_solutions_per_member_and_month(
    app, municipality, other_municipality, staff, other_staff, user
):
    from participa.challenges.homes import results

    first = make_challenge(app, municipality, staff)
    make_challenge(app, municipality, staff, title="Segundo")
    make_challenge(app, municipality, staff, title="Borrador", state="draft")
    make_challenge(app, other_municipality, other_staff, title="Lejos")
    make_solution(app, first, user)
    hidden = make_solution(app, first, user, title="Oculta")
    hidden.hidden_at = utcnow()
    db.session.commit()
    month = utcnow().date().replace(day=1)
    found = {(r.measure, r.municipality_id, r.month): r.count for r in results()}
    assert found == {
        ("challenges_run", municipality.id, month): 2,
        ("challenges_run", other_municipality.id, month): 1,
        ("solutions_received", municipality.id, month): 1,
    }


def test_the_homes_show_open_challenges_and_reports(app, municipality, staff):
    open_one = make_challenge(app, municipality, staff, title="Reto abierto")
    make_challenge(app, municipality, staff, title="Reto en borrador", state="draft")
    make_challenge(app, municipality, staff, title="Reto cerrado", state="closed")
    with app.test_request_context():
        items = [i for i in homes.open_now(municipality.id) if i.kind == "Challenge"]
        assert [(i.title, i.closes_at) for i in items] == [("Reto abierto", open_one.closes_at)]
        labels = {(a.label, a.title) for a in homes.activity(None)}
    assert ("New challenge", "Reto abierto") in labels
    assert ("Challenge report published", "Reto cerrado") in labels
    assert not any(title == "Reto en borrador" for _label, title in labels)
