"""Demo procurement: a few dozen processes in every stage for La Paz, some with red flags, and
a shorter list in every other showcase municipality, each reaching implementation.

Generated deterministically (random.Random with a fixed seed), with historical release dates.
"""

from __future__ import annotations

import json
import logging
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from participa.contracting import services, stages
from participa.contracting.models import ContractingSettings
from participa.extensions import db

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.contracting.models import Party
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)
SEED = 2026

UNITS = [
    "Secretaría Municipal de Infraestructura Pública",
    "Secretaría Municipal de Salud Integral",
    "Secretaría Municipal de Educación y Desarrollo Social",
    "Secretaría Municipal de Movilidad",
]
SUPPLIERS = [
    ("Constructora Illimani S.R.L.", "1020304025", 2016),
    ("Pavimentos Andinos S.A.", "1029384756", 2018),
    ("Ingeniería Chuquiago Ltda.", "1987654321", 2015),
    ("Insumos Médicos Altiplano S.A.", "3344556677", 2019),
    ("Tecnología Sopocachi S.R.L.", "4455667788", 2021),
    ("Transportes Mi Teleférico Servicios S.A.", "5566778899", 2017),
    ("Librería y Papelería Murillo", "6677889900", 2014),
    ("Alimentos Escolares Khantuta S.R.L.", "7788990011", 2020),
    ("Señalización Vial Andina Ltda.", "8899001122", 2018),
    ("Consultora Calacoto S.R.L.", "9900112233", 2022),
    ("Servicios Generales Miraflores", "1122334455", 2016),
    # New: wins its first award, then a tender that opens a few weeks later (a red flag).
    ("Nueva Obra Express S.R.L.", "2233445566", None),
]
# (title, unit, category, method, estimate in BOB, classification)
PURCHASES = [
    ("Mantenimiento de graderías en el barrio Villa Fátima", 0, "works", "open", 1_850_000),
    ("Construcción de muro de contención en Alto Sopocachi", 0, "works", "open", 3_400_000),
    ("Bacheo de la avenida Buenos Aires", 0, "works", "open", 2_200_000),
    ("Pavimento rígido calle Jaimes Freyre", 0, "works", "selective", 1_600_000),
    ("Canalización del río Orkojahuira, tramo 3", 0, "works", "open", 7_800_000),
    ("Equipamiento del Hospital Municipal La Merced", 1, "goods", "open", 2_900_000),
    ("Insumos de laboratorio para centros de salud", 1, "goods", "selective", 640_000),
    ("Vacunas antirrábicas para la campaña 2025", 1, "goods", "direct", 380_000),
    ("Servicio de limpieza de centros de salud", 1, "services", "open", 1_150_000),
    ("Desayuno escolar, gestión 2025", 2, "goods", "open", 9_600_000),
    ("Mobiliario para unidades educativas de la ladera oeste", 2, "goods", "open", 1_300_000),
    ("Computadoras para telecentros educativos", 2, "goods", "selective", 870_000),
    ("Material didáctico para educación inicial", 2, "goods", "limited", 240_000),
    ("Refacción de baños en la Unidad Educativa Bolivia", 2, "works", "open", 520_000),
    ("Señalización horizontal del centro histórico", 3, "works", "open", 760_000),
    ("Semáforos inteligentes en la avenida 6 de Agosto", 3, "goods", "open", 2_450_000),
    ("Mantenimiento de buses PumaKatari", 3, "services", "direct", 1_900_000),
    ("Estudio de movilidad urbana zona Sur", 3, "services", "selective", 450_000),
    ("Paradas seguras para el transporte escolar", 3, "works", "open", 980_000),
    ("Consultoría de diseño del parque lineal Choqueyapu", 0, "services", "limited", 310_000),
    ("Adquisición de maquinaria de bacheo", 0, "goods", "open", 4_100_000),
    ("Uniformes para guardias municipales", 3, "goods", "open", 410_000),
    ("Reposición de luminarias en Pampahasi", 0, "goods", "open", 690_000),
    ("Servicio de vigilancia de mercados municipales", 0, "services", "open", 1_250_000),
    ("Fumigación de mercados y ferias", 1, "services", "direct", 150_000),
    ("Ampliación del centro de salud Villa Armonía", 1, "works", "open", 3_050_000),
    ("Impresión de textos de educación vial", 2, "goods", "limited", 95_000),
    ("Mantenimiento de áreas verdes en Obrajes", 0, "services", "open", 560_000),
    ("Cámaras de seguridad en parques", 3, "goods", "selective", 1_480_000),
    ("Puente peatonal en la avenida Periférica", 0, "works", "open", 5_200_000),
    ("Software de gestión de trámites", 3, "services", "direct", 2_600_000),
    ("Ropa de trabajo para personal de limpieza", 0, "goods", "open", 330_000),
]  # fmt: skip
# Stage reached by each purchase, cycling: every stage is represented.
STAGE_CYCLE = ["implementation", "contract", "award", "tender", "implementation", "contract",
               "planning", "implementation"]  # fmt: skip


@dataclass(frozen=True)
class Buyer:
    """One municipality's procurement conventions: names, currency, identifiers and portal."""

    slug: str
    staff: str
    publisher: tuple[str, str, str]  # name, identifier scheme, identifier
    currency: str
    threshold: int  # above it, a non-competitive method is a red flag
    place: tuple[str, str]  # locality, country name
    code: str  # middle part of each process identifier
    portal: str  # base of the documents' addresses
    plan: str  # the planning stage's rationale
    funding: str
    bidding_documents: str  # the title of the tender's bidding documents
    methods: dict[str, str]  # OCDS procurement method -> its local name
    units: list[str]
    # The last supplier is new: it wins the awards listed in new_supplier_at.
    suppliers: list[tuple[str, str]]
    purchases: list[tuple[str, int, str, str, int]]
    start: datetime
    new_supplier_at: tuple[int, ...] = ()


LA_PAZ = Buyer(
    slug="la-paz", staff="carla.staff@lapaz.demo",
    publisher=("Gobierno Autónomo Municipal de La Paz", "BO-NIT", "1029229028"), currency="BOB",
    threshold=500_000, place=("La Paz", "Bolivia"), code="GAMLP",
    portal="https://sicoes.example.bo", plan="Incluido en el Plan Operativo Anual de la gestión.",
    funding="Recursos propios e IDH", bidding_documents="Documento Base de Contratación",
    methods={"open": "Licitación Pública",
             "selective": "Apoyo Nacional a la Producción y Empleo (ANPE)",
             "limited": "Contratación por Excepción", "direct": "Contratación Directa"},
    units=UNITS, suppliers=[(name, nit) for name, nit, _since in SUPPLIERS], purchases=PURCHASES,
    start=datetime(2024, 2, 5, 13, 0, tzinfo=UTC), new_supplier_at=(9, 12),
)  # fmt: skip


def _buyer(data: dict[str, Any]) -> Buyer:
    return Buyer(**{
        **data, "publisher": tuple(data["publisher"]), "place": tuple(data["place"]),
        "suppliers": [tuple(row) for row in data["suppliers"]],
        "purchases": [tuple(row) for row in data["purchases"]],
        "start": datetime.fromisoformat(data["start"]),
    })  # fmt: skip


# The newcomer's story (README): every other showcase municipality publishes a shorter list
# whose stages cycle too, so each has a process with all its stages published.
OTHER_BUYERS = [
    _buyer(data)
    for data in json.loads(
        (Path(__file__).parent / "data" / "demo-buyers.json").read_text(encoding="utf-8")
    )
]


def load_demo(context: dict[str, Any]) -> None:
    """Add parties, settings and procurement processes in every stage to each showcase
    municipality."""
    for buyer in (LA_PAZ, *OTHER_BUYERS):
        if buyer.slug in context["municipalities"]:
            _buyer_processes(context, buyer)
    _linked_bahia_process(context)


def _buyer_processes(context: dict[str, Any], buyer: Buyer) -> None:
    municipality = context["municipalities"][buyer.slug]
    actor = context["users"].get(buyer.staff)
    rng = random.Random(SEED)
    name, scheme, uid = buyer.publisher
    db.session.add(ContractingSettings(
        municipality_id=municipality.id, publisher_name=name, publisher_scheme=scheme,
        publisher_uid=uid, currency=buyer.currency, license_url=services.DEFAULT_LICENSE,
        non_competitive_threshold=Decimal(buyer.threshold),
    ))  # fmt: skip
    db.session.flush()
    locality, country = buyer.place
    units = [services.create_party(municipality, actor=actor, data={
        "name": unit, "is_public_body": True, "locality": locality, "country_name": country})
        for unit in buyer.units]  # fmt: skip
    suppliers = [services.create_party(municipality, actor=actor, data={
        "name": supplier, "scheme": scheme, "identifier": identifier, "locality": locality,
        "country_name": country}) for supplier, identifier in buyer.suppliers]  # fmt: skip
    for n, (title, unit, category, method, estimate) in enumerate(buyer.purchases):
        opened = buyer.start + timedelta(days=n * 19 + rng.randint(0, 9))
        stage = STAGE_CYCLE[n % len(STAGE_CYCLE)]
        _process(buyer, municipality, actor, rng, n, opened, stage, title, units[unit], category,
                 method, estimate, suppliers)  # fmt: skip
    logger.info("contracting demo: %s processes in %s", len(buyer.purchases), buyer.slug)


def _process(buyer: Buyer, municipality: Municipality, actor: User, rng: random.Random, n: int,
             opened: datetime, stage: str, title: str, unit: Party, category: str, method: str,
             estimate: int, suppliers: list[Party]) -> None:  # fmt: skip
    year = opened.year
    currency = buyer.currency
    process = services.create_process(
        municipality, actor=actor, title=title, identifier=f"{year}-{buyer.code}-{n + 1:03d}",
        buyer=unit, description=f"Proceso de contratación de la {unit.name}.",
    )  # fmt: skip
    day = timedelta(days=1)
    stages.save_planning(process, actor=actor, date=opened - 20 * day, data={
        "rationale": buyer.plan, "budget_description": buyer.funding, "budget_amount": estimate,
        "budget_currency": currency, "project": title})  # fmt: skip
    if stage == "planning":
        return
    # Flags on purpose: short tender periods, single bidders, awards above estimate, new supplier.
    period = 6 if n % 9 == 3 else rng.choice([15, 20, 21, 30])
    stages.save_tender(process, actor=actor, date=opened, procuring_entity=unit, data={
        "title": title, "status": "active", "procurement_method": method,
        "method_details": buyer.methods[method], "main_category": category,
        "value_amount": estimate, "currency": currency,
        "tender_start": opened.replace(tzinfo=None) - timedelta(hours=4),
        "tender_end": opened.replace(tzinfo=None) + period * day,
        "award_criteria": "priceOnly",
        "items": [{"description": title, "quantity": rng.choice([1, 10, 120, 400]),
                   "unit": rng.choice(["unidad", "m2", "servicio", "lote"])}],
        "documents": [{"document_type": "tenderNotice", "title": "Convocatoria",
                       "url": f"{buyer.portal}/convocatorias/{process.identifier}.pdf"},
                      {"document_type": "biddingDocuments", "title": buyer.bidding_documents,
                       "url": f"{buyer.portal}/dbc/{process.identifier}.pdf"}],
    })  # fmt: skip
    if stage == "tender":
        return
    regular, newcomer = suppliers[:-1], suppliers[-1]
    winner = newcomer if n in buyer.new_supplier_at else regular[rng.randrange(0, len(regular))]
    count = 1 if (method in ("direct", "limited") or n % 7 == 2) else rng.randint(2, 5)
    count = min(count, len(regular))
    bidders = [winner, *rng.sample([s for s in regular if s is not winner], count - 1)]
    closed = opened + (period + 2) * day
    stages.save_tenderers(process, actor=actor, date=closed,
                          party_ids=[s.ocds_id for s in bidders])  # fmt: skip
    factor = Decimal("1.35") if n % 10 == 5 else Decimal(rng.randint(82, 99)) / 100
    amount = int(Decimal(estimate) * factor)
    awarded = closed + 5 * day
    # One award published five weeks late.
    published = awarded + (38 * day if n % 11 == 4 else 2 * day)
    stages.save_award(process, actor=actor, index=None, date=published, data={
        "status": "active", "date": awarded.date(), "value_amount": amount, "currency": currency,
        "suppliers": [winner.ocds_id]})  # fmt: skip
    if stage == "award":
        return
    signed = published + 6 * day
    stages.save_contract(
        process,
        actor=actor,
        index=None,
        date=signed + day,
        data={
            "award_id": process.data["awards"][0]["id"],
            "status": "active",
            "value_amount": amount,
            "currency": currency,
            "date_signed": signed.date(),
            "start": (signed + 7 * day).date(),
            "end": (signed + 120 * day).date(),
            "documents": [
                {
                    "document_type": "contractSigned",
                    "title": "Contrato firmado",
                    "url": f"{buyer.portal}/contratos/{process.identifier}.pdf",
                }
            ],
        },
    )
    if stage == "contract":
        return
    paid = signed + 45 * day
    stages.save_implementation(process, actor=actor, index=0, date=paid + day, data={
        "milestones": [{"title": "Orden de proceder", "status": "met",
                        "due_date": (signed + 7 * day).date(),
                        "date_met": (signed + 8 * day).date()},
                       {"title": "Entrega final", "status": "scheduled",
                        "due_date": (signed + 120 * day).date()}],
        "transactions": [{"date": paid.date(), "amount": amount // 2, "payee_id": winner.ocds_id}],
    })  # fmt: skip
    if n % 8 == 0:
        stages.amend(process, actor=actor, target="contract:0", date=paid + 10 * day,
                     rationale="Ampliación de metas por obras complementarias.",
                     new_amount=Decimal(int(amount * 1.3)),
                     new_end=(signed + 180 * day).date())  # fmt: skip


def _linked_bahia_process(context: dict[str, Any]) -> None:
    """Bahía Blanca carries out its accepted proposal through a tender linked to it."""
    from participa.proposals.models import Proposal

    bahia = context["municipalities"].get("bahia-blanca")
    actor = context["users"].get("laura.staff@bahiablanca.demo")
    proposal = db.session.scalars(
        select(Proposal).where(Proposal.municipality_id == bahia.id, Proposal.state == "accepted")
    ).first() if bahia else None  # fmt: skip
    if proposal is None:
        return
    unit = services.create_party(
        bahia, actor=actor, data={"name": "Secretaría de Espacios Públicos", "is_public_body": True}
    )
    process = services.create_process(bahia, actor=actor, title=f"Obra: {proposal.title}",
                                      identifier="2026-EP-001", buyer=unit)  # fmt: skip
    opened = datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
    stages.save_tender(
        process,
        actor=actor,
        date=opened,
        procuring_entity=unit,
        data={
            "title": proposal.title,
            "status": "active",
            "procurement_method": "open",
            "method_details": "Licitación pública",
            "main_category": "works",
            "value_amount": 18_500_000,
            "currency": "ARS",
            "tender_start": datetime(2026, 3, 2, 10, 0),
            "tender_end": datetime(2026, 3, 27, 12, 0),
        },
    )
    services.link_process(process, actor=actor, kind="proposal", target_id=proposal.id)
