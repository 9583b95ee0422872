"""The lists run a fixed number of queries whatever the number of results and processes, and
their totals count each process once."""

from __future__ import annotations

from decimal import Decimal

from flask import g

from participa.contracting import services as contracting
from participa.contracting.models import ProcurementProcess
from participa.extensions import db
from participa.followup import queries
from participa.followup.models import Result
from tests.followup.conftest import contracted_process, make_parties, make_result


def _results_with_processes(app, municipality, staff, count: int, parties) -> list[Result]:
    buyer, supplier = parties
    made = []
    for n in range(count):
        result = make_result(municipality, staff, title=f"Obra {n}", amount=1000)
        process = contracted_process(municipality, staff, buyer, supplier, title=f"Proceso {n}",
                                     amount=100)  # fmt: skip
        with app.test_request_context():
            g.municipality = municipality
            contracting.link_process(process, actor=staff, kind="followup_result",
                                     target_id=result.id)  # fmt: skip
        db.session.commit()
        made.append(result)
    return made


def _queries_for(client, count_queries, url: str) -> int:
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    return counter.count


def test_the_lists_query_count_does_not_grow_with_the_results(
    app, client, count_queries, municipality, other_municipality, staff, other_staff
):
    parties = make_parties(municipality, staff)
    _results_with_processes(app, municipality, staff, 2, parties)
    url = f"/m/{municipality.slug}/follow-up/"
    few = _queries_for(client, count_queries, url)
    few_network = _queries_for(client, count_queries, "/follow-up/")
    _results_with_processes(app, municipality, staff, 6, parties)
    # The network list names each result's municipality: more of them, same queries.
    _results_with_processes(app, other_municipality, other_staff, 3,
                            make_parties(other_municipality, other_staff, "2"))  # fmt: skip
    assert _queries_for(client, count_queries, url) == few
    assert _queries_for(client, count_queries, "/follow-up/") == few_network
    # The municipality, the page (count and rows), figures, two totals, status counts,
    # districts: well under a query per result.
    assert few <= 10, few
    assert few_network <= 10, few_network


def test_totals_count_a_process_once_and_keep_currencies_apart(app, municipality, staff):
    parties = make_parties(municipality, staff)
    first, second = _results_with_processes(app, municipality, staff, 2, parties)
    # The first result's process also carries out the second one's proposal.
    process_id = db.session.scalars(
        queries.process_ids(first)
    ).one()  # fmt: skip
    with app.test_request_context():
        g.municipality = municipality
        contracting.link_process(db.session.get(ProcurementProcess, process_id),
                                 actor=staff, kind="proposal",
                                 target_id=second.source_id)  # fmt: skip
    db.session.commit()
    figures = queries.figures([first, second])
    assert figures[second.id].processes == 2
    assert figures[second.id].money["ARS"].awarded == Decimal(200)
    [ars] = queries.totals(queries.listing_query(municipality, queries.Filters()))
    assert (ars.currency, ars.voted, ars.awarded) == ("ARS", Decimal(2000), Decimal(200))
    only_first = queries.listing_query(municipality, queries.Filters(status="planned"))
    assert queries.totals(only_first)[0].voted == Decimal(2000)
    assert queries.totals(queries.listing_query(municipality, queries.Filters(
        status="completed"))) == []  # fmt: skip
