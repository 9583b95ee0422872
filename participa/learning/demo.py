"""Demo exchanges: the Bolivian association of municipalities with municipalities of the
network (one completed with its outcome, one in progress with messages and a document), and the
two indicator exchanges the indicators feature used to hold. Deterministic."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from participa.core.samples import pdf
from participa.extensions import db
from participa.indicators.models import FrameworkVersion, Indicator
from participa.learning.models import (
    ExchangeMessage,
    ExchangeParticipant,
    LearningExchange,
    ParticipantStatus,
)
from participa.media import services as media

AMB = "amb-bolivia"
ROSA = "rosa.staff@amb.demo"
STAFF = {
    "bahia-blanca": "laura.staff@bahiablanca.demo",
    "la-paz": "carla.staff@lapaz.demo",
    "envigado": "andres.staff@envigado.demo",
    "valparaiso": "camila.staff@valparaiso.demo",
    AMB: ROSA,
}


def _at(month: int, day: int, year: int = 2026) -> datetime:
    return datetime(year, month, day, 14, 0, tzinfo=UTC)


def _indicators() -> dict[str, Indicator]:
    version = db.session.scalars(
        select(FrameworkVersion).order_by(FrameworkVersion.id.desc()).limit(1)
    ).first()
    if version is None:
        return {}
    rows = db.session.scalars(select(Indicator).where(Indicator.version_id == version.id))
    return {i.code: i for i in rows}


def load_demo(context: dict[str, Any]) -> None:
    """Exchanges of the association and the municipalities, with messages and a document."""
    members = context.get("municipalities", {})
    users = context.get("users", {})
    indicators = _indicators()

    def user_id(slug: str) -> int | None:
        return getattr(users.get(STAFF.get(slug, "")), "id", None)

    # (opener, kind, topic, indicator, title, description, created, status, participants
    #  [(member, status, joined)], outcome, finished, messages [(member, text, when)])
    plan: list[tuple[Any, ...]] = [
        (AMB, "offer", "volunteering", None,
         "Redes de voluntariado municipal",
         "La AMB acompañó a 30 municipios en la creación de redes de voluntariado. Ofrecemos "
         "nuestra guía y las lecciones aprendidas.",
         _at(2, 3), "completed", [("la-paz", "joined", _at(2, 10)),
                                 ("envigado", "joined", _at(2, 12))],
         "La Paz y Envigado adaptaron la guía de la AMB: **La Paz** registró 420 voluntarios en "
         "tres meses y **Envigado** publicó su propio reglamento de voluntariado.",
         _at(5, 20),
         [("la-paz", "¿Cómo organizaron la formación de coordinadores?", _at(2, 11)),
          (AMB, "Con dos talleres presenciales y un curso en línea. Les compartimos el material.",
           _at(2, 13))]),
        ("la-paz", "request", "open_data", "DIG-04",
         "Repositorio municipal de datos abiertos",
         "Queremos publicar nuestros datos de obras y presupuesto. ¿Qué estándares y "
         "herramientas usaron otros municipios?",
         _at(9, 1), "in_progress", [(AMB, "joined", _at(9, 3)),
                                    ("bahia-blanca", "joined", _at(9, 4))],
         "", None,
         [(AMB, "Varios municipios asociados usan CKAN. Adjuntamos el resumen de su experiencia.",
           _at(9, 3)),
          ("bahia-blanca", "Nosotros publicamos con el estándar OCDS para las contrataciones.",
           _at(9, 5)),
          ("la-paz", "Gracias. Revisaremos ambos y volvemos con preguntas.", _at(9, 8))]),
        # The exchanges the indicators feature held, as its migration moves them.
        ("bahia-blanca", "request", "digital_government", "DIG-04",
         "DIG-04 · Intercambio sobre el repositorio de datos abiertos",
         "¿Cómo organizaron el repositorio de datos abiertos?",
         _at(3, 1), "in_progress", [("la-paz", "joined", _at(3, 2))], "", None, []),
        ("envigado", "offer", "innovation_labs", "INN-01",
         "INN-01 · Intercambio sobre el laboratorio de innovación",
         "Compartimos cómo creamos nuestro laboratorio de innovación.",
         _at(3, 5), "open", [("valparaiso", "invited", None)], "", None, []),
    ]  # fmt: skip
    made: dict[str, LearningExchange] = {}
    for (opener, kind, topic, code, title, description, created, status, participants,
         outcome, finished, messages) in plan:  # fmt: skip
        if opener not in members or any(m not in members for m, *_ in participants):
            continue
        exchange = LearningExchange(
            municipality_id=members[opener].id, kind=kind, topic=topic,
            indicator_id=indicators[code].id if code in indicators else None,
            title=title, description=description, status=status, outcome=outcome,
            created_by_id=user_id(opener), created_at=created, updated_at=finished or created,
            finished_at=finished, finished_by_id=user_id(opener) if finished else None,
        )  # fmt: skip
        db.session.add(exchange)
        db.session.flush()
        for member, state, joined in participants:
            db.session.add(ExchangeParticipant(
                exchange_id=exchange.id, municipality_id=members[member].id, status=state,
                invited_by_id=user_id(opener) if state == ParticipantStatus.INVITED else None,
                answered_by_id=user_id(member) if joined else None, created_at=joined or created,
                joined_at=joined,
            ))  # fmt: skip
        for member, text, when in messages:
            db.session.add(ExchangeMessage(
                municipality_id=exchange.municipality_id, exchange_id=exchange.id,
                member_id=members[member].id, author_id=user_id(member), body=text,
                created_at=when,
            ))  # fmt: skip
        made[title] = exchange
    db.session.flush()
    shared = made.get("Repositorio municipal de datos abiertos")
    rosa = users.get(ROSA)
    if shared is not None and rosa is not None:
        db.session.refresh(shared)
        media.add_attachment(
            shared, actor=rosa, title="Experiencia CKAN en municipios de la AMB", language="es",
            file=FileStorage(io.BytesIO(pdf("CKAN en municipios de la AMB")), filename="x.pdf"),
        )  # fmt: skip
    db.session.flush()
