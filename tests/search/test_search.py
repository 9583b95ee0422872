"""The index follows the content, shows only what everyone may see, and matches like people
expect (accents, case, stems in es/en/pt) on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from flask import g

from participa.extensions import db
from participa.search import services
from participa.search.services import QueryTooLong
from tests import factories
from tests.search.helpers import (
    comment_on,
    found,
    make_consultation,
    make_draft,
    make_proposal,
    rows,
)


@pytest.fixture
def spanish(municipality):
    municipality.default_locale = "es"
    db.session.commit()
    return municipality


@pytest.mark.parametrize(
    "locale, title, body, query",
    [
        ("es", "Más árboles en la PLAZA", "Plantar árboles nativos.", "arbol"),
        ("es", "Bicicletas para todos", "Bicisendas seguras.", "BICICLETA"),
        ("es", "Construcción del puente", "Obra nueva.", "construcciones"),
        ("en", "Running tracks in the park", "New libraries too.", "run"),
        ("en", "A new library", "Books for everyone.", "Libraries"),
        ("pt", "Praças mais verdes", "Mais árvores.", "praca"),
        ("pt", "Construção da ciclovia", "Bicicletas seguras.", "construcao"),
        ("pt", "Novas bibliotecas", "Livros para todos.", "Biblioteca"),
    ],
)
def test_accents_case_and_stems_in_each_language(municipality, locale, title, body, query):
    municipality.default_locale = locale
    db.session.commit()
    consultation = make_consultation(municipality, title="Presupuesto 2027", body="Ideas")
    make_proposal(consultation, title=title, body=body)
    assert ("proposal", title) in found(query, language=locale)
    # The reader's language does not limit what is found.
    assert ("proposal", title) in found(query, language="en" if locale != "en" else "es")


def test_body_phrase_exclusion_and_or(spanish):
    consultation = make_consultation(spanish, title="Movilidad", body="Transporte")
    make_proposal(consultation, title="Ciclovía en avenida", body="Carril exclusivo para bicis")
    make_proposal(consultation, title="Más colectivos", body="Carril exclusivo para colectivos")
    titles = [t for _, t in found("carril exclusivo", language="es")]
    assert sorted(titles) == ["Ciclovía en avenida", "Más colectivos"]
    assert [t for _, t in found('"exclusivo para bicis"', language="es")] == ["Ciclovía en avenida"]
    assert [t for _, t in found("carril -colectivos", language="es")] == ["Ciclovía en avenida"]
    titles = [t for _, t in found("bicis OR colectivos", language="es")]
    assert sorted(titles) == ["Ciclovía en avenida", "Más colectivos"]


def test_title_matches_rank_above_body_matches_then_newest(spanish):
    consultation = make_consultation(spanish, title="Consulta", body="Texto")
    make_proposal(consultation, title="Otra cosa", body="Hablamos de semáforos aquí.")
    make_proposal(consultation, title="Semáforos inteligentes", body="Nada más.")
    assert [t for _, t in found("semaforos", kind="proposal")] == [
        "Semáforos inteligentes",
        "Otra cosa",
    ]


def test_kinds_are_found_and_counted(app, spanish):
    consultation = make_consultation(spanish, title="Arbolado urbano", body="Plantemos")
    proposal = make_proposal(consultation, title="Arbolado en la escuela", body="Sombra")
    comment_on(proposal, factories.UserFactory(), "Más arbolado en mi cuadra")
    make_draft(spanish, title="Ordenanza de arbolado")
    factories.UserFactory(display_name="Ana Arbolado", bio="Me gustan los árboles")
    query = services.parse_query("arbolado", "es")
    with app.test_request_context("/"):
        results = services.search(query, municipality_id=spanish.id)
    assert results.counts == {"consultation": 1, "proposal": 1, "comment": 1,
                              "legislation_draft": 1, "person": 1}  # fmt: skip
    assert results.total == 5
    with app.test_request_context("/"):
        only = services.search(query, municipality_id=spanish.id, kind="comment")
    assert only.total == 1 and only.hits[0].kind == "comment"
    assert f"/comments/proposal/{proposal.id}/#comment-" in only.hits[0].url


def test_index_follows_create_edit_hide_and_delete(app, spanish):
    consultation = make_consultation(spanish, title="Consulta", body="Texto")
    proposal = make_proposal(consultation, title="Fuente de agua", body="En la plaza")
    assert found("fuente") == [("proposal", "Fuente de agua")]
    proposal.title = "Bebedero público"
    db.session.commit()
    assert found("fuente") == []
    assert found("bebedero") == [("proposal", "Bebedero público")]
    proposal.hidden_at = factories.utcnow()
    db.session.commit()
    assert found("bebedero") == []
    proposal.hidden_at = None
    db.session.commit()
    assert found("bebedero") == [("proposal", "Bebedero público")]
    db.session.delete(proposal)
    db.session.commit()
    assert found("bebedero") == []
    assert [r for r in rows() if r[0] == "proposal"] == []


def test_moderation_hiding_a_proposal_takes_it_and_its_comments_out(app, spanish, moderator):
    from participa.moderation import services as moderation

    consultation = make_consultation(spanish, title="Consulta", body="Texto")
    proposal = make_proposal(consultation, title="Pintadas en la escuela", body="Limpieza")
    comment_on(proposal, factories.UserFactory(), "Pintadas otra vez")
    assert len(found("pintadas")) == 2
    with app.test_request_context("/"):
        g.municipality = spanish
        moderation.moderate("proposal", proposal, actor=moderator, action="hide", reason="Spam")
        db.session.commit()
    assert found("pintadas") == []


def test_hidden_deleted_and_pending_comments_are_left_out(spanish):
    consultation = make_consultation(spanish, title="Consulta", body="Texto")
    proposal = make_proposal(consultation, title="Plaza", body="Bancos")
    author = factories.UserFactory()
    comment_on(proposal, author, "Luminarias visibles")
    comment_on(proposal, author, "Luminarias ocultas", hidden_at=factories.utcnow())
    comment_on(proposal, author, "Luminarias borradas", deleted_at=factories.utcnow())
    comment_on(proposal, author, "Luminarias pendientes", pending_review=True)
    assert [k for k, _ in found("luminarias")] == ["comment"]


def test_drafts_unpublished_consultations_and_their_proposals_are_left_out(spanish):
    draft_consultation = make_consultation(spanish, status="draft", title="Borrador secreto")
    make_proposal(draft_consultation, title="Propuesta secreta", body="Secreto")
    make_draft(spanish, title="Ordenanza secreta", status="draft")
    assert found("secreto") == [] and found("secreta") == []
    draft_consultation.status = "published"
    db.session.commit()
    # "secreto" and "secreta" share their stem; titles rank above bodies.
    assert found("secreta") == [
        ("proposal", "Propuesta secreta"),
        ("consultation", "Borrador secreto"),
    ]
    assert found("secreto", kind="consultation") == [("consultation", "Borrador secreto")]


def test_people_only_while_their_profile_is_public():
    person = factories.UserFactory(display_name="Zoe Quintana")
    factories.UserFactory(display_name="Zoe Sinconfirmar", email_confirmed_at=None)
    assert found("zoe") == [("person", "Zoe Quintana")]
    person.deleted_at = factories.utcnow()
    person.display_name = "deleted"
    db.session.commit()
    assert found("zoe") == []
    assert [r for r in rows() if r[0] == "person"] == []


def test_procurement_only_once_published(spanish):
    from participa.contracting.models import ProcurementProcess

    process = ProcurementProcess(
        municipality_id=spanish.id,
        ocid="ocds-abc123-0001",
        identifier="0001",
        title="Compra de luminarias LED",
        description="Alumbrado público",
    )
    db.session.add(process)
    db.session.commit()
    assert found("luminarias") == []
    process.release_count = 1
    db.session.commit()
    assert found("luminarias") == [("procurement_process", "Compra de luminarias LED")]


def test_tenancy_municipality_search_stays_home_network_search_spans(spanish, other_municipality):
    here = make_consultation(spanish, title="Huertas comunitarias", body="Aquí")
    there = make_consultation(other_municipality, title="Huertas escolares", body="Allá")
    make_consultation(other_municipality, status="draft", title="Huertas privadas")
    assert found("huertas", municipality=spanish) == [("consultation", "Huertas comunitarias")]
    assert sorted(found("huertas")) == [
        ("consultation", "Huertas comunitarias"),
        ("consultation", "Huertas escolares"),
    ]
    assert here.id != there.id


def test_archived_municipalities_are_left_out_of_the_network_search(spanish):
    make_consultation(spanish, title="Feria del libro", body="Libros")
    spanish.archived_at = factories.utcnow()
    db.session.commit()
    assert found("feria") == []


def test_reindex_rebuilds_the_same_index_and_is_idempotent(spanish):
    consultation = make_consultation(spanish, title="Reciclaje", body="Puntos verdes")
    make_proposal(consultation, title="Contenedores de reciclaje", body="Separar")
    factories.UserFactory(display_name="Rita Reciclaje")
    before = rows()
    db.session.execute(db.text("DELETE FROM search_documents"))
    db.session.commit()
    assert found("reciclaje") == []
    first = services.reindex()
    db.session.commit()
    assert rows() == before
    second = services.reindex()
    db.session.commit()
    assert first == second and rows() == before
    assert len(found("reciclaje")) == 3


def test_too_long_and_empty_queries():
    with pytest.raises(QueryTooLong):
        services.parse_query("a" * 201, "es")
    assert services.parse_query(' "" -- ** ', "es").is_empty
    assert services.search(services.parse_query("", "es")).total == 0


@pytest.mark.parametrize(
    "q",
    ['"', 'plaza"', "NEAR(plaza arbol)", "plaza*", "*", "title:plaza", "a AND OR NOT b",
     "^plaza", "-plaza", "(((plaza", "plaza\x00", "'; DROP TABLE search_documents; --",
     "ñandú 😀", "plaza OR", "OR plaza"],
)  # fmt: skip
def test_odd_queries_never_fail(spanish, q):
    consultation = make_consultation(spanish, title="Plaza", body="Texto")
    make_proposal(consultation, title="Plaza nueva", body="Árbol")
    finds = {'plaza"', "plaza*", "^plaza", "(((plaza", "plaza\x00", "plaza OR", "OR plaza"}
    assert len(found(q)) == (2 if q in finds else 0)


def test_query_count_is_constant_per_page(spanish, count_queries, app):
    consultation = make_consultation(spanish, title="Consulta de baches", body="Calles")
    for i in range(3):
        make_proposal(consultation, title=f"Baches en la calle {i}", body="Arreglar")

    municipality_id = spanish.id

    def counted() -> int:
        with app.test_request_context("/"), count_queries() as counter:
            services.search(services.parse_query("baches", "es"), municipality_id=municipality_id)
        return counter.count

    few = counted()
    for i in range(30):
        make_proposal(consultation, title=f"Más baches {i}", body="Arreglar")
    assert counted() == few == 2


def test_reindex_command_prints_the_rows_per_kind(app, spanish):
    consultation = make_consultation(spanish, title="Ferias", body="Productores")
    make_proposal(consultation, title="Feria de productores", body="Los sábados")
    db.session.execute(db.text("DELETE FROM search_documents"))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "proposal: 1" in result.output and "consultation: 1" in result.output
    assert found("feria") == [("proposal", "Feria de productores"), ("consultation", "Ferias")]
