"""Migration 0007 fills the suppliers' earliest award or contract dates of existing processes."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import select

from participa.contracting.models import Party, ProcessParty, ProcurementProcess
from participa.extensions import db

MIGRATION = Path(__file__).parents[2] / "migrations/versions/0007_hardening_open_contracting.py"
COMPILED = {
    "ocid": "ocds-213czf-1", "tender": {"id": "1", "status": "complete"},
    "awards": [{"id": "A1", "date": "2024-02-20T00:00:00-03:00",
                "suppliers": [{"id": "AR-1", "name": "Proveedor"}]}],
    "contracts": [{"id": "C1", "awardID": "A1", "dateSigned": "2024-02-10T00:00:00-03:00"}],
}  # fmt: skip


def _migration():
    spec = importlib.util.spec_from_file_location("migration_0007", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_upgrade_fills_the_earliest_dates_of_existing_suppliers(municipality):
    party = Party(municipality_id=municipality.id, ocds_id="AR-1", name="Proveedor")
    process = ProcurementProcess(
        municipality_id=municipality.id, ocid="ocds-213czf-1", identifier="1", title="Obra",
        data={}, compiled=COMPILED, red_flags=[], release_count=1,
    )  # fmt: skip
    db.session.add_all([party, process])
    db.session.flush()
    db.session.add(ProcessParty(process_id=process.id, party_id=party.id, role="supplier"))
    db.session.add(ProcessParty(process_id=process.id, party_id=party.id, role="tenderer"))
    db.session.commit()

    with (
        db.engine.begin() as connection,
        Operations.context(MigrationContext.configure(connection)),
    ):
        _migration()._h3_fill_earliest_dates()

    db.session.expire_all()
    dates = dict(db.session.execute(select(ProcessParty.role, ProcessParty.earliest_date)).all())
    # The contract was signed before the award's date: the earliest of the two counts.
    assert dates == {"supplier": datetime(2024, 2, 10, 3, tzinfo=UTC), "tenderer": None}
