"""Fixtures for open contracting: a municipality with an ocid prefix, parties and processes."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from participa.contracting import services, stages
from participa.contracting.validation import errors_in
from participa.extensions import db
from tests.english import _english  # noqa: F401 - an autouse fixture

PREFIX = "ocds-213czf"


@pytest.fixture
def municipality(municipality):
    municipality.ocid_prefix = PREFIX
    db.session.commit()
    return municipality


@pytest.fixture
def other_municipality(other_municipality):
    other_municipality.ocid_prefix = "ocds-othr01"
    db.session.commit()
    return other_municipality


@pytest.fixture
def buyer(municipality, staff):
    party = services.create_party(municipality, actor=staff, data={
        "name": "Secretaría de Obras Públicas", "scheme": "AR-CUIT", "identifier": "30999999991",
        "is_public_body": True, "locality": "Villa Norte"})  # fmt: skip
    db.session.commit()
    return party


def _company(municipality, staff, name: str, identifier: str):
    """A registered company, seen since 2020: before any award the tests make."""
    party = services.create_party(
        municipality,
        actor=staff,
        data={"name": name, "scheme": "AR-CUIT", "identifier": identifier},
    )
    party.first_seen_at = datetime(2020, 1, 1, tzinfo=UTC)
    db.session.commit()
    return party


@pytest.fixture
def supplier(municipality, staff):
    return _company(municipality, staff, "Constructora Sur S.A.", "30711111119")


@pytest.fixture
def rival(municipality, staff):
    return _company(municipality, staff, "Pavimentos del Norte S.R.L.", "30722222229")


TENDER = {
    "title": "Bacheo de calles del barrio centro",
    "description": "Reparación de 400 m2 de calzada.",
    "status": "active",
    "procurement_method": "open",
    "method_details": "Licitación pública",
    "main_category": "works",
    "value_amount": 10_000_000,
    "currency": "ARS",
    "tender_start": datetime(2024, 3, 1, 9, 0),
    "tender_end": datetime(2024, 3, 25, 12, 0),
    "items": [{"description": "Bacheo con hormigón", "quantity": 400, "unit": "m2"}],
    "documents": [{"document_type": "biddingDocuments", "title": "Pliego",
                   "url": "https://example.org/pliego.pdf"}],
}  # fmt: skip


def make_process(municipality, staff, buyer, *, title="Bacheo centro", tender=None, **kwargs):
    """A published process with its tender, optionally awarded and contracted."""
    process = services.create_process(municipality, actor=staff, title=title, buyer=buyer)
    stages.save_tender(process, actor=staff, data=tender or TENDER, procuring_entity=buyer)
    db.session.commit()
    return process


def award_and_contract(process, staff, supplier, *, amount=9_500_000, rivals=()):
    stages.save_tenderers(process, actor=staff,
                          party_ids=[supplier.ocds_id, *[r.ocds_id for r in rivals]])  # fmt: skip
    stages.save_award(process, actor=staff, index=None, data={
        "status": "active", "date": datetime(2024, 3, 28).date(), "value_amount": amount,
        "currency": "ARS", "suppliers": [supplier.ocds_id]})  # fmt: skip
    award_id = process.data["awards"][0]["id"]
    stages.save_contract(process, actor=staff, index=None, data={
        "award_id": award_id, "status": "active", "value_amount": amount, "currency": "ARS",
        "date_signed": datetime(2024, 3, 29).date(), "start": datetime(2024, 4, 1).date(),
        "end": datetime(2024, 6, 30).date()})  # fmt: skip
    db.session.commit()
    return process


@pytest.fixture
def process(municipality, staff, buyer):
    return make_process(municipality, staff, buyer)


def assert_valid(package: dict, schema: str) -> None:
    problems = errors_in(package, schema)
    assert not problems, [str(p) for p in problems]


IMPORT_PAGE = "/m/villa-norte/contracting/staff/import"


def upload(client, content: bytes | str, name: str):
    """Send ``content`` as the file ``name`` through the staff import form."""
    data = content.encode() if isinstance(content, str) else content
    return client.post(IMPORT_PAGE, data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")  # fmt: skip


def upload_refused(client, content: bytes | str, name: str, *messages: str) -> str:
    """Upload a file the import must refuse whole (422, nothing stored) saying ``messages``;
    the page."""
    from participa.contracting.models import ProcurementProcess
    from tests.rows import count_rows

    response = upload(client, content, name)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert all(message in page for message in messages), page[-1500:]
    assert count_rows(ProcurementProcess) == 0
    return page


def upload_accepted(client, content: bytes | str, name: str):
    """Upload a file the import must take (a redirect); when it does not, the failure shows
    the end of the page, where the import lists its problems."""
    response = upload(client, content, name)
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    return response


@pytest.fixture
def published(municipality, staff, buyer, supplier):
    """Two published processes: "Uno", awarded and contracted, and "Dos", its tender only."""
    first = award_and_contract(
        make_process(municipality, staff, buyer, title="Uno"), staff, supplier
    )
    second = make_process(municipality, staff, buyer, title="Dos")
    return first, second
