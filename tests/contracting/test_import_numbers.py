"""Numbers in an imported CSV that no column can hold are problems shown to staff, not a 500."""

from __future__ import annotations

import pytest

from participa.contracting.models import ProcurementProcess
from tests.contracting.conftest import upload
from tests.rows import count_rows

HEADER = (
    "identifier;title;buyer_name;procurement_method;currency;tender_amount;number_of_tenderers\n"
)


@pytest.mark.parametrize(
    "amount,tenderers,message",
    [("1" + "0" * 20, "3", "is too large"), ("2500000", "99999999999999999999", "is too large"),
     ("2500000", "²", "is not a whole number")],
)  # fmt: skip
def test_numbers_too_large_for_the_database(client, municipality, staff, login, amount,
                                            tenderers, message):  # fmt: skip
    login(staff)
    row = f"LED-1;Luminarias;Secretaría de Obras;open;ARS;{amount};{tenderers}\n"
    response = upload(client, HEADER + row, "import.csv")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert count_rows(ProcurementProcess) == 0
