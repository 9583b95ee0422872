"""The search pages: form, results grouped by kind, escaping, pages and bad input."""

from __future__ import annotations

import re

from participa.extensions import db
from tests import factories
from tests.search.helpers import comment_on, make_consultation, make_proposal


def test_empty_page_shows_the_form_and_a_hint(client, municipality):
    response = client.get(f"/m/{municipality.slug}/search/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'role="search"' in html and 'name="q"' in html
    assert "Type what you are looking for" in html
    assert client.get("/search/").status_code == 200


def test_results_are_highlighted_escaped_and_link_to_the_thing(client, municipality):
    consultation = make_consultation(municipality, title="Plaza <b>central</b>", body="Texto")
    proposal = make_proposal(
        consultation, title="Bancos en la plaza", body="<script>alert(1)</script> Más plaza"
    )
    response = client.get(f"/m/{municipality.slug}/search/?q=PLAZA")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert" not in html and "alert(1) Más <mark>plaza</mark>" in html
    assert "<b>central</b>" not in html and "&lt;b&gt;central&lt;/b&gt;" in html
    assert "<mark>plaza</mark>" in html or "<mark>Plaza</mark>" in html
    assert f'href="/m/{municipality.slug}/proposals/{proposal.id}"' in html
    assert "2 results" in html
    assert "Villa Norte" in html


def test_kind_filter_and_counts(client, municipality):
    consultation = make_consultation(municipality, title="Reciclado", body="Puntos")
    proposal = make_proposal(consultation, title="Reciclado de vidrio", body="Campana")
    comment_on(proposal, factories.UserFactory(), "Reciclado en mi barrio")
    html = client.get(f"/m/{municipality.slug}/search/?q=reciclado").get_data(as_text=True)
    assert re.search(r"All \(3\)", html)
    assert re.search(r"Comments \(1\)", html)
    html = client.get(f"/m/{municipality.slug}/search/?q=reciclado&kind=comment").get_data(
        as_text=True
    )
    assert "1 result" in html and "<mark>Reciclado</mark> en mi barrio" in html
    assert 'name="kind" value="comment"' in html
    # A kind edited by hand is ignored, not an error.
    assert client.get(f"/m/{municipality.slug}/search/?q=reciclado&kind=nope").status_code == 200


def test_no_result_state(client, municipality):
    html = client.get(f"/m/{municipality.slug}/search/?q=zzzzqqq").get_data(as_text=True)
    assert "Nothing matches" in html


def test_pages(client, municipality):
    consultation = make_consultation(municipality, title="Consulta", body="Texto")
    for i in range(25):
        make_proposal(consultation, title=f"Semáforo número {i}", body="Esquina")
    first = client.get(f"/m/{municipality.slug}/search/?q=semaforo")
    assert "Page 1 of 2" in first.get_data(as_text=True)
    second = client.get(f"/m/{municipality.slug}/search/?q=semaforo&page=2")
    assert second.status_code == 200
    assert second.get_data(as_text=True).count('class="search-result"') == 5
    assert client.get(f"/m/{municipality.slug}/search/?q=semaforo&page=3").status_code == 404
    assert client.get(f"/m/{municipality.slug}/search/?q=semaforo&page=x").status_code == 400


def test_too_long_query_is_a_400_with_a_message_and_keeps_the_text(client, municipality):
    response = client.get(f"/m/{municipality.slug}/search/?q={'a' * 300}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "too long" in html and 'aria-invalid="true"' in html


def test_punctuation_only_query_asks_for_words(client):
    response = client.get('/search/?q="*"')
    assert response.status_code == 200
    assert "Type at least one word" in response.get_data(as_text=True)


def test_odd_input_is_never_a_500(client, municipality):
    make_proposal(make_consultation(municipality, title="Plaza"), title="Plaza")
    for q in ['"', "NEAR(a b)", "a*", "%00", "%C3%28", "'; --", "OR", "-", "((("]:
        assert client.get(f"/search/?q={q}").status_code in (200, 400), q


def test_network_search_spans_municipalities_but_not_their_drafts(
    client, municipality, other_municipality
):
    make_consultation(municipality, title="Huerta comunitaria", body="Aquí")
    make_consultation(other_municipality, title="Huerta escolar", body="Allá")
    make_consultation(other_municipality, status="draft", title="Huerta secreta")
    html = client.get("/search/?q=huerta").get_data(as_text=True)
    assert "</mark> comunitaria" in html and "</mark> escolar" in html
    assert "secreta" not in html
    html = client.get(f"/m/{municipality.slug}/search/?q=huerta").get_data(as_text=True)
    assert "</mark> comunitaria" in html and "</mark> escolar" not in html


def test_header_has_a_search_box_scoped_to_the_page(client, municipality):
    html = client.get(f"/m/{municipality.slug}/").get_data(as_text=True)
    assert f'action="/m/{municipality.slug}/search/"' in html
    html = client.get("/").get_data(as_text=True)
    assert 'action="/search/"' in html


def test_page_query_count_does_not_grow_with_results(client, municipality, count_queries):
    consultation = make_consultation(municipality, title="Consulta", body="Texto")
    make_proposal(consultation, title="Veredas rotas", body="Arreglar")
    for i in range(15):
        make_proposal(consultation, title=f"Veredas {i}", body="Arreglar")
    comment_on(make_proposal(consultation, title="Bache"), factories.UserFactory(), "Veredas")
    db.session.commit()

    def counted(q: str) -> int:
        with count_queries() as counter:
            response = client.get(f"/m/{municipality.slug}/search/?q={q}")
            assert response.status_code == 200
        return counter.count

    counted("rotas")  # warm caches
    assert counted("rotas") == counted("veredas")
