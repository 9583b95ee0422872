"""Library pages: lists and filters, drafts, the staff form, documents, indicators, search."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from participa.extensions import db
from participa.library.models import LibraryEntry, Status
from participa.media.models import Attachment
from participa.search import services as search
from tests.library.conftest import make_entry
from tests.search.helpers import found


def _pdf() -> bytes:
    from participa.media.demo import pdf

    return pdf("Practice")


def test_a_members_library_lists_published_entries_and_staff_see_drafts(
    app, client, login, municipality, staff
):
    make_entry(app, municipality, staff, title="Publicada")
    make_entry(app, municipality, staff, published=False, title="Borrador secreto")
    page = client.get(f"/m/{municipality.slug}/library/").get_data(as_text=True)
    assert "Publicada" in page and "Borrador secreto" not in page and "1 entry" in page
    login(staff)
    page = client.get(f"/m/{municipality.slug}/library/").get_data(as_text=True)
    assert "Borrador secreto" in page and "Add an entry" in page


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 404), ("resident", 404), ("other_staff", 404), ("staff", 200),
     ("platform_admin", 200)],
)  # fmt: skip
def test_a_draft_looks_missing_but_to_its_staff(
    app, client, login, municipality, staff, resident, other_staff, platform_admin, who, status
):
    entry = make_entry(app, municipality, staff, published=False)
    people = {"resident": resident, "other_staff": other_staff, "staff": staff,
              "platform_admin": platform_admin}  # fmt: skip
    if who in people:
        login(people[who])
    assert client.get(f"/m/{municipality.slug}/library/{entry.id}").status_code == status


def test_another_members_entry_is_not_found_under_this_member(
    app, client, municipality, other_municipality, other_staff
):
    entry = make_entry(app, other_municipality, other_staff)
    assert client.get(f"/m/{municipality.slug}/library/{entry.id}").status_code == 404
    assert client.get(f"/m/{other_municipality.slug}/library/{entry.id}").status_code == 200
    # A member's entry lives on the member's pages, not the network's.
    assert client.get(f"/library/{entry.id}").status_code == 404


def test_the_network_library_filters_and_searches(
    app, client, municipality, other_municipality, staff, other_staff, platform_admin
):
    other_municipality.kind = "association"
    db.session.commit()
    make_entry(app, municipality, staff, title="Datos abiertos en el barrio", topic="open_data")
    make_entry(app, municipality, staff, title="Voluntariado", kind="guide", language="pt",
               topic="volunteering", licence="cc0-1.0")  # fmt: skip
    make_entry(app, other_municipality, other_staff, title="Caja de herramientas",
               kind="toolkit", authors="Rosa Condori")  # fmt: skip
    make_entry(app, None, platform_admin, title="Guía de la red", kind="guide", language="en")
    make_entry(app, municipality, staff, published=False, title="Borrador")

    def titles(query: str = "") -> set[str]:
        response = client.get(f"/library/?{query}")
        assert response.status_code == 200
        return {e.title for e in db.session.scalars(select(LibraryEntry))
                if e.title in response.get_data(as_text=True)}  # fmt: skip

    everything = {"Datos abiertos en el barrio", "Voluntariado", "Caja de herramientas",
                  "Guía de la red"}  # fmt: skip
    assert titles() == everything
    assert titles("kind=guide") == {"Voluntariado", "Guía de la red"}
    assert titles("topic=open_data") == {"Datos abiertos en el barrio"}
    assert titles("language=pt") == {"Voluntariado"}
    assert titles("licence=cc0-1.0") == {"Voluntariado"}
    assert titles(f"member={municipality.slug}") == {"Datos abiertos en el barrio", "Voluntariado"}
    assert titles("member=network") == {"Guía de la red"}
    assert titles("member_kind=association") == {"Caja de herramientas"}
    assert titles("q=condori") == {"Caja de herramientas"}
    assert titles("q=abiertos+barrio&kind=practice") == {"Datos abiertos en el barrio"}
    assert titles("q=100%25") == set()


@pytest.mark.parametrize(
    "query", ["kind=poem", "topic=cooking", "language=xx", "licence=mine", "member_kind=club",
              "member=<script>", "page=abc"],
)  # fmt: skip
def test_bad_filters_answer_400(client, query):
    answer = client.get(f"/library/?{query}")
    assert answer.status_code == 400
    if "page=" not in query:
        assert "A filter in the address is not one this page offers." in answer.text


def test_the_lists_run_a_fixed_number_of_queries(
    app, client, count_queries, municipality, other_municipality, staff, other_staff, framework
):
    def queries(url: str) -> int:
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    make_entry(app, municipality, staff, indicators=["DIG-04"])
    few = queries("/library/"), queries(f"/m/{municipality.slug}/library/")
    for n in range(5):
        make_entry(app, municipality, staff, title=f"Práctica {n}", indicators=["PAR-02"])
        make_entry(app, other_municipality, other_staff, title=f"Otra {n}")
    assert (queries("/library/"), queries(f"/m/{municipality.slug}/library/")) == few
    # The count, the page's ids, its rows with members and citations, the members filter.
    assert few[0] <= 7, few


def test_staff_create_edit_publish_and_unpublish(
    app, client, login, municipality, staff, framework
):
    login(staff)
    base = f"/m/{municipality.slug}/library"
    form = client.get(f"{base}/new").get_data(as_text=True)
    assert "DIG-04" in form and "Creative Commons Attribution 4.0 (CC BY 4.0)" in form
    data = {"kind": "practice", "title": "Mesa de datos", "summary": "Resumen", "body": "Texto",
            "topic": "open_data", "language": "es", "licence": "cc-by-4.0", "year": "2025",
            "authors": "Equipo", "links": "https://example.org/x Informe",
            "indicators": ["DIG-04", "PAR-02"]}  # fmt: skip
    response = client.post(f"{base}/new", data=data)
    assert response.status_code == 302
    entry = db.session.scalars(select(LibraryEntry)).one()
    assert entry.status == Status.DRAFT and entry.cited_codes == ["DIG-04", "PAR-02"]
    page = client.get(f"{base}/{entry.id}").get_data(as_text=True)
    assert "Open-data portal" in page and "Informe" in page and "Attach a document" in page
    assert client.post(f"{base}/{entry.id}/publish").status_code == 302
    client.post(f"{base}/{entry.id}/edit", data={**data, "title": "Mesa de datos abiertos"})
    db.session.expire_all()
    entry = db.session.get(LibraryEntry, entry.id)
    assert entry.status == Status.PUBLISHED and entry.title == "Mesa de datos abiertos"
    assert client.post(f"{base}/{entry.id}/unpublish").status_code == 302
    # Publishing twice is a flashed refusal, not an error page.
    client.post(f"{base}/{entry.id}/publish")
    response = client.post(f"{base}/{entry.id}/publish", follow_redirects=True)
    assert "already published" in response.get_data(as_text=True)


def test_a_bad_form_keeps_what_was_typed(client, login, municipality, staff):
    login(staff)
    response = client.post(f"/m/{municipality.slug}/library/new", data={
        "kind": "practice", "title": "Título que se conserva", "topic": "open_data",
        "language": "es", "licence": "cc-by-4.0", "links": "not an address",
    })  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Título que se conserva" in page and "must start with a web address" in page
    assert db.session.scalars(select(LibraryEntry)).first() is None


def test_documents_are_checked_by_content_and_served_as_attachments(
    app, client, login, municipality, staff
):
    entry = make_entry(app, municipality, staff, published=False)
    url = f"/m/{municipality.slug}/attachments/library_entry/{entry.id}/new"
    login(staff)

    def upload(data: bytes, name: str):
        return client.post(url, data={"title": "Informe", "language": "es",
                                      "file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")  # fmt: skip

    refused = upload(b"MZ\x90\x00 not a pdf at all", "informe.pdf")
    assert refused.status_code == 422
    assert "must be a PDF" in refused.get_data(as_text=True)
    app.config["MAX_DOCUMENT_BYTES"] = 1000
    try:
        assert upload(_pdf() + b" " * 2000, "big.pdf").status_code == 413
    finally:
        app.config.pop("MAX_DOCUMENT_BYTES")
    assert upload(_pdf(), "informe.pdf").status_code == 302
    attachment = db.session.scalars(select(Attachment)).one()
    page = client.get(f"/m/{municipality.slug}/library/{entry.id}").get_data(as_text=True)
    assert "Informe" in page
    download = f"/m/{municipality.slug}/attachments/files/{attachment.upload.token}"
    response = client.get(download)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    # A draft's documents look missing to everyone else.
    anonymous = app.test_client()
    assert anonymous.get(download).status_code == 404
    client.post(f"/m/{municipality.slug}/library/{entry.id}/publish")
    assert anonymous.get(download).status_code == 200


def test_another_members_staff_cannot_attach(app, client, login, municipality, staff, other_staff):
    entry = make_entry(app, municipality, staff)
    login(other_staff)
    url = f"/m/{municipality.slug}/attachments/library_entry/{entry.id}/new"
    assert client.get(url).status_code == 403


def test_a_practice_lists_the_events_where_it_was_presented(app, client, municipality, staff):
    from participa.events import services as events
    from tests.events.helpers import past_event

    entry = make_entry(app, municipality, staff)
    url = f"/m/{municipality.slug}/library/{entry.id}"
    assert "Related events" not in client.get(url).get_data(as_text=True)
    event = past_event(municipality, title="Encuentro de la red 2026")
    events.link_event(event, "library_entry", entry.id, actor=staff)
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Related events" in page and "Encuentro de la red 2026" in page


def test_network_entries_are_managed_by_platform_admins(
    app, client, login, staff, municipality, platform_admin
):
    entry = make_entry(app, None, platform_admin, published=False, title="Guía de la red")
    assert client.get(f"/library/{entry.id}").status_code == 404
    login(staff)
    assert client.get(f"/library/{entry.id}").status_code == 404
    assert client.post(f"/library/{entry.id}/publish").status_code == 403
    login(platform_admin)
    assert client.post(f"/library/{entry.id}/publish").status_code == 302
    assert app.test_client().get(f"/library/{entry.id}").status_code == 200
    assert "Guía de la red" in app.test_client().get("/library/").get_data(as_text=True)


def test_search_finds_published_entries_only(app, municipality, staff, platform_admin):
    make_entry(app, municipality, staff, title="Presupuesto participativo con datos abiertos")
    make_entry(app, municipality, staff, published=False, title="Presupuesto secreto")
    make_entry(app, None, platform_admin, title="Guide to open budgets", language="en")
    assert ("library_entry", "Presupuesto participativo con datos abiertos") in found(
        "presupuesto", language="es"
    )
    assert all(title != "Presupuesto secreto" for _k, title in found("presupuesto", language="es"))
    # A rebuilt index finds them too, the network's own entry as well.
    search.reindex()
    db.session.commit()
    assert ("library_entry", "Guide to open budgets") in found("budgets")
    assert [t for _k, t in found("presupuesto", language="es")] == [
        "Presupuesto participativo con datos abiertos"
    ]


def test_the_catalogue_dataset_lists_published_metadata_only(app, client, municipality, staff):
    make_entry(app, municipality, staff, title="Publicada", body="Texto largo de la práctica")
    make_entry(app, municipality, staff, published=False, title="Borrador")
    response = client.get(f"/m/{municipality.slug}/datos/library-entries.csv")
    assert response.status_code == 200, response.status_code
    text = response.get_data(as_text=True).lstrip("\ufeff")
    assert "Publicada" in text and "Borrador" not in text and "Texto largo" not in text
    assert text.splitlines()[0].startswith("id,kind,title,summary,topic,language,licence")


def test_demo_entries_load(app):
    from participa.cli import DEMO_PASSWORD
    from participa.core.features import load_demo

    context = load_demo(DEMO_PASSWORD, ("site", "municipalities", "indicators", "library"))
    db.session.commit()
    entries = db.session.scalars(select(LibraryEntry)).all()
    kinds = {(e.municipality.slug if e.municipality else None, e.kind) for e in entries}
    assert {("amb-bolivia", "toolkit"), ("amb-bolivia", "guide"), ("envigado", "practice"),
            (None, "guide")} <= kinds  # fmt: skip
    assert len({e.language for e in entries}) >= 2
    practice = next(e for e in entries if e.kind == "practice")
    assert len(practice.cited_codes) == 2 and all(e.is_published for e in entries)
    assert context["municipalities"]
