"""Demo proposals with supports and official answers, in the demo consultations."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from participa.accounts.models import User
from participa.db import utcnow
from participa.extensions import db
from participa.municipalities.demo import add_residents
from participa.notifications.models import Follow
from participa.proposals import search
from participa.proposals.models import Proposal, Support

if TYPE_CHECKING:
    from participa.consultations.models import Consultation
    from participa.municipalities.models import Municipality

NEIGHBOURS = [
    ("lucia@vecinos.demo", "Lucía Fernández"),
    ("ramiro@vecinos.demo", "Ramiro Sosa"),
    ("paula@vecinos.demo", "Paula Herrera"),
    ("nicolas@vecinos.demo", "Nicolás Romero"),
    ("mercedes@vecinos.demo", "Mercedes Álvarez"),
    ("hernan@vecinos.demo", "Hernán Castro"),
]

# (consultation, author e-mail, title, body, category, place, lat, lon, supporters, answer)
PROPOSALS = [
    ("verdes", "sofia@vecinos.demo", "Juegos inclusivos en la plaza Rivadavia",
     "Proponemos **hamacas adaptadas** y un piso de goma para que chicos y chicas con "
     "discapacidad puedan jugar con sus amigos.", "Espacios verdes", "Plaza Rivadavia",
     -38.7183, -62.2663, 6, ("accepted", "La Secretaría de Espacios Públicos incluirá la obra "
                                "en el plan 2027.", None)),
    ("verdes", "joao@vecinos.demo", "Bebederos y sombra en el Parque de Mayo",
     "En verano no hay dónde cargar agua ni sombra en el circuito aeróbico. Pedimos bebederos y "
     "árboles nativos a lo largo del recorrido.", "Espacios verdes", "Parque de Mayo",
     -38.6996, -62.2699, 4, None),
    ("verdes", "lucia@vecinos.demo", "Huerta comunitaria en Villa Mitre",
     "Recuperar el terreno baldío de calle Garibaldi como huerta comunitaria con la escuela del "
     "barrio.", "Espacios verdes", "Villa Mitre", None, None, 3, None),
    ("verdes", "ramiro@vecinos.demo", "Iluminación LED en la plaza del Sol",
     "La plaza queda a oscuras desde las 20 h. Pedimos luminarias LED y un sendero iluminado.",
     "Seguridad", "Plaza del Sol, barrio Universitario", None, None, 2, None),
    ("verdes", "paula@vecinos.demo", "Bicicleteros en los parques",
     "Instalar bicicleteros seguros en los accesos a los parques para fomentar la movilidad en "
     "bicicleta.", "Movilidad", None, None, None, 1, None),
    ("movilidad", "ana@vecinos.demo", "Carril exclusivo para el PumaKatari en la avenida 6 de "
     "Agosto", "Un carril exclusivo reduciría los tiempos de viaje en hora pico.", "Movilidad",
     "Av. 6 de Agosto", -16.5097, -68.1251, 0, None),
    ("cerros", "tomas@vecinos.demo", "Reparar el ascensor Reina Victoria",
     "El ascensor es patrimonio y la única forma de subir al cerro Concepción para muchas "
     "personas mayores.", "Patrimonio", "Cerro Concepción", -33.0439, -71.6265, 4,
     ("implemented", "El ascensor fue restaurado.", "Obra terminada en marzo con fondos del "
      "Plan de cerros; funciona de 7 a 23 h.")),
    ("cerros", "tomas@vecinos.demo", "Teleférico entre el plan y el cerro Alegre",
     "Un teleférico conectaría el plan con los cerros turísticos.", "Urbanismo",
     "Cerro Alegre", None, None, 3, ("rejected", "No es viable en este plan.",
                                     "El estudio técnico mostró un costo diez veces mayor al "
                                     "presupuesto disponible y un alto impacto patrimonial.")),
]  # fmt: skip


def _neighbours(context: dict[str, Any], municipality: Municipality) -> list[User]:
    return add_residents(context, municipality, NEIGHBOURS)


# Title -> the district (places demo) it is filed under, and coordinates the list above lacks.
DISTRICTS = {
    "Juegos inclusivos en la plaza Rivadavia": "Centro",
    "Bebederos y sombra en el Parque de Mayo": "Parque de Mayo",
    "Huerta comunitaria en Villa Mitre": "Villa Mitre",
    "Carril exclusivo para el PumaKatari en la avenida 6 de Agosto": "Centro",
    "Reparar el ascensor Reina Victoria": "Cerro Concepción",
    "Teleférico entre el plan y el cerro Alegre": "Cerro Alegre",
}
COORDINATES = {
    "Huerta comunitaria en Villa Mitre": (-38.7072, -62.2805),
    "Teleférico entre el plan y el cerro Alegre": (-33.0422, -71.6282),
}


def load_demo(context: dict[str, Any]) -> None:
    """Add proposals, supports and answers to the demo consultations."""
    from participa.consultations.models import Category

    users = context["users"]
    consultations = context["consultations"]
    bahia = context["municipalities"]["bahia-blanca"]
    voters = [
        *_neighbours(context, bahia),
        users["sofia@vecinos.demo"],
        users["joao@vecinos.demo"],
    ]
    staff = {
        "verdes": users["laura.staff@bahiablanca.demo"],
        "movilidad": users["carla.staff@lapaz.demo"],
        "cerros": users["camila.staff@valparaiso.demo"],
    }
    now = utcnow()
    for n, item in enumerate(PROPOSALS):
        key, email, title, body, category, place, lat, lon, supporters, answer = item
        lat, lon = COORDINATES.get(title, (lat, lon))
        consultation = consultations[key]
        author = users[email]
        category_id = db.session.scalar(
            select(Category.id).where(
                Category.municipality_id == consultation.municipality_id, Category.name == category
            )
        )
        proposal = Proposal(
            municipality_id=consultation.municipality_id, consultation_id=consultation.id,
            author_id=author.id, title=title, body=body, category_id=category_id,
            location_text=place, latitude=lat, longitude=lon,
            district_id=context.get("districts", {}).get(
                (consultation.municipality.slug, DISTRICTS.get(title))
            ),
            created_at=now - timedelta(days=20 - n),
        )  # fmt: skip
        db.session.add(proposal)
        db.session.flush()
        db.session.add(Follow(user_id=author.id, target_type="proposals", target_id=proposal.id,
                              municipality_id=proposal.municipality_id))  # fmt: skip
        people = [u for u in voters if u.id != author.id] if key == "verdes" else [
            users[e] for e in ("sofia@vecinos.demo", "joao@vecinos.demo", "emily@visitors.demo",
                               "ana@vecinos.demo")
        ]  # fmt: skip
        for person in people[:supporters]:
            db.session.add(Support(user_id=person.id, proposal_id=proposal.id,
                                   consultation_id=consultation.id,
                                   municipality_id=proposal.municipality_id))  # fmt: skip
        proposal.supports_count = min(supporters, len(people))
        proposal.qualifies = proposal.supports_count >= consultation.support_threshold
        if answer:
            state, text, details = answer
            proposal.state = state
            proposal.answer_text = text
            proposal.answer_details = details
            proposal.answered_at = now - timedelta(days=2)
            proposal.answered_by_id = staff[key].id
        db.session.flush()
        search.index_proposal(db.session, proposal)
    for consultation in consultations.values():
        _recount(consultation)


def _recount(consultation: Consultation) -> None:
    consultation.proposals_count = db.session.execute(
        select(func.count()).select_from(Proposal).where(
            Proposal.consultation_id == consultation.id, Proposal.hidden_at.is_(None))
    ).scalar_one()  # fmt: skip
    consultation.supports_count = db.session.execute(
        select(func.count()).select_from(Support).where(Support.consultation_id == consultation.id)
    ).scalar_one()
    supporters = select(Support.user_id).where(Support.consultation_id == consultation.id)
    authors = select(Proposal.author_id).where(Proposal.consultation_id == consultation.id)
    consultation.participants_count = db.session.execute(
        select(func.count()).select_from(supporters.union(authors).subquery())
    ).scalar_one()
