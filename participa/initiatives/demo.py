"""Demo initiatives: in Bahía Blanca one answered and one collecting signatures; in the virtual
congress one that reached its threshold and waits for an answer."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from participa.accounts.models import User
from participa.db import utcnow
from participa.extensions import db
from participa.initiatives.models import Initiative, InitiativeRules, InitiativeState, Signature
from participa.municipalities.demo import add_residents
from participa.municipalities.models import Membership, Role
from participa.notifications.models import Follow

if TYPE_CHECKING:
    from participa.municipalities.models import Municipality

CONGRESS_RESIDENTS = [
    ("josefa@ciudadania.demo", "Josefa Contreras"),
    ("matias@ciudadania.demo", "Matías Pizarro"),
    ("isidora@ciudadania.demo", "Isidora Muñoz"),
]


def _residents(context: dict[str, Any], municipality: Municipality) -> list[User]:
    return add_residents(context, municipality, CONGRESS_RESIDENTS)


def _initiative(
    municipality: Municipality,
    author: User,
    title: str,
    body: str,
    *,
    admitted_days_ago: int,
    rules: InitiativeRules,
    signers: list[User],
    reason: str,
) -> Initiative:
    now = utcnow()
    admitted = now - timedelta(days=admitted_days_ago)
    initiative = Initiative(
        municipality_id=municipality.id, author_id=author.id, title=title, body=body,
        state=InitiativeState.COLLECTING, signature_threshold=rules.signature_threshold,
        answer_days=rules.answer_days, decision_reason=reason, decided_at=admitted,
        admitted_at=admitted, collection_ends_at=admitted + timedelta(days=rules.collection_days),
        signatures_count=len(signers), created_at=admitted - timedelta(days=2),
    )  # fmt: skip
    db.session.add(initiative)
    db.session.flush()
    db.session.add(Follow(user_id=author.id, target_type="initiatives", target_id=initiative.id,
                          municipality_id=municipality.id))  # fmt: skip
    for n, signer in enumerate(signers):
        db.session.add(Signature(initiative_id=initiative.id, user_id=signer.id,
                                 municipality_id=municipality.id,
                                 created_at=admitted + timedelta(hours=n + 1)))  # fmt: skip
    if len(signers) >= rules.signature_threshold:
        reached = admitted + timedelta(hours=len(signers))
        initiative.state = InitiativeState.REACHED
        initiative.reached_at = reached
        initiative.answer_due_at = reached + timedelta(days=rules.answer_days)
    return initiative


def load_demo(context: dict[str, Any]) -> None:
    """Rules and initiatives in a municipality and in the legislature."""
    users = context["users"]
    municipalities = context["municipalities"]
    bahia = municipalities["bahia-blanca"]
    congress = municipalities["congreso-virtual"]
    bahia_rules = InitiativeRules(
        municipality_id=bahia.id,
        enabled=True,
        signature_threshold=5,
        collection_days=60,
        answer_days=30,
        reminder_days=7,
    )
    congress_rules = InitiativeRules(municipality_id=congress.id, enabled=True,
                                     signature_threshold=3, collection_days=90, answer_days=45,
                                     reminder_days=10)  # fmt: skip
    db.session.add_all([bahia_rules, congress_rules])
    bahia_residents = list(
        db.session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.municipality_id == bahia.id, Membership.role == Role.RESIDENT)
            .order_by(User.id)
        )
    )
    sofia = users["sofia@vecinos.demo"]
    answered = _initiative(
        bahia, sofia, "Semáforo sonoro en Alsina y Chiclana",
        "Pedimos un **semáforo con señal sonora** en la esquina de Alsina y Chiclana, donde "
        "cruzan a diario personas ciegas que van al centro de rehabilitación.",
        admitted_days_ago=40, rules=bahia_rules, signers=bahia_residents[:6],
        reason="Es competencia municipal (tránsito) y cumple los requisitos del reglamento.",
    )  # fmt: skip
    answered.state = InitiativeState.ANSWERED
    answered.answered_at = utcnow() - timedelta(days=5)
    answered.answer_text = (
        "La Dirección de Tránsito instalará el semáforo sonoro en el "
        "segundo trimestre, junto con rampas en las cuatro esquinas."
    )
    _initiative(
        bahia, users["joao@vecinos.demo"], "Bebederos en las plazas del centro",
        "Que cada plaza del centro tenga al menos un bebedero público en funcionamiento todo "
        "el año.", admitted_days_ago=10, rules=bahia_rules, signers=bahia_residents[:2],
        reason="Admitida: se trata de espacio público municipal.",
    )  # fmt: skip
    congress_residents = _residents(context, congress)
    _initiative(
        congress, congress_residents[0], "Ley de acceso a la información en lectura fácil",
        "Proponemos que toda respuesta a solicitudes de acceso a la información pública "
        "incluya un **resumen en lectura fácil**.", admitted_days_ago=20, rules=congress_rules,
        signers=congress_residents, reason="Admitida: materia de ley, dentro de la competencia "
        "del congreso.",
    )  # fmt: skip
    db.session.flush()
