"""core.tenancy.get_or_404: an object of the request's municipality by id, 404 for another
municipality's or a missing one, through one statement built once per model and options."""

from __future__ import annotations

import pytest
from flask import g
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import NotFound

from participa.consultations.models import Consultation
from participa.consultations.services import with_phases
from participa.core import tenancy
from participa.core.tenancy import get_or_404
from tests.consultations.helpers import make_consultation


def test_finds_its_own_and_answers_404_for_another_municipalitys_id(
    app, municipality, other_municipality
):
    mine, theirs = make_consultation(municipality), make_consultation(other_municipality)
    with app.test_request_context(f"/m/{municipality.slug}/"):
        g.municipality = municipality
        assert get_or_404(Consultation, mine.id) is mine
        assert get_or_404(Consultation, mine.id, with_phases()).phases == mine.phases
        with pytest.raises(NotFound):
            get_or_404(Consultation, theirs.id)
        with pytest.raises(NotFound):
            get_or_404(Consultation, theirs.id + 1000)


def test_the_statement_is_built_once_per_model_and_options(app, municipality, monkeypatch):
    consultation = make_consultation(municipality)
    monkeypatch.setattr(tenancy, "_BY_ID", {})
    with app.test_request_context(f"/m/{municipality.slug}/"):
        g.municipality = municipality
        for _ in range(3):
            get_or_404(Consultation, consultation.id)
            get_or_404(Consultation, consultation.id, with_phases())
        assert len(tenancy._BY_ID) == 2
        # Options built on every call are not kept past the bound: nothing grows without end.
        monkeypatch.setattr(tenancy, "_MOST_KEPT", 3)
        for _ in range(5):
            get_or_404(Consultation, consultation.id, joinedload(Consultation.phases))
        assert len(tenancy._BY_ID) == 3
