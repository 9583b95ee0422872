"""Publishing a stage asks for confirmation: a summary of what becomes public and immutable, a
confirm POST bound to the reviewed fields; anything else publishes nothing (422, as typed)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participa.contracting import services, stages
from participa.contracting.models import Release
from participa.core.models import AuditEntry
from participa.extensions import db
from tests.contracting.confirming import CONFIRM, publish, review
from tests.contracting.test_views import BASE, _tender_form
from tests.rows import count_rows


@pytest.fixture
def process(municipality, staff, buyer):
    """A process with nothing published yet."""
    created = services.create_process(municipality, actor=staff, title="Luminarias", buyer=buyer)
    db.session.commit()
    return created


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_the_review_shows_what_becomes_public_and_stores_nothing(client, login, process, staff):
    login(staff)
    before = _actions()
    response = review(client, f"{BASE}/staff/processes/{process.id}/tender", _tender_form())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Confirm the publication" in page
    assert "public and can never be changed or deleted" in page
    assert "Compra de luminarias LED" in page and "Luminaria LED 150W" in page
    assert 'name="confirm"' in page and 'name="items-0-quantity" value="120"' in page
    assert count_rows(Release) == 0
    assert _actions() == before, "a dry run writes no audit entry"


def test_publishing_without_confirmation_is_refused_and_keeps_the_input(
    client, login, process, staff
):
    login(staff)
    url = f"{BASE}/staff/processes/{process.id}/tender"
    response = client.post(url, data=_tender_form(title="Título tecleado"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Review what will be published, then confirm it." in page
    assert 'value="Título tecleado"' in page
    assert count_rows(Release) == 0


def test_a_token_for_other_data_is_refused(client, login, process, staff):
    login(staff)
    url = f"{BASE}/staff/processes/{process.id}/tender"
    token = CONFIRM.search(review(client, url, _tender_form()).get_data(as_text=True)).group(1)
    changed = client.post(url, data={**_tender_form(value_amount="9999999"), "confirm": token})
    assert changed.status_code == 422
    assert "The data changed since you reviewed it" in changed.get_data(as_text=True)
    forged = client.post(url, data={**_tender_form(), "confirm": "0" * 64})
    assert forged.status_code == 422
    assert count_rows(Release) == 0


def test_going_back_shows_the_form_as_typed(client, login, process, staff):
    login(staff)
    url = f"{BASE}/staff/processes/{process.id}/tender"
    response = client.post(url, data={**_tender_form(title="Otra cosa"), "back": "1"})
    assert response.status_code == 200
    assert 'value="Otra cosa"' in response.get_data(as_text=True)
    assert count_rows(Release) == 0


def test_confirming_publishes_once_with_the_same_audit_entry(
    client, login, municipality, process, staff, buyer
):
    # The audit entry a stage writes without the confirmation step (the service itself).
    other = services.create_process(municipality, actor=staff, title="Otra", buyer=buyer)
    db.session.commit()
    start = len(_actions())
    stages.save_tender(other, actor=staff, data=_form_data(), procuring_entity=None)
    db.session.commit()
    expected = _actions()[start:]
    login(staff)
    start = len(_actions())
    response = publish(client, f"{BASE}/staff/processes/{process.id}/tender", _tender_form())
    assert response.status_code == 302
    assert _actions()[start:] == expected
    assert [r.tags for r in services.releases_of(process)] == [["tender"]]


def _form_data() -> dict:
    # What the tender form hands the service, read through the form itself.
    from werkzeug.datastructures import MultiDict

    from participa.contracting import forms

    form = forms.tender_form(3, formdata=MultiDict(_tender_form()), meta={"csrf": False})
    form.procuring_entity_id.choices = [(0, "—")]
    return form.data
