"""Demo consultations in several municipalities and the legislature, each in a different phase."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from participa.consultations.models import PHASE_KINDS, Category, Consultation, Phase
from participa.db import utcnow
from participa.extensions import db

CATEGORIES = {
    "bahia-blanca": ["Espacios verdes", "Movilidad", "Seguridad"],
    "la-paz": ["Movilidad", "Ambiente"],
    "valparaiso": ["Urbanismo", "Patrimonio"],
    "envigado": ["Innovación"],
    "congreso-virtual": ["Participación ciudadana"],
}

# (slug, key, title, category, phase open now or None for a draft, settings, summary, body)
# municipality, key, title, category, phase (None: a draft), settings, summary, body
CONSULTATIONS: list[tuple[str, str, str, str, str | None, dict[str, Any], str, str]] = [
    ("bahia-blanca", "verdes", "Presupuesto participativo 2027: espacios verdes", "Espacios verdes",
     "supports", {"supports_per_person": 3, "support_threshold": 5},
     "Decidí en qué plazas y parques se invierten 80 millones de pesos del presupuesto 2027.",
     "## ¿De qué se trata?\n\nEl Municipio destina una parte del presupuesto 2027 a obras en "
     "espacios verdes que proponen los vecinos y las vecinas.\n\n## ¿Cómo participar?\n\n"
     "1. Hasta el cierre de la etapa de propuestas, cualquiera con cuenta confirmada pudo "
     "proponer.\n2. Ahora podés **apoyar hasta 3 propuestas**.\n3. Las que superen 5 apoyos "
     "pasan a la evaluación técnica."),
    ("bahia-blanca", "arbolado", "Plan de arbolado urbano 2027-2030", "Espacios verdes",
     "information", {},
     "Queremos saber qué especies y qué calles priorizar en el nuevo plan de arbolado.",
     "El plan de arbolado define qué árboles se plantan, dónde y cómo se cuidan. En la etapa "
     "de información publicamos el diagnóstico del arbolado actual."),
    ("la-paz", "movilidad", "Movilidad y transporte público", "Movilidad", "proposals",
     {"participation": "verified", "supports_per_person": 5, "support_threshold": 20},
     "Propuestas para mejorar el PumaKatari, el teleférico y la caminabilidad de la ciudad.",
     "## Consulta ciudadana\n\nEl Gobierno Autónomo Municipal de La Paz abre la consulta para "
     "el plan de movilidad 2027. Solo participan **residentes verificados**.\n\n"
     "- Transporte público masivo\n- Ciclovías y caminabilidad\n- Seguridad vial"),
    ("valparaiso", "cerros", "Plan de cerros", "Urbanismo", "results",
     {"support_threshold": 3},
     "Escaleras, ascensores y miradores: lo que los cerros de Valparaíso necesitan.",
     "El Plan de cerros recoge las propuestas de los cabildos barriales. La Municipalidad ya "
     "respondió cada propuesta que alcanzó el umbral de apoyos."),
    # The legislature's consultation: what citizens expect of a virtual congress.
    ("congreso-virtual", "congreso-participacion",
     "¿Cómo debería el Congreso abrir sus proyectos de ley a la ciudadanía?",
     "Participación ciudadana", "proposals",
     {"participation": "registered", "supports_per_person": 3, "support_threshold": 10},
     "Propuestas para que las y los parlamentarios escuchen a la ciudadanía antes de votar.",
     "## Consulta legislativa\n\nLa Comisión de Gobierno Interior del Congreso Nacional "
     "prepara un reglamento de participación en la tramitación de los proyectos de ley.\n\n"
     "Queremos saber:\n\n- qué proyectos deberían abrirse siempre a comentarios;\n"
     "- cómo deberían responder las comisiones a lo que la ciudadanía propone;\n"
     "- qué plazos son razonables para opinar.\n\nCualquier persona con una cuenta "
     "confirmada puede proponer y apoyar hasta 3 propuestas."),
    ("envigado", "laboratorio", "Laboratorio de innovación ciudadana", "Innovación", None, {},
     "Borrador: retos de innovación abierta para 2027.",
     "Borrador en preparación por el equipo de la Alcaldía."),
]  # fmt: skip
# The newcomer's story (README): in each showcase municipality, a consultation taking proposals
# that any confirmed account may join.
CONSULTATIONS += [
    tuple(row.values())
    for row in json.loads(
        (Path(__file__).parent / "data" / "demo-open-consultations.json").read_text(
            encoding="utf-8"
        )
    )
]


def _timeline(consultation: Consultation, current: str | None) -> None:
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    kinds = ["information", "proposals", "supports", "results", "closed"]
    index = kinds.index(current) if current else 0
    start = now - timedelta(days=14 * index + 7) if current else now + timedelta(days=10)
    for position, kind in enumerate(kinds):
        consultation.phases.append(
            Phase(
                kind=kind,
                position=PHASE_KINDS.index(kind),
                starts_at=start + timedelta(days=14 * position),
                ends_at=start + timedelta(days=14 * (position + 1)),
            )
        )


def load_demo(context: dict[str, Any]) -> None:
    """Add categories and consultations; proposals come from the proposals demo."""
    municipalities = context["municipalities"]
    users = context["users"]
    categories: dict[tuple[str, str], Category] = {}
    for slug, names in CATEGORIES.items():
        for name in names:
            category = Category(municipality_id=municipalities[slug].id, name=name)
            db.session.add(category)
            categories[(slug, name)] = category
    db.session.flush()
    staff = {
        "bahia-blanca": "laura.staff@bahiablanca.demo",
        "la-paz": "carla.staff@lapaz.demo",
        "valparaiso": "camila.staff@valparaiso.demo",
        "envigado": "andres.staff@envigado.demo",
        "congreso-virtual": "ignacio.staff@congreso.demo",
    }
    consultations = {}
    now = utcnow()
    for slug, key, title, category_name, phase, settings, summary, body in CONSULTATIONS:
        consultation = Consultation(
            municipality_id=municipalities[slug].id,
            title=title,
            summary=summary,
            body=body,
            category_id=categories[(slug, category_name)].id,
            status="published" if phase else "draft",
            published_at=now - timedelta(days=30) if phase else None,
            created_by_id=users[staff[slug]].id,
            **settings,
        )
        _timeline(consultation, phase)
        db.session.add(consultation)
        consultations[key] = consultation
    db.session.flush()
    context["consultations"] = consultations
