"""The initiative pages: start, review, sign, answer, rules, lists (with query counts), the
open dataset, the homes and the PAR-06 evidence."""

from __future__ import annotations

import json

from flask import g
from sqlalchemy import select

from participa.extensions import db
from participa.initiatives.models import Initiative
from tests import factories
from tests.initiatives.support import make_initiative, make_rules

M = "/m/villa-norte/initiatives"


def test_rules_page_publishes_threshold_and_periods(client, municipality):
    assert "does not take citizen initiatives" in client.get(f"{M}/rules").get_data(as_text=True)
    make_rules(municipality, signature_threshold=1500, collection_days=90, answer_days=30)
    page = client.get(f"{M}/rules").get_data(as_text=True)
    assert "1,500 signatures of verified residents" in page
    assert "90 days from the day the initiative is admitted" in page
    assert "within 30 days of the threshold being reached" in page


def test_staff_set_the_rules_and_bad_values_are_422_kept(client, login, municipality, staff):
    login(staff)
    form = {"enabled": "y", "signature_threshold": "0", "collection_days": "30",
            "answer_days": "20", "reminder_days": "5"}  # fmt: skip
    response = client.post(f"{M}/staff/rules", data=form)
    assert response.status_code == 422
    assert 'value="30"' in response.get_data(as_text=True)
    response = client.post(f"{M}/staff/rules", data={**form, "reminder_days": "25",
                                                     "signature_threshold": "10"})  # fmt: skip
    assert response.status_code == 422  # a reminder after the answer period
    response = client.post(f"{M}/staff/rules", data={**form, "signature_threshold": "10"})
    assert response.status_code == 302


def test_the_whole_way_from_start_to_answer(client, login, municipality, staff, user):
    make_rules(municipality, signature_threshold=2)
    login(user)
    response = client.post(f"{M}/new", data={"title": "x", "body": "short"})
    assert response.status_code == 422
    response = client.post(
        f"{M}/new",
        data={"title": "Bancos en la plaza", "body": "Pedimos bancos a la sombra en la plaza."},
    )
    assert response.status_code == 302
    initiative = db.session.scalars(select(Initiative)).one()
    detail = f"{M}/{initiative.id}"
    assert "Awaiting review" in client.get(detail).get_data(as_text=True)
    # Staff admit with a reason, shown on the page.
    login(staff)
    response = client.post(f"{detail}/review", data={"decision": "admit", "reason": ""})
    assert response.status_code == 422
    response = client.post(
        f"{detail}/review", data={"decision": "admit", "reason": "Es competencia municipal."}
    )
    assert response.status_code == 302
    residents = [factories.member(municipality, "resident") for _ in range(2)]
    for person in residents:
        login(person)
        assert client.post(f"{detail}/sign").status_code == 302
    page = client.get(detail).get_data(as_text=True)
    assert "Threshold reached, awaiting answer" in page
    assert "2 of 2 signatures needed" in page and "<progress" in page
    assert "Answer due by" in page and "Es competencia municipal." in page
    assert "reached" not in page.replace("Threshold reached", "")  # no raw state code
    login(staff)
    assert client.post(f"{detail}/answer", data={"answer": ""}).status_code == 422
    response = client.post(f"{detail}/answer", data={"answer": "Se hará en marzo."})
    assert response.status_code == 302
    page = client.get(detail).get_data(as_text=True)
    assert "Official answer" in page and "Se hará en marzo." in page


def test_signatures_are_never_shown_one_by_one(client, login, municipality):
    initiative = make_initiative(municipality, threshold=5)
    signer = factories.member(municipality, "resident", display_name="Nombre Secreto")
    login(signer)
    client.post(f"{M}/{initiative.id}/sign")
    assert "You signed this initiative." in client.get(f"{M}/{initiative.id}").get_data(
        as_text=True
    )
    anonymous = client.application.test_client()
    public = anonymous.get(f"{M}/{initiative.id}").get_data(as_text=True)
    assert "Nombre Secreto" not in public and "1 signature" in public


def test_a_non_resident_is_told_how_to_become_one(client, login, municipality, user):
    initiative = make_initiative(municipality)
    login(user)
    page = client.get(f"{M}/{initiative.id}").get_data(as_text=True)
    assert "Only verified residents of Villa Norte can sign this initiative." in page
    assert client.post(f"{M}/{initiative.id}/sign").status_code == 403


def test_signing_after_the_deadline_is_409(client, login, municipality, resident):
    initiative = make_initiative(municipality, ends_in_days=-1)
    login(resident)
    assert client.post(f"{M}/{initiative.id}/sign").status_code == 409
    assert "Expired without reaching" in client.get(f"{M}/{initiative.id}").get_data(as_text=True)


def test_starting_when_initiatives_are_off_is_409(client, login, municipality, user):
    login(user)
    assert client.get(f"{M}/new").status_code == 409


def test_list_filters_by_state_and_hides_review_from_the_public(client, login, municipality,
                                                                staff):  # fmt: skip
    make_initiative(municipality, "collecting", title="Una en recolección")
    make_initiative(municipality, "answered", title="Una respondida")
    make_initiative(municipality, "review", title="Una en revisión")
    page = client.get(f"{M}/").get_data(as_text=True)
    assert "Una en recolección" in page and "Una respondida" in page
    assert "Una en revisión" not in page and "2 initiatives" in page
    page = client.get(f"{M}/?state=answered").get_data(as_text=True)
    assert "Una respondida" in page and "Una en recolección" not in page
    page = client.get(f"{M}/?state=review").get_data(as_text=True)  # not for the public
    assert "Una respondida" in page and "Una en revisión" not in page
    login(staff)
    page = client.get(f"{M}/?state=review").get_data(as_text=True)
    assert "Una en revisión" in page and "Una respondida" not in page
    assert client.get(f"{M}/?page=abc").status_code == 400
    assert client.get(f"{M}/?page=9").status_code == 404


def test_the_list_costs_the_same_queries_for_few_and_many(client, municipality, count_queries):
    make_initiative(municipality)
    client.get(f"{M}/")
    with count_queries() as few:
        assert client.get(f"{M}/").status_code == 200
    for n in range(15):
        make_initiative(municipality, "answered" if n % 2 else "collecting",
                        author=factories.UserFactory())  # fmt: skip
    with count_queries() as many:
        assert client.get(f"{M}/").status_code == 200
    assert many.count == few.count
    assert many.count <= 8


def test_a_signed_in_page_reads_the_rules_once(client, login, municipality, count_queries):
    make_rules(municipality)
    login(factories.member(municipality, "resident"))
    client.get(f"{M}/")
    with count_queries() as counted:
        page = client.get(f"{M}/").get_data(as_text=True)
    assert "/initiatives/new" in page  # the policy asked the rules too
    assert sum("FROM initiative_rules" in s for s in counted.statements) == 1, counted.statements


def test_the_open_dataset_has_counts_and_no_signers(client, municipality):
    initiative = make_initiative(municipality, threshold=4)
    make_initiative(municipality, "review", title="No publicada")
    signer = factories.member(municipality, "resident", display_name="Persona Firmante")
    from participa.initiatives.signatures import sign

    sign(initiative, user=signer)
    db.session.commit()
    rows = json.loads(client.get("/m/villa-norte/datos/initiatives.json").get_data(as_text=True))
    rows = rows.get("data", rows) if isinstance(rows, dict) else rows
    text = json.dumps(rows, ensure_ascii=False)
    assert initiative.title in text and "No publicada" not in text
    assert "Persona Firmante" not in text and signer.email not in text
    csv = client.get("/m/villa-norte/datos/initiatives.csv").get_data(as_text=True)
    assert csv.lstrip("\ufeff").startswith("id,title,body,state,signatures,threshold,")


def test_homes_show_open_initiatives_activity_figures_and_staff_tasks(app, municipality, staff):
    from participa.initiatives import homes

    make_initiative(municipality, title="Abierta")
    make_initiative(municipality, "answered", title="Respondida")
    make_initiative(municipality, "review", title="En revisión")
    make_initiative(municipality, "reached", title="Esperando")
    with app.test_request_context("/"):
        g.municipality = municipality
        assert [i.title for i in homes.open_now(municipality.id, 10)] == ["Abierta", "Esperando"]
        assert [i.title for i in homes.open_now(None, 10)] == ["Abierta", "Esperando"]
        labels = {(a.label, a.title) for a in homes.activity(municipality.id, 10)}
        assert ("Citizen initiative answered", "Respondida") in labels
        assert "En revisión" not in {title for _, title in labels}
        figures = {f.code: f.text for f in homes.figures(municipality.id)}
        assert figures == {
            "initiatives": "3 citizen initiatives",
            "initiatives_answered": "1 citizen initiative answered",
        }
        tasks = homes.staff_tasks(staff, municipality)
        assert [(t.waiting, t.text) for t in tasks] == [
            (1, "1 initiative waits for review."),
            (1, "1 initiative waits for an official answer."),
        ]
        assert homes.staff_tasks(factories.UserFactory(), municipality) == []


def test_par06_evidence_links_the_rules_and_answered_initiatives(app, municipality):
    from datetime import timedelta

    from participa.db import utcnow
    from participa.indicators.suggestions import _providers

    make_rules(municipality, signature_threshold=100, answer_days=30)
    answered = make_initiative(municipality, "answered", title="Respondida")
    with app.test_request_context("/"):
        now = utcnow()
        found = _providers["initiatives"](
            municipality, now + timedelta(seconds=1), now - timedelta(days=365)
        )
    assert found[0][1] == f"{M}/rules"
    assert "signature threshold: 100" in str(found[0][0])
    assert found[1][1] == f"{M}/{answered.id}"
