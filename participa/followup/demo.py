"""Demo follow-up: Bahía Blanca carries out its accepted proposals, from the official answer to
the payments of the contracts (the tender open contracting's demo linked, carried further)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from participa.accounts.models import User
from participa.contracting import services as contracting
from participa.contracting import stages
from participa.contracting.models import Party, ProcurementProcess
from participa.core.mail import url_context
from participa.extensions import db
from participa.followup import services
from participa.followup.models import Result, ResultUpdate, Status
from participa.followup.queries import LINK_KIND
from participa.proposals import services as proposals
from participa.proposals.models import Proposal

if TYPE_CHECKING:
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)

SLUG = "bahia-blanca"
STAFF = "laura.staff@bahiablanca.demo"
# Proposals staff accept in the demo, through the official answer (its receiver opens the result).
ACCEPT = {
    "Iluminación LED en la plaza del Sol": "Se incluye en el plan de alumbrado 2026.",
    "Bebederos y sombra en el Parque de Mayo": "Aprobada: la obra se licitará en 2027.",
}


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 13, 0, tzinfo=UTC)


def load_demo(context: dict[str, Any]) -> None:
    """Open the follow-up of the demo's accepted proposals; Bahía Blanca's are in execution."""
    bahia = context["municipalities"].get(SLUG)
    actor = context["users"].get(STAFF)
    if bahia is None or actor is None:
        return
    with url_context():
        _accept(bahia, actor)
        for proposal in db.session.scalars(
            select(Proposal).where(Proposal.state.in_(("accepted", "implemented")))
            .order_by(Proposal.id)
        ):  # fmt: skip
            services.ensure_result(proposal.municipality, "proposal", proposal.id,
                                   title=proposal.title, actor=actor,
                                   description=proposal.answer_text)  # fmt: skip
            result = services.result_of(proposal.municipality, "proposal", proposal.id)
            if result is not None and proposal.state == "implemented":
                _complete(result, proposal)
        _plaza(bahia, actor)
        _lights(bahia, actor)
        _fountains(bahia, actor)
        _trees(bahia, actor)
    logger.info("follow-up demo loaded")


def _proposal(municipality: Municipality, title: str) -> Proposal | None:
    return db.session.scalars(
        select(Proposal).where(Proposal.municipality_id == municipality.id,
                               Proposal.title == title)
    ).first()  # fmt: skip


def _accept(bahia: Municipality, actor: User) -> None:
    for title, answer in ACCEPT.items():
        proposal = _proposal(bahia, title)
        if proposal is not None and proposal.state == "published":
            proposals.answer_proposal(proposal, actor=actor, state="accepted", answer=answer)


def _result(bahia: Municipality, title: str) -> Result | None:
    proposal = _proposal(bahia, title)
    return services.result_of(bahia, "proposal", proposal.id) if proposal else None


def _dated(update: ResultUpdate, when: datetime, result: Result) -> None:
    # The demo tells a story over months: each update keeps the day it happened.
    update.created_at = when
    result.last_update_at = when  # called in the order the updates happened


def _complete(result: Result, proposal: Proposal) -> None:
    if result.status == Status.COMPLETED:
        return
    staff = db.session.get(User, proposal.answered_by_id) if proposal.answered_by_id else None
    update = services.update_result(result, actor=staff, status=Status.COMPLETED, progress=100,
                                    note=proposal.answer_details)  # fmt: skip
    _dated(update, proposal.answered_at or update.created_at, result)


def _supplier(bahia: Municipality, actor: User, name: str, cuit: str) -> Party:
    found = contracting.party_by_ocds_id(bahia, f"AR-CUIT-{cuit}")
    return found or contracting.create_party(bahia, actor=actor, data={
        "name": name, "scheme": "AR-CUIT", "identifier": cuit, "locality": "Bahía Blanca",
        "country_name": "Argentina"})  # fmt: skip


def _tender(bahia: Municipality, actor: User, *, title: str, identifier: str, method: str,
            method_details: str, category: str, amount: int, start: datetime,
            end: datetime) -> ProcurementProcess:  # fmt: skip
    """A new process of the municipality's first public body, its tender open from ``start``."""
    buyers = contracting.parties_of(bahia, public_bodies=True)
    process = contracting.create_process(bahia, actor=actor, title=title, identifier=identifier,
                                         buyer=buyers[0] if buyers else None)  # fmt: skip
    stages.save_tender(process, actor=actor, date=_at(start.year, start.month, start.day),
                       procuring_entity=None, data={
        "title": process.title, "status": "active", "procurement_method": method,
        "method_details": method_details, "main_category": category, "value_amount": amount,
        "currency": "ARS", "tender_start": start, "tender_end": end,
    })  # fmt: skip
    return process


def _award_and_pay(process: ProcurementProcess, actor: User, winner: Party, rival: Party, *,
                   amount: int, awarded: date, signed: date, end: date,
                   payments: list[tuple[date, int]]) -> None:  # fmt: skip
    stages.save_tenderers(process, actor=actor, date=_at(awarded.year, awarded.month, 1),
                          party_ids=[winner.ocds_id, rival.ocds_id])  # fmt: skip
    stages.save_award(process, actor=actor, index=None, date=_at(*awarded.timetuple()[:3]), data={
        "status": "active", "date": awarded, "value_amount": amount, "currency": "ARS",
        "suppliers": [winner.ocds_id]})  # fmt: skip
    stages.save_contract(process, actor=actor, index=None, date=_at(*signed.timetuple()[:3]),
                         data={"award_id": process.data["awards"][0]["id"], "status": "active",
                               "value_amount": amount, "currency": "ARS", "date_signed": signed,
                               "start": signed, "end": end})  # fmt: skip
    last = payments[-1][0]
    stages.save_implementation(process, actor=actor, index=0, date=_at(*last.timetuple()[:3]),
                               data={"transactions": [
                                   {"date": day, "amount": paid, "payee_id": winner.ocds_id}
                                   for day, paid in payments]})  # fmt: skip


def _plaza(bahia: Municipality, actor: User) -> None:
    """Inclusive playground: the tender open contracting linked, awarded, contracted, paid."""
    result = _result(bahia, "Juegos inclusivos en la plaza Rivadavia")
    if result is None:
        return
    result.created_at = _at(2026, 2, 20)  # opened before its tender, as it happened
    details = services.Details(
        title=result.title, description=result.description, district="Centro",
        start_date=date(2026, 5, 4), end_date=date(2027, 2, 26), amount=Decimal(18_500_000),
    )  # fmt: skip
    services.edit_result(result, actor=actor, details=details)
    process = next(iter(contracting.processes_linked_to("proposal", result.source_id)), None)
    if process is not None and not (process.data or {}).get("awards"):
        winner = _supplier(bahia, actor, "Obras del Sur S.A.", "30712345674")
        rival = _supplier(bahia, actor, "Plazas y Parques S.R.L.", "30798765432")
        _award_and_pay(process, actor, winner, rival, amount=17_900_000,
                       awarded=date(2026, 4, 10), signed=date(2026, 4, 20),
                       end=date(2027, 2, 26),
                       payments=[(date(2026, 6, 15), 5_370_000),
                                 (date(2026, 9, 1), 5_370_000)])  # fmt: skip
    for title, due, done in [
        ("Licitación adjudicada", date(2026, 4, 15), date(2026, 4, 10)),
        ("Inicio de obra", date(2026, 5, 4), date(2026, 5, 6)),
        ("Piso de goma y hamacas adaptadas instalados", date(2026, 10, 30), None),
        ("Inauguración", date(2027, 3, 6), None),
    ]:
        services.add_milestone(result, actor=actor, title=title, due_date=due, done_date=done)
    for when, status, progress, note in [
        (_at(2026, 4, 12), Status.IN_PROGRESS, 10, "Adjudicada a Obras del Sur S.A."),
        (_at(2026, 6, 20), Status.IN_PROGRESS, 30, "Demolición de los juegos viejos terminada; "
                                                   "primer certificado de obra pagado."),
        (_at(2026, 9, 5), Status.IN_PROGRESS, 55, "Bases de hormigón listas; llegan las hamacas "
                                                  "adaptadas."),
    ]:  # fmt: skip
        _dated(services.update_result(result, actor=actor, status=status, progress=progress,
                                      note=note), when, result)  # fmt: skip


def _lights(bahia: Municipality, actor: User) -> None:
    """LED lights: a process of its own, linked to the result itself, almost finished."""
    result = _result(bahia, "Iluminación LED en la plaza del Sol")
    if result is None:
        return
    result.created_at = _at(2026, 5, 4)
    details = services.Details(
        title=result.title, description=result.description, district="Universitario",
        start_date=date(2026, 7, 1), end_date=date(2026, 12, 18), amount=Decimal(6_200_000),
    )  # fmt: skip
    services.edit_result(result, actor=actor, details=details)
    process = _tender(bahia, actor, title="Luminarias LED en la plaza del Sol",
                      identifier="2026-EP-002", method="open", method_details="Licitación pública",
                      category="works", amount=6_200_000, start=datetime(2026, 5, 18, 10, 0),
                      end=datetime(2026, 6, 12, 12, 0))  # fmt: skip
    winner = _supplier(bahia, actor, "Electro Bahía S.R.L.", "30711222336")
    rival = _supplier(bahia, actor, "Obras del Sur S.A.", "30712345674")
    _award_and_pay(process, actor, winner, rival, amount=5_950_000, awarded=date(2026, 6, 22),
                   signed=date(2026, 6, 30), end=date(2026, 12, 18),
                   payments=[(date(2026, 8, 14), 2_975_000),
                             (date(2026, 11, 6), 2_380_000)])  # fmt: skip
    contracting.link_process(process, actor=actor, kind=LINK_KIND, target_id=result.id)
    for title, due, done in [
        ("Contrato firmado", date(2026, 6, 30), date(2026, 6, 30)),
        ("Columnas y luminarias colocadas", date(2026, 10, 31), date(2026, 11, 2)),
        ("Sendero iluminado habilitado", date(2026, 12, 18), None),
    ]:
        services.add_milestone(result, actor=actor, title=title, due_date=due, done_date=done)
    for when, progress, note in [
        (_at(2026, 7, 3), 15, "Contrato firmado con Electro Bahía S.R.L."),
        (_at(2026, 11, 9), 85, "Luminarias encendidas; falta el sendero."),
    ]:
        _dated(services.update_result(result, actor=actor, status=Status.IN_PROGRESS,
                                      progress=progress, note=note), when, result)  # fmt: skip


def _fountains(bahia: Municipality, actor: User) -> None:
    """Drinking fountains: accepted, planned for next year, with its first milestones."""
    result = _result(bahia, "Bebederos y sombra en el Parque de Mayo")
    if result is None:
        return
    details = services.Details(
        title=result.title, description=result.description, district="Parque de Mayo",
        start_date=date(2027, 3, 1), end_date=date(2027, 11, 30), amount=Decimal(4_800_000),
    )  # fmt: skip
    services.edit_result(result, actor=actor, details=details)
    for title, due in [("Proyecto ejecutivo", date(2027, 2, 15)),
                       ("Licitación", date(2027, 4, 30))]:  # fmt: skip
        services.add_milestone(result, actor=actor, title=title, due_date=due)


def _trees(bahia: Municipality, actor: User) -> None:
    """A project the participatory budget funded, in execution under its own contract."""
    result = db.session.scalars(
        select(Result).where(Result.municipality_id == bahia.id,
                             Result.source_kind == "budget_project",
                             Result.title == "Arbolado en el barrio Boulevard")
    ).first()  # fmt: skip
    if result is None:
        return
    process = _tender(bahia, actor,
                      title="Arbolado del barrio Boulevard (presupuesto participativo)",
                      identifier="2026-PP-001", method="selective",
                      method_details="Concurso de precios", category="services",
                      amount=7_000_000, start=datetime(2026, 8, 3, 10, 0),
                      end=datetime(2026, 8, 24, 12, 0))  # fmt: skip
    winner = _supplier(bahia, actor, "Vivero Sur Cooperativa", "30715555553")
    rival = _supplier(bahia, actor, "Plazas y Parques S.R.L.", "30798765432")
    _award_and_pay(process, actor, winner, rival, amount=6_650_000, awarded=date(2026, 9, 2),
                   signed=date(2026, 9, 9), end=date(2027, 4, 30),
                   payments=[(date(2026, 10, 20), 1_995_000)])  # fmt: skip
    contracting.link_process(process, actor=actor, kind=LINK_KIND, target_id=result.id)
    services.add_milestone(result, actor=actor, title="Plantación de 120 árboles nativos",
                           due_date=date(2026, 11, 30), done_date=None)  # fmt: skip
    note = "Contrato firmado con Vivero Sur Cooperativa; primeras 40 plantas en la calle Sarmiento."
    update = services.update_result(
        result, actor=actor, status=Status.IN_PROGRESS, progress=30, note=note
    )
    _dated(update, _at(2026, 10, 22), result)
