"""Demo library: an association's toolkit and guide, a municipality's practice citing two
indicators, a legislature's report and a guide of the network itself, in Spanish and Portuguese."""

from __future__ import annotations

import logging
from typing import Any

from participa.core.mail import url_context
from participa.library import services
from participa.library.services import EntryData

logger = logging.getLogger(__name__)

# (member slug or None for the network, staff e-mail, entry)
ENTRIES: list[tuple[str | None, str, EntryData]] = [
    (
        "amb-bolivia",
        "rosa.staff@amb.demo",
        EntryData(
            kind="toolkit",
            title="Caja de herramientas para abrir datos municipales",
            summary="Plantillas, listas de control y ejemplos para que un municipio pequeño "
            "publique sus primeros conjuntos de datos abiertos en tres meses.",
            body="## Qué contiene\n\n- Inventario de datos\n- Plantilla de licencia\n"
            "- Guía de publicación paso a paso\n\nProbada con seis municipios asociados.",
            topic="open_data",
            language="es",
            licence="cc-by-sa-4.0",
            year=2025,
            authors="Asociación de Municipios de Bolivia",
            links="https://www.opendatacharter.org/ Carta Internacional de Datos Abiertos",
        ),
    ),
    (
        "amb-bolivia",
        "rosa.staff@amb.demo",
        EntryData(
            kind="guide",
            title="Guia de voluntariado municipal",
            summary="Como organizar programas de voluntariado com a comunidade: convocatória, "
            "seguro, reconhecimento e avaliação.",
            body="Guia em português preparada para o intercâmbio com municípios do Brasil.",
            topic="volunteering",
            language="pt",
            licence="cc-by-4.0",
            year=2024,
            authors="Rosa Condori",
        ),
    ),
    (
        "envigado",
        "andres.staff@envigado.demo",
        EntryData(
            kind="practice",
            title="Presupuesto participativo con datos abiertos",
            summary="Cómo Envigado publica cada votación y cada proyecto financiado como datos "
            "abiertos, y qué cambió en la participación.",
            body="La práctica une la plataforma de participación con el portal de datos: cada "
            "consulta publica sus resultados en CSV y JSON el día en que cierra.",
            topic="participation",
            language="es",
            licence="cc-by-4.0",
            year=2025,
            authors="Secretaría de Participación de Envigado",
            indicators=["DIG-04", "PAR-02"],
        ),
    ),
    (
        "congreso-virtual",
        "ignacio.staff@congreso.demo",
        EntryData(
            kind="report",
            title="Informe de participación en proyectos de ley 2025",
            summary="Cuántas personas comentaron los proyectos abiertos y qué cambió en el texto.",
            topic="crowdlaw",
            language="es",
            licence="cc0-1.0",
            year=2025,
        ),
    ),
    (
        None,
        "admin@participa.demo",
        EntryData(
            kind="guide",
            title="Network guide to publishing practices",
            summary="How members document a practice so that others can reuse it: context, steps, "
            "costs, results and the evidence behind them.",
            topic="innovation_labs",
            language="en",
            licence="cc-by-4.0",
            year=2026,
        ),
    ),
]


def load_demo(context: dict[str, Any]) -> None:
    """Publish the demo entries of the members that exist (and of the network)."""
    members = context.get("municipalities") or {}
    users = context.get("users") or {}
    known = {code for code, _name in services.citable_indicators()}
    with url_context():
        for slug, email, data in ENTRIES:
            actor = users.get(email)
            member = members.get(slug) if slug else None
            if actor is None or (slug and member is None):
                continue
            data.indicators = [code for code in data.indicators if code in known]
            entry = services.create_entry(member, data, actor=actor)
            services.publish_entry(entry, actor=actor)
    logger.info("library demo loaded")
