"""Consultation pages: happy paths, 403, cross-municipality 404, bad input."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from participa.consultations.models import Consultation
from participa.extensions import db
from tests import factories
from tests.consultations.helpers import make_consultation, make_proposal
from tests.rows import count_rows

BASE = "/m/villa-norte/consultations"


def _form(**overrides):
    data = {
        "title": "Presupuesto participativo 2027",
        "summary": "Elegimos obras para los barrios.",
        "body": "## Cómo participar\n\nProponé y apoyá.",
        "category_id": "0",
        "participation": "registered",
        "supports_per_person": "10",
        "support_threshold": "50",
        "proposal_edit_minutes": "60",
        "comments_enabled": "y",
        "phase_override": "",
        "information_starts": "2027-03-01T09:00",
        "information_ends": "2027-03-10T09:00",
        "proposals_starts": "2027-03-10T09:00",
        "proposals_ends": "2027-04-10T09:00",
    }
    data.update(overrides)
    return data


def _png(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, "PNG")
    return buffer.getvalue()


def test_list_hides_drafts_from_the_public(client, login, municipality, staff):
    make_consultation(municipality, title="Pública")
    make_consultation(municipality, title="Borrador secreto", status="draft")
    page = client.get(BASE + "/")
    assert page.status_code == 200
    assert "Pública" in page.text and "Borrador secreto" not in page.text
    login(staff)
    assert "Borrador secreto" in client.get(BASE + "/").text


def test_draft_is_404_for_the_public_and_a_preview_for_staff(
    client, login, municipality, staff, resident
):
    draft = make_consultation(municipality, status="draft")
    assert client.get(f"{BASE}/{draft.id}").status_code == 404
    login(resident)
    assert client.get(f"{BASE}/{draft.id}").status_code == 404
    login(staff)
    page = client.get(f"{BASE}/{draft.id}")
    assert page.status_code == 200 and "Preview" in page.text


def test_detail_shows_timeline_figures_and_what_you_can_do(client, login, municipality, resident):
    consultation = make_consultation(municipality, phase="proposals")
    make_proposal(consultation)
    page = client.get(f"{BASE}/{consultation.id}")
    assert page.status_code == 200
    assert 'aria-current="step"' in page.text
    assert "Log in to take part" in page.text
    login(resident)
    page = client.get(f"{BASE}/{consultation.id}")
    assert "Submit a proposal" in page.text


def test_staff_create_edit_publish_archive(client, login, municipality, staff):
    login(staff)
    assert client.get(BASE + "/new").status_code == 200
    response = client.post(BASE + "/new", data=_form())
    assert response.status_code == 302
    consultation = db.session.scalars(select(Consultation)).one()
    assert consultation.is_draft and len(consultation.phases) == 2
    # Times are typed in the municipality's zone (Buenos Aires, UTC-3).
    assert consultation.phases[0].starts_at.hour == 12
    edit = client.get(f"{BASE}/{consultation.id}/edit")
    assert edit.status_code == 200 and 'value="2027-03-01T09:00"' in edit.text
    response = client.post(f"{BASE}/{consultation.id}/edit", data=_form(title="Nuevo título"))
    assert response.status_code == 302
    assert client.post(f"{BASE}/{consultation.id}/publish").status_code == 302
    assert client.post(f"{BASE}/{consultation.id}/archive").status_code == 302
    db.session.expire_all()
    consultation = db.session.get(Consultation, consultation.id)
    assert consultation.title == "Nuevo título" and consultation.is_archived


def test_bad_input_is_422_with_messages_and_kept_values(client, login, municipality, staff):
    login(staff)
    response = client.post(
        BASE + "/new",
        data=_form(title="", supports_per_person="0", proposals_ends="", summary="Se mantiene"),
    )
    assert response.status_code == 422
    assert 'id="title-error"' in response.text and 'id="supports_per_person-error"' in response.text
    assert "Give both the start and the end" in response.text
    assert "Se mantiene" in response.text
    response = client.post(BASE + "/new", data=_form(proposals_ends="2027-03-01T09:00"))
    assert response.status_code == 422 and "must end after it starts" in response.text
    assert count_rows(Consultation) == 0


def test_cover_image_checks(client, login, app, municipality, staff):
    login(staff)
    data = _form()
    data["cover"] = (io.BytesIO(b"not an image at all"), "cover.png")
    response = client.post(BASE + "/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 422 and "not a PNG" in response.text
    data = _form()
    data["cover"] = (io.BytesIO(b"x" * (app.config["MAX_IMAGE_BYTES"] + 10)), "big.png")
    response = client.post(BASE + "/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    data = _form()
    data["cover"] = (io.BytesIO(_png()), "cover.png")
    response = client.post(BASE + "/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 422 and "Describe the image" in response.text  # no alt text
    data = _form()
    data["cover"] = (io.BytesIO(_png()), "cover.png")
    data["cover_alt"] = "Vecinos reunidos en la plaza"
    response = client.post(BASE + "/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.session.scalars(select(Consultation)).one().cover_id is not None


@pytest.mark.parametrize("who", ["resident", "moderator", "other_staff"])
def test_non_staff_get_403(client, login, municipality, request, who):
    consultation = make_consultation(municipality, status="draft")
    login(request.getfixturevalue(who))
    assert client.get(BASE + "/new").status_code == 403
    assert client.post(BASE + "/new", data=_form()).status_code == 403
    assert client.get(f"{BASE}/{make_consultation(municipality).id}/edit").status_code == 403
    assert client.post(f"{BASE}/{consultation.id}/publish").status_code in (403, 404)
    assert client.get(BASE + "/categories").status_code == 403


def test_anonymous_is_sent_to_login(client, municipality):
    response = client.get(BASE + "/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_another_municipalitys_consultation_is_404(
    client, login, municipality, other_municipality, staff
):
    foreign = make_consultation(other_municipality)
    login(staff)
    assert client.get(f"{BASE}/{foreign.id}").status_code == 404
    assert client.get(f"{BASE}/{foreign.id}/edit").status_code == 404
    assert client.post(f"{BASE}/{foreign.id}/archive").status_code == 404


def test_use_as_template_creates_a_draft_in_the_other_municipality(
    client, login, municipality, other_municipality, other_staff
):
    source = make_consultation(municipality, phase="supports")
    make_proposal(source)
    login(other_staff)
    page = client.get(f"{BASE}/{source.id}/use-as-template")
    assert page.status_code == 200 and "Otra Ciudad" in page.text
    response = client.post(
        f"{BASE}/{source.id}/use-as-template", data={"municipality_id": str(other_municipality.id)}
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/m/otra-ciudad/consultations/")
    copy = db.session.scalars(
        select(Consultation).where(Consultation.municipality_id == other_municipality.id)
    ).one()
    assert copy.is_draft and copy.proposals_count == 0
    # Choosing a municipality one does not administer is refused.
    response = client.post(
        f"{BASE}/{source.id}/use-as-template", data={"municipality_id": str(municipality.id)}
    )
    assert response.status_code == 422


def test_use_as_template_needs_staff_somewhere(client, login, municipality, resident):
    source = make_consultation(municipality)
    login(resident)
    assert client.get(f"{BASE}/{source.id}/use-as-template").status_code == 403


def test_categories_page(client, login, municipality, staff):
    login(staff)
    assert client.post(BASE + "/categories", data={"name": "Movilidad"}).status_code == 302
    response = client.post(BASE + "/categories", data={"name": "movilidad"})
    assert response.status_code == 422 and "already a category" in response.text
    assert client.post(BASE + "/categories", data={"name": ""}).status_code == 422


def test_network_page_lists_open_consultations_everywhere(client, municipality, other_municipality):
    make_consultation(municipality, title="Plazas del norte", phase="proposals")
    make_consultation(other_municipality, title="Plan de cerros", phase="supports")
    make_consultation(municipality, title="Ya cerrada", phase="closed")
    page = client.get("/consultations/")
    assert page.status_code == 200
    assert "Plazas del norte" in page.text and "Plan de cerros" in page.text
    assert "Ya cerrada" not in page.text
    page = client.get("/consultations/?country=CL&phase=supports")
    assert "Plan de cerros" in page.text and "Plazas del norte" not in page.text


def test_network_page_query_count_is_constant(client, municipality, count_queries):
    for n in range(3):
        make_consultation(municipality, title=f"C{n}")
    with count_queries() as few:
        client.get("/consultations/")
    for n in range(12):
        make_consultation(factories.MunicipalityFactory(), title=f"D{n}")
    with count_queries() as many:
        client.get("/consultations/")
    assert few.count == many.count


@pytest.mark.parametrize("who", [None, "resident", "staff"])
def test_detail_page_query_count(client, login, municipality, resident, staff, count_queries, who):
    # The municipality, the consultation with its phases, and one query for what the thread,
    # the sections of other features (core.related) and, for people, their supports left and
    # whether they follow it ask (core.viewer.prefetch); for people, also the person with their
    # questions (core.viewer).
    consultation = make_consultation(municipality, phase="supports")
    if who:
        login(resident if who == "resident" else staff)
    url = f"/m/{municipality.slug}/consultations/{consultation.id}"
    client.get(url)
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    # Staff also read the ballots, budgets and questionnaires they may add to or edit.
    assert counter.count <= {None: 3, "resident": 4, "staff": 7}[who], counter.statements


def test_a_date_past_the_calendar_in_utc_is_a_form_error(client, login, municipality, staff):
    # 23:00 on the last day of year 9999 in Buenos Aires is in the year 10000 in UTC.
    login(staff)
    response = client.post(BASE + "/new", data=_form(proposals_ends="9999-12-31T23:00"))
    assert response.status_code == 422
    assert "Enter a date between the years 1900 and 2999." in response.text
    assert 'value="Presupuesto participativo 2027"' in response.text
    assert db.session.scalars(select(Consultation)).first() is None
