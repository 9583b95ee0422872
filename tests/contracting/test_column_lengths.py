"""Text that passes every check of its own but not its column: a clear refusal, never a 500.

PostgreSQL refuses text longer than its column (SQLite keeps it), so each case was a server
error in production and passed on the default database.
"""

from __future__ import annotations

import copy
import json

import pytest

from participa.contracting.models import Party
from tests.contracting.conftest import upload_refused
from tests.contracting.test_import import BASE, PACKAGE
from tests.rows import count_rows

CSV_HEADER = "identifier;title;buyer_name;procurement_method;currency;supplier_name;" \
             "supplier_scheme;supplier_id;award_amount\n"  # fmt: skip
TOGETHER = "The identifier scheme and the identifier together are too long"


def test_a_scheme_and_identifier_too_long_together_on_the_form(client, municipality, staff,
                                                                login):  # fmt: skip
    login(staff)
    response = client.post(f"{BASE}/staff/parties/new", data={
        "name": "Empresa", "scheme": "S" * 40, "identifier": "1" * 80})  # fmt: skip
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert TOGETHER in page and "1" * 80 in page  # what was typed stays
    assert count_rows(Party) == 0


def test_a_scheme_and_identifier_too_long_together_in_a_csv(client, municipality, staff, login):
    login(staff)
    row = f"LED-1;Luminarias;Obras;open;ARS;Luz SA;{'S' * 40};{'1' * 80};1000\n"
    upload_refused(client, CSV_HEADER + row, "import.csv", TOGETHER)


@pytest.mark.parametrize(
    "field,value,message",
    [("date", "2024-03-01T09:00:00." + "0" * 30 + "-03:00", "is too long (at most 40"),
     ("ocid", "ocds-213czf-" + "A" * 80 + "\n", "may only contain letters")],
)  # fmt: skip
def test_release_values_too_long_for_their_columns(client, municipality, staff, login, field,
                                                    value, message):  # fmt: skip
    # A date is kept exactly as written (any number of decimals is valid RFC 3339), and a final
    # newline slipped past the identifier's pattern ($ matches before it).
    package = copy.deepcopy(PACKAGE)
    for release in package["releases"]:
        release[field] = value
    login(staff)
    upload_refused(client, json.dumps(package), "package.json", message)
