"""The challenge pages: lists with filters and a fixed number of queries, the challenge page,
submitting and editing solutions, the staff's forms, the report and the documents."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participa.challenges import services
from participa.challenges.models import Challenge, Solution
from participa.db import utcnow
from participa.extensions import db
from participa.media.demo import pdf
from tests import factories
from tests.challenges.helpers import in_request, make_challenge, make_solution


def _fresh(model, object_id):
    db.session.expire_all()  # what the request committed, not the test's copy
    return db.session.get(model, object_id)


def _base(municipality) -> str:
    return f"/m/{municipality.slug}/challenges"


def _queries(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200, url
    return counter.count


def test_the_lists_run_a_fixed_number_of_queries(
    app, client, count_queries, municipality, other_municipality, staff, other_staff, user
):
    for n in range(2):
        make_solution(app, make_challenge(app, municipality, staff, title=f"Reto {n}"), user)
    few = _queries(client, count_queries, _base(municipality) + "/")
    few_network = _queries(client, count_queries, "/challenges/")
    for n in range(5):
        challenge = make_challenge(app, municipality, staff, title=f"Otro {n}")
        make_solution(app, challenge, user)
        make_solution(app, challenge, factories.UserFactory(), title="Segunda")
        make_challenge(app, other_municipality, other_staff, title=f"Lejos {n}")
    assert _queries(client, count_queries, _base(municipality) + "/") == few
    assert _queries(client, count_queries, "/challenges/") == few_network
    # The member, the count, the page, the solution counts (and the network's member filter).
    assert few <= 6, few
    assert few_network <= 6, few_network


def test_the_lists_filter_by_state_kind_topic_and_member(
    app, client, municipality, other_municipality, staff, other_staff
):
    make_challenge(app, municipality, staff, title="Abierto de datos")
    make_challenge(app, municipality, staff, title="Laboratorio cerrado", kind="co_design_lab",
                   topic="participation", state="closed")  # fmt: skip
    make_challenge(app, municipality, staff, title="Borrador secreto", state="draft")
    make_challenge(app, other_municipality, other_staff, title="Hackatón lejana",
                   kind="hackathon")  # fmt: skip
    page = client.get(_base(municipality) + "/").get_data(as_text=True)
    assert "Abierto de datos" in page and "Laboratorio cerrado" in page
    assert "Borrador secreto" not in page and "Hackatón lejana" not in page
    page = client.get(_base(municipality) + "/?state=closed").get_data(as_text=True)
    assert "Laboratorio cerrado" in page and "Abierto de datos" not in page
    assert "Closed with report" in page
    page = client.get(_base(municipality) + "/?topic=open_data").get_data(as_text=True)
    assert "Abierto de datos" in page and "Laboratorio cerrado" not in page
    network = client.get("/challenges/?kind=hackathon").get_data(as_text=True)
    assert "Hackatón lejana" in network and "Abierto de datos" not in network
    network = client.get(f"/challenges/?member={municipality.id}").get_data(as_text=True)
    assert "Abierto de datos" in network and "Hackatón lejana" not in network
    # Unknown filter values are ignored, never a 500; drafts stay out of the network list.
    assert client.get("/challenges/?state=draft&kind=x&member=abc").status_code == 200
    assert "Borrador secreto" not in client.get("/challenges/?state=draft").get_data(as_text=True)
    assert client.get("/challenges/?page=9").status_code == 404


def test_the_challenge_page_shows_rules_partners_deadline_and_count(
    app, client, municipality, staff, user
):
    closes_at = utcnow() + timedelta(days=5, hours=3)
    challenge = make_challenge(app, municipality, staff, closes_at=closes_at)
    in_request(app, municipality, lambda: services.add_partner(
        challenge, actor=staff, name="Universidad Nacional del Sur", kind="university",
        agreement_url="https://uns.example/convenio"))  # fmt: skip
    make_solution(app, challenge, user)
    page = client.get(f"{_base(municipality)}/{challenge.id}").get_data(as_text=True)
    assert "Pueden participar <strong>personas y equipos</strong>" in page
    assert "Universidad Nacional del Sur (University)" in page
    assert 'href="https://uns.example/convenio"' in page
    assert "Closes in 5 days" in page
    assert "1 solution" in page
    assert "Open-innovation challenge" in page and "Open data and data repositories" in page
    # Anonymous visitors are invited to sign in; the solution itself is not public.
    assert "Sign in to submit a solution." in page and "Colectivo a tiempo" not in page


def test_a_draft_is_missing_for_the_public_and_shown_to_staff(app, client, login, municipality,
                                                              staff, user):  # fmt: skip
    draft = make_challenge(app, municipality, staff, state="draft", title="Reto en preparación")
    assert client.get(f"{_base(municipality)}/{draft.id}").status_code == 404
    login(user)
    assert client.get(f"{_base(municipality)}/{draft.id}").status_code == 404
    login(staff)
    page = client.get(f"{_base(municipality)}/{draft.id}").get_data(as_text=True)
    assert "Reto en preparación" in page and "Publish" in page


def test_people_submit_a_solution_with_a_document(app, client, login, municipality, staff, user):
    challenge = make_challenge(app, municipality, staff)
    login(user)
    response = client.post(f"{_base(municipality)}/{challenge.id}/solutions", data={
        "title": "Colectivo a tiempo", "description": "Una aplicación.",
        "organisation": "Cooperativa Sur",
        "document": (io.BytesIO(pdf("Plan")), "plan.pdf"),
    }, content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302
    solution = db.session.scalars(select(Solution)).one()
    assert (solution.author_id, solution.organisation) == (user.id, "Cooperativa Sur")
    page = client.get(f"{_base(municipality)}/{challenge.id}").get_data(as_text=True)
    assert "Your solutions" in page and "Colectivo a tiempo" in page
    document = client.get(f"{_base(municipality)}/{challenge.id}/solutions/{solution.id}/document")
    assert document.status_code == 200 and document.data.startswith(b"%PDF-")
    assert document.headers["X-Content-Type-Options"] == "nosniff"
    client.get("/account/logout")
    with client.session_transaction() as session:
        session.clear()
    assert (
        client.get(
            f"{_base(municipality)}/{challenge.id}/solutions/{solution.id}/document"
        ).status_code
        == 404
    )


def test_bad_solutions_keep_what_was_typed(app, client, login, municipality, staff, user):
    challenge = make_challenge(app, municipality, staff)
    login(user)
    url = f"{_base(municipality)}/{challenge.id}/solutions"
    response = client.post(url, data={"title": "", "description": "Texto que escribí"})
    assert response.status_code == 422
    assert "Texto que escribí" in response.get_data(as_text=True)
    response = client.post(url, data={
        "title": "Con archivo malo", "description": "Algo",
        "document": (io.BytesIO(b"MZ\x90\x00 not a document"), "virus.pdf"),
    }, content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "The file must be a PDF" in text and "Con archivo malo" in text
    assert db.session.scalar(select(func.count(Solution.id))) == 0


def test_no_solution_after_the_deadline(app, client, login, municipality, staff, user):
    challenge = make_challenge(app, municipality, staff)
    challenge.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    login(user)
    response = client.post(f"{_base(municipality)}/{challenge.id}/solutions",
                           data={"title": "Tarde", "description": "Tarde"})  # fmt: skip
    assert response.status_code == 409
    assert "no longer takes solutions" in response.get_data(as_text=True)
    page = client.get(f"{_base(municipality)}/{challenge.id}").get_data(as_text=True)
    assert "Evaluating solutions" in page and "Submit the solution" not in page


def test_authors_edit_their_solution(app, client, login, municipality, staff, user):
    challenge = make_challenge(app, municipality, staff)
    solution = make_solution(app, challenge, user)
    url = f"{_base(municipality)}/{challenge.id}/solutions/{solution.id}/edit"
    login(user)
    assert "Colectivo a tiempo" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"title": "Colectivo puntual", "description": "Mejor."})
    assert response.status_code == 302
    assert _fresh(Solution, solution.id).title == "Colectivo puntual"
    assert client.post(url, data={"title": "", "description": "x"}).status_code == 422


def test_staff_create_publish_shortlist_and_report(app, client, login, municipality, staff, user):
    login(staff)
    base = _base(municipality)
    response = client.post(f"{base}/new", data={
        "kind": "co_design_lab", "title": "Laboratorio de plazas", "topic": "participation",
        "problem": "Plazas sin sombra.", "rules": "Abierto a **todos**.",
        "closes_at": (utcnow() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "sessions": "Martes a las 18 h.",
    })  # fmt: skip
    assert response.status_code == 302
    challenge = db.session.scalars(select(Challenge)).one()
    assert challenge.state == "draft"
    bad = client.post(f"{base}/new", data={"kind": "x", "title": "Sin reglas"})
    assert bad.status_code == 422 and "Sin reglas" in bad.get_data(as_text=True)
    assert client.post(f"{base}/{challenge.id}/publish").status_code == 302
    assert client.post(f"{base}/{challenge.id}/publish").status_code == 409
    chosen = make_solution(app, _fresh(Challenge, challenge.id), user)
    page = client.get(f"{base}/{challenge.id}/evaluation").get_data(as_text=True)
    assert "Colectivo a tiempo" in page
    response = client.post(f"{base}/{challenge.id}/solutions/{chosen.id}/shortlist",
                           data={f"s{chosen.id}-status": "winner",
                                 f"s{chosen.id}-note": "La más simple."})  # fmt: skip
    assert response.status_code == 302
    assert _fresh(Solution, chosen.id).status == "winner"
    assert client.post(f"{base}/{challenge.id}/solutions/{chosen.id}/shortlist",
                       data={f"s{chosen.id}-status": "king"}).status_code == 422  # fmt: skip
    assert client.post(f"{base}/{challenge.id}/close", data={"report": ""}).status_code == 422
    response = client.post(
        f"{base}/{challenge.id}/close",
        data={"report": "## Resultado\n\nGanó *Colectivo a tiempo*."},
    )
    assert response.status_code == 302
    client.get("/account/logout")
    with client.session_transaction() as session:
        session.clear()
    page = client.get(f"{base}/{challenge.id}").get_data(as_text=True)
    assert "Ganó <em>Colectivo a tiempo</em>" in page
    assert "Winner" in page and "La más simple." in page


def test_staff_add_and_remove_partners(app, client, login, municipality, staff):
    challenge = make_challenge(app, municipality, staff, state="draft")
    login(staff)
    url = f"{_base(municipality)}/{challenge.id}/partners/new"
    response = client.post(url, data={
        "name": "Fundación Ciudadanía", "kind": "civil_society",
        "agreement": (io.BytesIO(pdf("Convenio")), "convenio.pdf"), "ends_on": "2030-12-31",
    }, content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 302
    [partner] = _fresh(Challenge, challenge.id).partners
    agreement = client.get(f"{_base(municipality)}/{challenge.id}/partners/{partner.id}/agreement")
    assert agreement.status_code == 200 and agreement.data.startswith(b"%PDF-")
    bad = client.post(url, data={"name": "Club", "kind": "company",
                                 "agreement_url": "javascript:alert(1)"})  # fmt: skip
    assert bad.status_code == 422 and "Club" in bad.get_data(as_text=True)
    response = client.post(f"{_base(municipality)}/{challenge.id}/partners/{partner.id}/delete")
    assert response.status_code == 302
    assert _fresh(Challenge, challenge.id).partners == []


@pytest.mark.rate_limits(CHALLENGE_SOLUTION_RATE_LIMIT="2 per minute")
def test_posting_solutions_is_rate_limited(limited_app, app, municipality, staff, user):
    challenge = make_challenge(app, municipality, staff)
    client = limited_app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    url = f"{_base(municipality)}/{challenge.id}/solutions"
    statuses = [
        client.post(url, data={"title": f"Idea {n}", "description": "Algo"}).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
