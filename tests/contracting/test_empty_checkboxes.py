"""A checkbox list sent with no box ticked is an empty choice, never a server error."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from participa.contracting import forms, stages
from participa.extensions import db
from tests.contracting.confirming import publish


def test_no_box_ticked_is_an_empty_list(app):
    with app.test_request_context("/", method="POST"):
        form = forms.TenderersForm(formdata=MultiDict())
        assert form.tenderers.data == []
        form = forms.TenderersForm(formdata=MultiDict([("tenderers", "a"), ("tenderers", "b")]))
        assert form.tenderers.data == ["a", "b"]
        # Ticks taken away from what was saved: the saved ones do not come back.
        form = forms.TenderersForm(formdata=MultiDict([("csrf_token", "x")]),
                                   data={"tenderers": ["a"]})  # fmt: skip
        assert form.tenderers.data == []
        assert forms.TenderersForm(formdata=None).tenderers.data == []


def test_tenderers_form_with_none_ticked_clears_them(client, login, municipality, staff,
                                                     process, supplier):  # fmt: skip
    stages.save_tenderers(process, actor=staff, party_ids=[supplier.ocds_id])
    db.session.commit()
    login(staff)
    url = f"/m/{municipality.slug}/contracting/staff/processes/{process.id}/tenderers"
    for sent in ({}, {"unrelated": "1"}):  # without, and with, other fields sent
        response = publish(client, url, sent)
        assert response.status_code == 302  # was a 500: the service got None
        db.session.expire_all()
        assert not process.data["tender"].get("tenderers")  # an emptied list is dropped
        assert process.data["tender"]["numberOfTenderers"] == 0
