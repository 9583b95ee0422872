"""A support costs a few statements, however many the person or the proposal already has."""

from __future__ import annotations

from tests import factories
from tests.consultations.helpers import add_supports, make_consultation, make_proposal

M = "/m/villa-norte"


def test_a_support_runs_a_constant_and_small_number_of_queries(
    client, login, municipality, resident, count_queries
):
    consultation = make_consultation(municipality, phase="supports", supports_per_person=10)
    proposals = [make_proposal(consultation) for _ in range(8)]
    ids = [p.id for p in proposals]  # read now: the requests' commits expire the objects
    add_supports(proposals[7], [factories.UserFactory() for _ in range(20)])
    login(resident)
    assert client.post(f"{M}/proposals/{ids[0]}/support").status_code == 302
    with count_queries() as second:
        assert client.post(f"{M}/proposals/{ids[1]}/support").status_code == 302
    for proposal_id in ids[2:6]:
        client.post(f"{M}/proposals/{proposal_id}/support")
    with count_queries() as seventh:
        assert client.post(f"{M}/proposals/{ids[7]}/support").status_code == 302
    assert second.count == seventh.count, seventh.statements
    # Municipality, proposal with its consultation and phases, person, (lock,) both checks in
    # one query, insert, (recount on SQLite,) two counter updates.
    assert seventh.count <= 9, seventh.statements
