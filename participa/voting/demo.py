"""Demo ballots in Bahía Blanca: one open now, one closed with published results."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from participa.consultations.models import PHASE_KINDS, Consultation, Phase
from participa.db import utcnow
from participa.extensions import db
from participa.municipalities.models import Membership, Municipality
from participa.voting import box as boxes
from participa.voting import services
from participa.voting.models import Ballot

if TYPE_CHECKING:
    from participa.accounts.models import User

# (consultation title, summary, days from now the voting phase (starts, ends), ballot, questions,
# the demo voters' choices by question as option positions, ranked ones in order)
QuestionRow = tuple[str, str, int | None, list[str]]
BALLOTS: list[
    tuple[str, str, tuple[int, int], str, list[QuestionRow], list[list[list[int]]]]
] = [
    ("Nombre del nuevo parque lineal del arroyo Napostá",
     "Elegí el nombre del parque lineal que une el centro con Villa Mitre.", (-3, 10),
     "Votación del nombre del parque",
     [("¿Qué nombre preferís para el parque lineal?", "ranked", None,
       ["Parque del Napostá", "Paseo de las Tipas", "Parque Ingeniero White", "Parque de la Ría"]),
      ("¿Qué usos querés priorizar? (hasta dos)", "multiple", 2,
       ["Circuito aeróbico", "Juegos infantiles", "Feria de productores", "Anfiteatro"])],
     [[[0, 1, 3], [0, 1]], [[1, 0], [1, 2]], [[0, 2], [0]], [[3, 0, 1], [2, 3]],
      [[1, 3, 0], [0, 1]], [[0, 1], [1]], [[2, 0, 1], [0, 2]], [[0], [0, 1]]]),
    ("Horario del transporte nocturno 2027",
     "Consulta vinculante sobre el servicio de colectivos nocturnos.", (-20, -6),
     "Consulta sobre el servicio nocturno",
     [("¿Qué horario debería tener el servicio nocturno?", "single", None,
       ["Hasta las 2 de la mañana", "Toda la noche los fines de semana", "Toda la noche, siempre"]),
      ("¿Qué recorridos aprobás?", "approval", None,
       ["Centro - Villa Mitre", "Centro - Ingeniero White", "Centro - Universidad"])],
     [[[2], [0, 1]], [[1], [1, 2]], [[2], [0]], [[0], [0, 2]], [[2], [0, 1]], [[1], [1]],
      [[2], [0, 1, 2]], [[1], [0]]]),
]  # fmt: skip


def load_demo(context: dict[str, Any]) -> None:
    """Add a consultation with an open ballot and one whose ballot is closed and counted."""
    bahia = context["municipalities"]["bahia-blanca"]
    staff = context["users"]["laura.staff@bahiablanca.demo"]
    residents = list(
        db.session.scalars(
            select(Membership.user_id).where(
                Membership.municipality_id == bahia.id, Membership.role == "resident"
            )
        )
    )
    from participa.accounts.models import User

    # Sofía keeps her vote for whoever tries the demo as her.
    voters = [
        u
        for u in db.session.scalars(select(User).where(User.id.in_(residents)).order_by(User.id))
        if u.email != "sofia@vecinos.demo"
    ]
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    for title, summary, (starts, ends), ballot_title, questions, votes in BALLOTS:
        opens, closes = now + timedelta(days=starts), now + timedelta(days=ends)
        ballot = _new_ballot(
            bahia, staff, title, summary, ballot_title, "verified",
            published_at=now - timedelta(days=30),
            phases=[("information", opens - timedelta(days=14), opens), ("voting", opens, closes)],
        )  # fmt: skip
        for text, kind, most, options in questions:
            services.save_question(
                ballot, actor=staff,
                data={"title": text, "kind": kind, "max_choices": most,
                      "options": "\n".join(options)},
            )  # fmt: skip
        services.open_ballot(ballot, actor=staff)
        for person, picks in zip(voters, votes, strict=False):
            content = {
                str(q.id): [q.options[i].id for i in pick]
                for q, pick in zip(ballot.questions, picks, strict=True)
            }
            # Straight into the box: the closed ballot's voting phase is already over.
            boxes.cast(ballot.box, person, content)
        if ends < 0:
            services.close_ballot(ballot, actor=staff)
            first = ballot.questions[0]
            services.save_station(
                ballot, actor=staff, name="Escuela N.º 12, Villa Mitre", ballots_cast=41,
                tallies={first.options[0].id: 9, first.options[1].id: 14, first.options[2].id: 17},
            )  # fmt: skip
        db.session.flush()
    for row in OPEN_BALLOTS:
        _open_ballot_for_everyone(context, now, *row)


# The newcomer's story (README): an open ballot any confirmed account may join in each showcase
# municipality without one above: (municipality, staff, consultation title, summary, ballot
# title, question, options)
OPEN_BALLOTS = [
    ("la-paz", "carla.staff@lapaz.demo", "Nombre de la nueva línea de teleférico",
     "Elegí el nombre del nuevo teleférico que unirá la ladera este con el centro.",
     "¿Qué nombre lleva la línea Plateada Sur?", "Nombre de la línea",
     ["Illimani", "Chuquiago", "Qhana"]),
    ("valparaiso", "camila.staff@valparaiso.demo", "Color del ascensor Reina Victoria",
     "Elige el color con que se pintará el ascensor Reina Victoria tras su restauración.",
     "¿De qué color pintamos el ascensor Reina Victoria?", "Color del ascensor",
     ["Rojo colonial", "Amarillo puerto", "Azul marino"]),
    ("envigado", "andres.staff@envigado.demo", "Nombre del nuevo sendero ecológico",
     "Elija el nombre del sendero que unirá el parque principal con el Alto de Las Palmas.",
     "¿Qué nombre lleva el nuevo sendero?", "Nombre del sendero",
     ["Sendero del Ayurá", "Camino de las Palmas", "Sendero La Heliodora"]),
]  # fmt: skip


def _open_ballot_for_everyone(
    context: dict[str, Any], now: Any, slug: str, staff_email: str, title: str, summary: str,
    ballot_title: str, question: str, options: list[str],
) -> None:  # fmt: skip
    municipality = context["municipalities"][slug]
    staff = context["users"][staff_email]
    ballot = _new_ballot(
        municipality, staff, title, summary, ballot_title, "registered",
        published_at=now - timedelta(days=5),
        phases=[("voting", now - timedelta(days=2), now + timedelta(days=12))],
    )  # fmt: skip
    services.save_question(
        ballot, actor=staff,
        data={"title": question, "kind": "single", "max_choices": None,
              "options": "\n".join(options)},
    )  # fmt: skip
    services.open_ballot(ballot, actor=staff)
    db.session.flush()


def _new_ballot(
    municipality: Municipality, staff: User, title: str, summary: str, ballot_title: str,
    participation: str, *, published_at: datetime, phases: list[tuple[str, datetime, datetime]],
) -> Ballot:  # fmt: skip
    """A draft ballot in a new published consultation with these (kind, starts, ends) phases;
    the consultation and the ballot take part alike."""
    consultation = Consultation(
        municipality_id=municipality.id, title=title, summary=summary, body=summary,
        status="published", published_at=published_at, participation=participation,
        created_by_id=staff.id,
    )  # fmt: skip
    for kind, starts_at, ends_at in phases:
        consultation.phases.append(
            Phase(kind=kind, position=PHASE_KINDS.index(kind), starts_at=starts_at, ends_at=ends_at)
        )
    db.session.add(consultation)
    db.session.flush()
    return services.create_ballot(
        consultation, actor=staff,
        data={"title": ballot_title, "description": summary, "participation": participation},
    )  # fmt: skip
