"""Demo events: a forum with minutes and attendance in Bahía Blanca, a workshop of the
association of Bolivian municipalities, and network trainings with officials of several members."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from participa.db import utcnow
from participa.events import services
from participa.events.models import Event
from participa.events.services import AgendaEntry, EventData

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality


def _at(days: int, hour: int) -> datetime:
    moment = utcnow() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def _published(member: Municipality | None, data: EventData, actor: User) -> Event:
    event = services.create_event(member, data, actor=actor)
    services.publish_event(event, actor=actor)
    return event


def load_demo(context: dict[str, Any]) -> None:
    members = context.get("municipalities", {})
    users = context.get("users", {})
    admin = users.get("admin@participa.demo")
    bahia, amb = members.get("bahia-blanca"), members.get("amb-bolivia")
    made: dict[str, Any] = {}
    if bahia is not None and users.get("laura.staff@bahiablanca.demo") is not None:
        laura = users["laura.staff@bahiablanca.demo"]
        forum = _published(
            bahia,
            EventData(
                title="Foro multiactor de gobierno abierto",
                description="Segunda sesión del foro entre el municipio y las organizaciones de la "
                "sociedad civil: seguimiento del plan de acción local.",
                kind="forum",
                format="hybrid",
                address="Palacio Municipal, Alsina 65",
                online_url="https://meet.example.org/foro-bahia",
                topic="open_government",
                starts_at=_at(-20, 21),
                ends_at=_at(-20, 23),
                agenda=[
                    AgendaEntry("Bienvenida", "18:00"),
                    AgendaEntry(
                        "Avances del plan de acción", "18:15", "Informe de cada compromiso."
                    ),
                    AgendaEntry("Propuestas de las organizaciones", "19:00"),
                ],
            ),
            laura,
        )
        services.publish_minutes(
            forum,
            "## Acta\n\nParticiparon 12 organizaciones. Se acordó "
            "publicar el tablero de compromisos antes de fin de mes.",
            actor=laura,
        )
        districts = [name for slug, name in context.get("districts", {}) if slug == "bahia-blanca"][
            :2
        ]
        services.record_attendance(
            forum,
            48,
            {
                "gender": {"women": 27, "men": 19, "unstated": 2},
                "age": {"18_29": 10, "30_44": 18, "45_64": 14, "65_over": 6},
                "territory": {name: 10 + 5 * i for i, name in enumerate(districts)},
            },
            actor=laura,
        )
        meeting = _published(
            bahia,
            EventData(
                title="Reunión abierta sobre espacios verdes",
                description="Presentamos las propuestas más apoyadas y escuchamos al barrio.",
                kind="meeting",
                format="in_person",
                address="Sociedad de Fomento Villa Mitre",
                topic="participation",
                starts_at=_at(10, 21),
                ends_at=_at(10, 23),
                registration_open=True,
                capacity=2,
            ),
            laura,
        )
        for email in ("sofia@vecinos.demo", "joao@vecinos.demo", "lucia@vecinos.demo"):
            if email in users:
                services.register(meeting, user=users[email])
        made["forum"], made["meeting"] = forum, meeting
    if amb is not None and users.get("rosa.staff@amb.demo") is not None:
        rosa = users["rosa.staff@amb.demo"]
        workshop = _published(
            amb,
            EventData(
                title="Taller de datos abiertos municipales",
                description="Taller práctico para publicar el primer conjunto de datos abiertos.",
                kind="workshop",
                format="in_person",
                address="Calle Capitán Ravelo 2101, La Paz",
                topic="open_data",
                starts_at=_at(15, 13),
                ends_at=_at(15, 17),
                registration_open=True,
                capacity=30,
            ),
            rosa,
        )
        made["workshop"] = workshop
    if admin is not None:
        webinar = _published(
            None,
            EventData(
                title="Webinar: indicadores de participación ciudadana",
                description="Cómo medir la participación con el marco de indicadores de la red.",
                kind="webinar",
                format="online",
                online_url="https://meet.example.org/red-indicadores",
                topic="participation",
                starts_at=_at(-30, 15),
                ends_at=_at(-30, 17),
            ),
            admin,
        )
        officials = [
            users[e].id
            for e in (
                "laura.staff@bahiablanca.demo",
                "carla.staff@lapaz.demo",
                "andres.staff@envigado.demo",
                "ignacio.staff@congreso.demo",
                "rosa.staff@amb.demo",
            )
            if e in users
        ]
        services.record_officials(webinar, officials, actor=admin)
        course = _published(
            None,
            EventData(
                title="Curso: laboratorios de innovación pública",
                description="Curso de cuatro semanas para equipos municipales.",
                kind="training",
                format="online",
                online_url="https://meet.example.org/red-labs",
                topic="innovation_labs",
                starts_at=_at(25, 14),
                ends_at=_at(25, 17),
                registration_open=True,
                capacity=40,
            ),
            admin,
        )
        made["webinar"], made["course"] = webinar, course
    context["events"] = made
