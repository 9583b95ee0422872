"""Demo challenges: Bahía Blanca's LabBahía open-innovation call run with a university, with
solutions, a shortlist and its report; and a co-design lab of the association amb-bolivia,
open for solutions."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from participa.challenges import services
from participa.challenges.models import Challenge
from participa.core.mail import url_context
from participa.db import utcnow
from participa.extensions import db

if TYPE_CHECKING:
    from participa.municipalities.models import Municipality

logger = logging.getLogger(__name__)

LAB_TITLE = "LabBahía: datos abiertos para un transporte público más puntual"
AMB_TITLE = "Laboratorio de co-diseño: ventanilla única municipal en línea"


def load_demo(context: dict[str, Any]) -> None:
    """A closed open-innovation call in Bahía Blanca and an open co-design lab in amb-bolivia."""
    members = context.get("municipalities", {})
    users = context.get("users", {})
    with url_context():
        bahia, staff = members.get("bahia-blanca"), users.get("laura.staff@bahiablanca.demo")
        if bahia is not None and staff is not None:
            _labbahia(bahia, staff, users)
        amb, rosa = members.get("amb-bolivia"), users.get("rosa.staff@amb.demo")
        if amb is not None and rosa is not None:
            _amb_lab(amb, rosa, users)
    logger.info("challenges demo loaded")


def _exists(municipality: Municipality, title: str) -> bool:
    return (
        db.session.scalars(
            select(Challenge.id).where(
                Challenge.municipality_id == municipality.id, Challenge.title == title
            )
        ).first()
        is not None
    )


def _labbahia(bahia: Any, staff: Any, users: dict[str, Any]) -> None:
    if _exists(bahia, LAB_TITLE):
        return
    now = utcnow()
    challenge = services.create_challenge(bahia, actor=staff, data={
        "kind": "open_innovation",
        "title": LAB_TITLE,
        "topic": "open_data",
        "problem": (
            "Los colectivos de Bahía Blanca publican sus recorridos, pero no sus horarios reales. "
            "Buscamos soluciones que usen los **datos abiertos** de GPS del transporte para "
            "avisar a los vecinos cuándo llega su colectivo."
        ),
        "rules": (
            "1. Pueden participar personas, equipos y organizaciones.\n"
            "2. Las soluciones deben usar datos abiertos y publicar su código con licencia libre.\n"
            "3. Un jurado del municipio y de la Universidad Nacional del Sur evalúa impacto, "
            "viabilidad y accesibilidad.\n"
            "4. La solución ganadora recibe un piloto de seis meses con el municipio."
        ),
        "sessions": "Jornada de co-diseño con usuarios del transporte en la Biblioteca Rivadavia.",
        "closes_at": now + timedelta(days=30),
    })  # fmt: skip
    services.add_partner(
        challenge, actor=staff, name="Universidad Nacional del Sur", kind="university",
        agreement_url="https://www.uns.edu.ar/", ends_on=date(now.year + 2, 12, 31),
    )  # fmt: skip
    services.add_partner(challenge, actor=staff, name="Cámara de Comercio de Bahía Blanca",
                         kind="company")  # fmt: skip
    services.publish_challenge(challenge, actor=staff)
    # Published two months ago; its deadline passed a month ago.
    challenge.published_at = now - timedelta(days=60)
    entries = [
        ("sofia@vecinos.demo", "Colectivo a tiempo", None,
         "Una aplicación web que muestra la llegada estimada en cada parada, sin instalar nada."),
        ("joao@vecinos.demo", "Paradas que hablan", "Cooperativa Sur Digital",
         "Carteles con código QR en las paradas y avisos por mensajería para quienes no usan "
         "teléfonos inteligentes."),
        ("emily@visitors.demo", "Open bus feed", None,
         "A GTFS-Realtime feed published from the GPS data, so any app can use it."),
    ]  # fmt: skip
    solutions = []
    for email, title, organisation, description in entries:
        author = users.get(email)
        if author is not None:
            solutions.append(services.submit_solution(challenge, author=author, data={
                "title": title, "description": description, "organisation": organisation,
            }))  # fmt: skip
    challenge.closes_at = now - timedelta(days=30)
    services.evaluate_challenge(challenge, actor=staff)
    if solutions:
        services.shortlist_solution(solutions[0], actor=staff, status="winner",
                                    note="Sencilla, accesible y lista para un piloto.")  # fmt: skip
    if len(solutions) > 1:
        services.shortlist_solution(solutions[1], actor=staff, status="shortlisted",
                                    note="Llega a quienes no usan aplicaciones.")  # fmt: skip
    services.close_challenge(challenge, actor=staff, report=(
        "## Resultado\n\nRecibimos propuestas de vecinos, equipos y una cooperativa.\n\n"
        "## Ganadora\n\n**Colectivo a tiempo** hará un piloto de seis meses en las líneas 500 y "
        "502.\n\n## Próximos pasos\n\nEl municipio publicará los datos de GPS en tiempo real y "
        "evaluará el piloto con la Universidad Nacional del Sur."
    ))  # fmt: skip
    challenge.closed_at = now - timedelta(days=10)


def _amb_lab(amb: Any, rosa: Any, users: dict[str, Any]) -> None:
    if _exists(amb, AMB_TITLE):
        return
    now = utcnow()
    challenge = services.create_challenge(amb, actor=rosa, data={
        "kind": "co_design_lab",
        "title": AMB_TITLE,
        "topic": "digital_government",
        "problem": (
            "Los municipios asociados quieren que los vecinos hagan sus trámites en un solo lugar. "
            "Diseñamos juntos, con vecinos y funcionarios, cómo debería ser esa ventanilla."
        ),
        "rules": (
            "- Participan vecinos, funcionarios municipales y organizaciones.\n"
            "- Las ideas se comparten con licencia libre para todos los municipios asociados.\n"
            "- Las propuestas preseleccionadas se prueban en dos municipios piloto."
        ),
        "sessions": "Tres sesiones en línea, los martes a las 18 h, con prototipos en papel.",
        "closes_at": now + timedelta(days=5, hours=6),
    })  # fmt: skip
    services.add_partner(
        challenge, actor=rosa, name="Fundación Ciudadanía Digital", kind="civil_society",
        agreement_url="https://example.org/convenio-amb.pdf",
    )  # fmt: skip
    services.publish_challenge(challenge, actor=rosa)
    author = users.get("ana@vecinos.demo")
    if author is not None:
        services.submit_solution(challenge, author=author, data={
            "title": "Trámites con turno en línea",
            "description": "Pedir el turno en línea y recibir un aviso cuando falte poco.",
        })  # fmt: skip
