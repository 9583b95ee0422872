"""The whole demo, every dataset, API answer and catalogue of every municipality: no e-mail
address, no IP address and no census hash of any person appears in any of them."""

from __future__ import annotations

import re

from sqlalchemy import select

from participa.accounts.models import User
from participa.cli import DEMO_PASSWORD
from participa.core.features import demo_steps
from participa.extensions import db
from participa.municipalities.models import CensusEntry, Municipality
from participa.opendata.registry import datasets, datasets_for

IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")


def test_no_dataset_or_catalogue_holds_personal_data(client):
    context: dict = {"password": DEMO_PASSWORD}
    for step in demo_steps():
        step(context)
        db.session.flush()
    db.session.commit()
    secrets = {e.lower() for e in db.session.scalars(select(User.email)) if e}
    secrets |= {h for h in db.session.scalars(select(CensusEntry.id_hash)) if h}
    assert len(secrets) > 10
    network = ("/data.json", "/catalog.jsonld", "/datos/", "/api/v1/municipalities",
               "/api/v1/openapi.json")  # fmt: skip
    answers = [client.get(path) for path in network]
    for member in db.session.scalars(select(Municipality)):
        slug = member.slug
        answers.append(client.get(f"/m/{slug}/datos/"))
        answers.append(client.get(f"/m/{slug}/datos/datapackage.json"))
        answers.append(client.get(f"/api/v1/municipalities/{slug}/datasets"))
        for dataset in datasets():
            if dataset not in datasets_for(member):  # of a feature not serving its kind: a 404
                assert client.get(f"/m/{slug}/datos/{dataset.name}.csv").status_code == 404
                continue
            for fmt in ("csv", "json"):
                answers.append(client.get(f"/m/{slug}/datos/{dataset.name}.{fmt}"))
            answers.append(client.get(f"/api/v1/municipalities/{slug}/datasets/{dataset.name}",
                                      query_string={"limit": 1000}))  # fmt: skip
    rows = 0
    for response in answers:
        assert response.status_code == 200, response.request.path
        text = response.get_data(as_text=True).lower()
        rows += text.count("\n")
        found = [s for s in secrets if s in text]
        assert not found, f"{response.request.path} shows {found[:3]}"
        assert not IPV4.findall(text), response.request.path
    assert rows > 100  # the demo really was read
