"""Merging proposals: staff pick the proposal to keep from a searchable list (no JavaScript), and
mistakes keep the form with a 422 and a message instead of a 404 page."""

from __future__ import annotations

from participa.extensions import db
from participa.proposals.models import Proposal
from tests.consultations.helpers import make_consultation, make_proposal

M = "/m/villa-norte"


def _options(html: str) -> str:
    return html.split('id="target_id"')[1].split("</select>")[0]


def test_merge_page_lists_the_consultations_proposals(client, login, municipality, staff):
    consultation = make_consultation(municipality, phase="supports")
    source = make_proposal(consultation, title="Ciclovías en el centro")
    kept = make_proposal(consultation, title="Bicisendas seguras")
    withdrawn = make_proposal(consultation, title="Retirada", state="withdrawn")
    other = make_proposal(make_consultation(municipality), title="Otra consulta")
    login(staff)
    page = client.get(f"{M}/proposals/{source.id}/merge")
    assert page.status_code == 200
    options = _options(page.text)
    assert f'value="{kept.id}"' in options and "Bicisendas seguras" in options
    for absent in (source, withdrawn, other):
        assert f'value="{absent.id}"' not in options


def test_search_narrows_the_list_ignoring_accents_and_by_number(client, login, municipality, staff):
    consultation = make_consultation(municipality, phase="supports")
    source = make_proposal(consultation, title="Duplicada")
    lights = make_proposal(consultation, title="Iluminación de la plaza")
    trees = make_proposal(consultation, title="Árboles nativos")
    login(staff)
    options = _options(client.get(f"{M}/proposals/{source.id}/merge?q=ILUMINACION").text)
    assert f'value="{lights.id}"' in options and f'value="{trees.id}"' not in options
    options = _options(client.get(f"{M}/proposals/{source.id}/merge?q=%23{trees.id}").text)
    assert f'value="{trees.id}"' in options and f'value="{lights.id}"' not in options
    page = client.get(f"{M}/proposals/{source.id}/merge?q=nada+parecido")
    assert page.status_code == 200 and "No proposal matches your search." in page.text
    # The choice form keeps the search, so a mistake comes back with the same narrowed list.
    assert (
        f'action="{M}/proposals/{source.id}/merge?q=ILUMINACION"'
        in client.get(f"{M}/proposals/{source.id}/merge?q=ILUMINACION").text
    )


def test_picking_from_the_list_merges(client, login, municipality, staff):
    consultation = make_consultation(municipality, phase="supports")
    source, kept = make_proposal(consultation), make_proposal(consultation)
    login(staff)
    response = client.post(
        f"{M}/proposals/{source.id}/merge?q=arboles", data={"target_id": str(kept.id)}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/proposals/{kept.id}")
    db.session.expire_all()
    assert db.session.get(Proposal, source.id).merged_into_id == kept.id


def test_wrong_choices_keep_the_form_with_422(client, login, municipality, staff):
    consultation = make_consultation(municipality, phase="supports")
    source, kept = make_proposal(consultation), make_proposal(consultation)
    elsewhere = make_proposal(make_consultation(municipality))
    login(staff)
    url = f"{M}/proposals/{source.id}/merge"
    for bad in ("", "0", "abc", str(source.id), str(elsewhere.id), "99999", "9" * 30):
        response = client.post(url, data={"target_id": bad})
        assert response.status_code == 422, bad
        assert 'id="target_id"' in response.text and f'value="{kept.id}"' in response.text
        assert 'id="target_id-error"' in response.text
    assert "Choose the proposal to keep." in client.post(url, data={"target_id": "0"}).text
    assert db.session.get(Proposal, source.id).merged_into_id is None


def test_merge_picker_is_for_staff_only(client, login, municipality, resident):
    consultation = make_consultation(municipality, phase="supports")
    source, kept = make_proposal(consultation), make_proposal(consultation)
    login(resident)
    assert client.get(f"{M}/proposals/{source.id}/merge?q=x").status_code == 403
    response = client.post(f"{M}/proposals/{source.id}/merge", data={"target_id": kept.id})
    assert response.status_code == 403
