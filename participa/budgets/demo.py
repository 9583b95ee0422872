"""Demo budget in Bahía Blanca: the "80 millones" consultation's participatory budget, voted,
closed and counted, with its funded projects (the follow-up demo carries them on)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from participa.budgets import services
from participa.budgets.models import BudgetStatus
from participa.db import utcnow
from participa.extensions import db
from participa.proposals.models import Proposal
from participa.voting import box as boxes

DISTRICTS = [
    ("Delegación Villa Mitre", Decimal(20_000_000)),
    ("Delegación Ingeniero White", Decimal(15_000_000)),
    ("Delegación Noroeste", Decimal(15_000_000)),
]  # the other 30 millones go to projects for the whole city

# (district index or None, title, cost, place, description); the accepted proposal
# "Juegos inclusivos en la plaza Rivadavia" becomes a project too, keeping its link.
PROJECTS: list[tuple[int | None, str, int, str, str]] = [
    (None, "Bebederos y sombra en el Parque de Mayo", 9_500_000, "Parque de Mayo",
     "Doce bebederos y cien árboles nativos a lo largo del circuito aeróbico."),
    (None, "Bicisendas entre parques", 18_000_000, "Parque de Mayo - Paseo de las Esculturas",
     "Cuatro kilómetros de bicisenda que conectan los parques del centro."),
    (0, "Huerta comunitaria en Villa Mitre", 6_000_000, "Calle Garibaldi",
     "Recuperar el baldío de calle Garibaldi como huerta con la escuela del barrio."),
    (0, "Plaza seca y anfiteatro en Villa Mitre", 14_000_000, "Plaza Villa Mitre",
     "Un anfiteatro al aire libre para la feria y los actos escolares."),
    (1, "Paseo costero de Ingeniero White", 12_000_000, "Costanera de Ingeniero White",
     "Iluminación, bancos y miradores frente al estuario."),
    (1, "Arbolado en el barrio Boulevard", 4_500_000, "Barrio Boulevard",
     "Trescientos árboles en las veredas que no tienen sombra."),
    (2, "Iluminación LED en la plaza del Sol", 5_000_000, "Plaza del Sol, barrio Universitario",
     "Luminarias LED y un sendero iluminado para cruzar la plaza de noche."),
    (2, "Skatepark en el parque Noroeste", 11_000_000, "Parque Noroeste",
     "Una pista de skate y rollers diseñada con los jóvenes del barrio."),
]  # fmt: skip
FROM_PROPOSAL: tuple[str, Decimal, int | None] = (
    "Juegos inclusivos en la plaza Rivadavia",
    Decimal(7_500_000),
    None,
)

# Title -> (latitude, longitude, district of the municipality): the projects' places on maps.
PLACES: dict[str, tuple[float, float, str]] = {
    "Bebederos y sombra en el Parque de Mayo": (-38.6996, -62.2699, "Parque de Mayo"),
    "Huerta comunitaria en Villa Mitre": (-38.7072, -62.2805, "Villa Mitre"),
    "Plaza seca y anfiteatro en Villa Mitre": (-38.7090, -62.2770, "Villa Mitre"),
    "Paseo costero de Ingeniero White": (-38.7853, -62.2671, "Ingeniero White"),
}

# Each demo voter's choice, by position in the list of projects (the proposal's project last).
VOTES = [
    [0, 8, 2, 5, 6], [1, 8, 3, 4], [0, 1, 2, 6], [8, 3, 5, 7], [0, 8, 2, 4, 6],
    [1, 3, 5, 7], [0, 8, 2, 4], [0, 1, 3, 6], [8, 2, 5, 7], [0, 8, 4, 6],
]  # fmt: skip


def load_demo(context: dict[str, Any]) -> None:
    """Add a closed participatory budget with projects and votes to the "80 millones"
    consultation of Bahía Blanca."""
    consultation = context["consultations"]["verdes"]
    users = context["users"]
    staff = users["laura.staff@bahiablanca.demo"]
    budget = services.create_budget(
        consultation, actor=staff,
        data={
            "title": "Presupuesto participativo 2027: 80 millones para plazas y parques",
            "description": "Cada vecina y vecino elige los proyectos que quiere, sin pasarse del "
                           "dinero de cada delegación ni del fondo para toda la ciudad. Los "
                           "proyectos se financian con el **método de las partes iguales**: "
                           "cada grupo de votantes decide sobre la parte del dinero que le "
                           "corresponde.",
            "total_amount": Decimal(80_000_000), "participation": "registered",
            "vote_rule": "within_budget", "max_projects": None, "min_spend_percent": None,
            "result_rule": "equal_shares",
        },
        districts=[{"name": name, "amount": amount} for name, amount in DISTRICTS],
    )  # fmt: skip
    districts = budget.districts
    areas = context.get("districts", {})
    for district, title, cost, place, description in PROJECTS:
        lat, lon, area = PLACES.get(title, (None, None, ""))
        services.save_project(
            budget, actor=staff,
            data={"title": title, "description": description, "cost": Decimal(cost),
                  "location_text": place, "latitude": lat, "longitude": lon,
                  "area_id": areas.get(("bahia-blanca", area)),
                  "district_id": districts[district].id if district is not None else None},
        )  # fmt: skip
    title, price, district = FROM_PROPOSAL
    proposal = db.session.scalar(
        select(Proposal).where(Proposal.consultation_id == consultation.id, Proposal.title == title)
    )
    if proposal is not None:
        services.projects_from_proposals(budget, actor=staff, rows=[(proposal, price, district)])
    # The consultation's timeline shows supports now: the budget's own voting already took
    # place, so it is opened by hand and the votes go straight into its box.
    budget.status = BudgetStatus.OPEN
    budget.opened_at = utcnow() - timedelta(days=30)
    projects = services.projects_of(budget)
    voters = [
        users[email]
        for email in (
            "sofia@vecinos.demo", "joao@vecinos.demo", "lucia@vecinos.demo", "ramiro@vecinos.demo",
            "paula@vecinos.demo", "nicolas@vecinos.demo", "mercedes@vecinos.demo",
            "hernan@vecinos.demo", "emily@visitors.demo", "martin.mod@bahiablanca.demo",
        )
        if email in users
    ]  # fmt: skip
    for person, picks in zip(voters, VOTES, strict=False):
        chosen = [projects[i].id for i in picks if i < len(projects)]
        boxes.cast(budget.box, person, {"projects": sorted(chosen)})
    services.close_budget(budget, actor=staff)
    db.session.flush()
    context.setdefault("budgets", {})["verdes"] = budget
