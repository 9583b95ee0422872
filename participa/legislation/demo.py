"""Demo content: La Paz's draft "Ordenanza de Contrataciones Abiertas" with two versions."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update

from participa.accounts.models import User
from participa.accounts.services import hash_password, new_session_token
from participa.comments.models import Comment
from participa.db import utcnow
from participa.extensions import db
from participa.legislation import participation, services
from participa.legislation import passages as passage_text
from participa.legislation.models import ArticleVote, Draft, Section
from participa.municipalities.models import Membership, Municipality, Role

STAFF = "carla.staff@lapaz.demo"
TEXT = """El Gobierno Autónomo Municipal de La Paz, en uso de sus atribuciones, sanciona:

# TÍTULO I - Disposiciones generales

### Artículo 1°.- Objeto
La presente ordenanza establece la publicación abierta de la información de todas las
contrataciones del Gobierno Autónomo Municipal de La Paz, desde la planificación hasta la
ejecución del contrato.

### Artículo 2°.- Estándar de datos
La información se publicará siguiendo el Estándar de Datos para las Contrataciones Abiertas
(OCDS), en formatos abiertos y reutilizables.

### Artículo 3°.- Alcance
Quedan comprendidas todas las contrataciones de bienes, obras y servicios cuyo monto supere los
Bs 20.000.

# TÍTULO II - Publicación y participación

### Artículo 4°.- Plazos de publicación
Cada etapa de la contratación se publicará en un plazo máximo de diez días hábiles desde su
ocurrencia.

### Artículo 5°.- Participación ciudadana
Cualquier vecina o vecino podrá presentar observaciones sobre un proceso de contratación
durante su etapa de convocatoria.

### Artículo 6°.- Datos personales
No se publicarán datos personales de las personas físicas, salvo el nombre de los
adjudicatarios.

### Artículo 7°.- Informe anual
La Secretaría Municipal de Finanzas presentará al Concejo Municipal un informe anual sobre el
cumplimiento de esta ordenanza.
"""
AMENDED_4 = (
    "Cada etapa de la contratación se publicará en un plazo máximo de cinco días hábiles desde "
    "su ocurrencia, y los contratos firmados dentro de las 48 horas."
)
COMMENTS = [
    (0, "in_favour", "Por fin podremos seguir cada peso desde la planificación."),
    (2, "against", "El umbral de Bs 20.000 deja fuera muchas compras menores; debería ser todo."),
    (2, "in_favour", "Un umbral razonable evita saturar el portal."),
    (3, "against", "Diez días hábiles son demasiados: la información llega tarde."),
    (
        5,
        "against",
        "También deberían ocultarse los nombres de los adjudicatarios personas físicas.",
    ),
]


def _citizens(context: dict[str, Any], municipality: Municipality, count: int) -> list[User]:
    password = hash_password(context["password"])
    now = utcnow()
    people = []
    for n in range(1, count + 1):
        user = User(
            email=f"vecino{n}@lapaz.demo",
            display_name=f"Vecina/o {n} de La Paz",
            password_hash=password,
            locale="es",
            email_confirmed_at=now - timedelta(days=40),
            terms_accepted_at=now - timedelta(days=40),
            session_token=new_session_token(),
        )
        db.session.add(user)
        db.session.flush()
        db.session.add(
            Membership(user_id=user.id, municipality_id=municipality.id, role=Role.RESIDENT)
        )
        people.append(user)
    return people


def _vote_all(
    draft: Draft, articles: list[Section], people: list[User], rng: random.Random
) -> None:
    # Two opinion camps: one wants faster, wider publication, the other fears the cost.
    for index, person in enumerate(people):
        transparency_camp = index % 3 != 0
        for position, article in enumerate(articles):
            if position in (0, 1, 6):  # broad agreement: bridging articles
                value = "in_favour" if rng.random() < 0.9 else "abstain"
            elif position in (2, 3):
                value = "against" if transparency_camp else "in_favour"
            elif position == 4:  # and here the other way round
                value = "in_favour" if transparency_camp else "against"
            else:
                value = rng.choice(["in_favour", "in_favour", "against", "abstain"])
            participation.cast_vote(draft, article, voter=person, value=value)


def _published_draft(member: Municipality, staff: User, data: dict[str, Any], text: str) -> Draft:
    """A draft created from ``data``, with ``text`` as its first version, open to the public."""
    draft = services.create_draft(member, actor=staff, data=data)
    services.publish_version(draft, actor=staff, source=text, change_note="Versión inicial.")
    services.publish_draft(draft, actor=staff)
    return draft


def _comment_on_article(
    member: Municipality,
    article: Section,
    author: User,
    body: str,
    alignment: str,
    *,
    created_at: datetime,
) -> None:
    """Add a comment on ``article`` and count it there."""
    # Rows are written directly: the shared comment service announces by URL, and the demo
    # runs outside any request.
    db.session.add(
        Comment(
            municipality_id=member.id,
            commentable_type="article",
            commentable_id=article.id,
            author_id=author.id,
            body=body,
            alignment=alignment,
            created_at=created_at,
        )
    )
    db.session.execute(
        update(Section)
        .where(Section.id == article.id)
        .values(comments_count=Section.comments_count + 1)
    )


def load_demo(context: dict[str, Any]) -> None:
    """Add the draft, its votes, comments, amendments and a second version."""
    municipality = context["municipalities"]["la-paz"]
    staff = context["users"][STAFF]
    resident = context["users"]["ana@vecinos.demo"]
    rng = random.Random(2026)
    now = utcnow()
    draft = _published_draft(
        municipality,
        staff,
        {
            "title": "Ordenanza de Contrataciones Abiertas",
            "kind": "ordinance",
            "summary": "Publicar en datos abiertos cada etapa de las contrataciones municipales.",
            "explanatory_statement": "Las contrataciones son el principal destino del gasto "
            "municipal. Publicarlas con el estándar OCDS permite a la ciudadanía seguirlas.",
            "destination_body": "Concejo Municipal de La Paz",
            "opens_at": now - timedelta(days=20),
            "closes_at": now + timedelta(days=10),
            "participation": "verified",
        },
        TEXT,
    )
    people = [*_citizens(context, municipality, 14), resident]
    articles = services.sections_of(draft.current_version_id, articles_only=True)
    _vote_all(draft, articles, people, rng)
    for position, alignment, body in COMMENTS:
        author = people[(position * 3 + len(body)) % len(people)]
        _comment_on_article(
            municipality, articles[position], author, body, alignment,
            created_at=now - timedelta(days=rng.randint(5, 18)),
        )  # fmt: skip
    faster = participation.propose_amendment(
        draft, articles[3], author=resident, text=AMENDED_4,
        justification="La información pierde valor si llega semanas después.",
    )  # fmt: skip
    wider = participation.propose_amendment(
        draft, articles[2], author=people[1],
        text="Quedan comprendidas todas las contrataciones de bienes, obras y servicios.",
        justification="Las compras menores también deben ser visibles.",
    )  # fmt: skip
    for person in people[2:11]:
        participation.support_amendment(draft, faster, supporter=person)
    for person in people[3:6]:
        participation.support_amendment(draft, wider, supporter=person)
    sentence = passage_text.sentences(articles[5].body)[0]
    # Rows are written directly: the shared comment service announces by URL, and the demo
    # runs outside any request.
    passage = participation.find_or_create_passage(
        draft, articles[5], author=people[4], start=sentence.start, end=sentence.end
    )
    db.session.add(
        Comment(
            municipality_id=municipality.id,
            commentable_type="passage",
            commentable_id=passage.id,
            author_id=people[4].id,
            body="¿Qué pasa con los datos de contacto de las empresas?",
            alignment="neutral",
        )
    )
    passage.comments_count = 1
    db.session.execute(
        update(ArticleVote)
        .where(ArticleVote.draft_id == draft.id)
        .values(created_at=now - timedelta(days=12))
    )
    services.decide_amendment(
        faster, actor=staff, accept=True, note="Se reduce el plazo y se agregan las 48 horas."
    )
    services.decide_amendment(
        wider, actor=staff, accept=False, note="Se mantiene el umbral por costo operativo."
    )
    services.publish_version(
        draft,
        actor=staff,
        source=services.source_with_accepted_amendments(draft),
        change_note="Se acepta la enmienda al artículo 4 (plazos más cortos).",
        provenance={"art-4": [("amendment", faster.id)]},
    )
    new_articles = services.sections_of(draft.current_version_id, articles_only=True)
    _vote_all(draft, new_articles, people[:8], rng)
    context["legislation_drafts"] = {"contrataciones-abiertas": draft}
    for key, slug, *draft_data in OPEN_DRAFTS:
        context["legislation_drafts"][key] = _open_draft_for_everyone(
            context, slug, now, *draft_data
        )
    context["legislation_drafts"]["ley-participacion"] = _legislature_bill(context, now, rng)


# The newcomer's story (README): in each showcase municipality, a short draft that any confirmed
# account may vote on, article by article: (key, municipality, title, summary, destination, text)
OPEN_DRAFTS = [
    ("arbolado-bahia", "bahia-blanca", "Ordenanza de arbolado público",
     "Qué árboles se plantan en las veredas y cómo se cuidan.",
     "Concejo Deliberante de Bahía Blanca",
     """El Concejo Deliberante de Bahía Blanca sanciona:

### Artículo 1°.- Objeto
La presente ordenanza regula la plantación y el cuidado del arbolado en la vía pública.

### Artículo 2°.- Especies
Se priorizarán especies nativas adaptadas al clima de la ciudad.

### Artículo 3°.- Participación
Los frentistas podrán solicitar la plantación de un árbol en su vereda sin costo.
"""),
    ("ascensores-valparaiso", "valparaiso", "Ordenanza de ascensores y escaleras patrimoniales",
     "Cómo se mantienen y se financian los ascensores y escaleras de los cerros.",
     "Concejo Municipal de Valparaíso",
     """El Concejo Municipal de Valparaíso aprueba la siguiente ordenanza:

### Artículo 1°.- Objeto
Esta ordenanza regula la mantención de los ascensores y escaleras patrimoniales de la comuna.

### Artículo 2°.- Mantención
Cada ascensor municipal tendrá un plan anual de mantención publicado en el sitio web.

### Artículo 3°.- Tarifa vecinal
Los residentes de los cerros pagarán una tarifa rebajada en los ascensores municipales.
"""),
    ("senderos-envigado", "envigado", "Acuerdo de senderos ecológicos",
     "Reglas para el uso y el cuidado de los senderos del Alto de Las Palmas.",
     "Concejo Municipal de Envigado",
     """El Concejo Municipal de Envigado acuerda:

### Artículo 1°.- Objeto
El presente acuerdo regula el uso de los senderos ecológicos del municipio.

### Artículo 2°.- Cuidado
Los visitantes deberán llevar de regreso los residuos que produzcan en los senderos.

### Artículo 3°.- Guías comunitarios
La Alcaldía formará guías comunitarios entre los residentes de las veredas.
"""),
]  # fmt: skip


def _open_draft_for_everyone(
    context: dict[str, Any],
    slug: str,
    now: datetime,
    title: str,
    summary: str,
    destination: str,
    text: str,
) -> Draft:
    staff_email = {
        "bahia-blanca": "laura.staff@bahiablanca.demo",
        "valparaiso": "camila.staff@valparaiso.demo",
        "envigado": "andres.staff@envigado.demo",
    }[slug]
    staff = context["users"][staff_email]
    return _published_draft(
        context["municipalities"][slug],
        staff,
        {
            "title": title,
            "kind": "ordinance",
            "summary": summary,
            "destination_body": destination,
            "opens_at": now - timedelta(days=3),
            "closes_at": now + timedelta(days=25),
            "participation": "registered",
        },
        text,
    )


# The legislature's bill (congreso-virtual): open to any confirmed account, article by article.
BILL_STAFF = "ignacio.staff@congreso.demo"
BILL_TEXT = """El Congreso Nacional de Chile, en uso de sus atribuciones, aprueba el siguiente

# Proyecto de ley

### Artículo 1°.- Objeto
La presente ley reconoce el derecho de toda persona a participar en la tramitación de los
proyectos de ley, mediante comentarios, votaciones y propuestas de redacción.

### Artículo 2°.- Plataforma de participación
El Congreso Nacional mantendrá una plataforma digital abierta donde se publicará el texto de
cada proyecto de ley y de sus indicaciones, artículo por artículo.

### Artículo 3°.- Plazo para opinar
Cada proyecto permanecerá abierto a la participación durante al menos treinta días corridos
antes de su votación en general en la comisión respectiva.

### Artículo 4°.- Respuesta de las comisiones
La comisión que estudie el proyecto publicará un informe que sistematice los aportes recibidos
y explique cuáles fueron acogidos y por qué razones se descartaron los demás.

### Artículo 5°.- Accesibilidad
La plataforma cumplirá estándares de accesibilidad y ofrecerá canales presenciales en las
sedes regionales del Congreso para quienes no tengan acceso a internet.

### Artículo 6°.- Datos personales
Los votos individuales serán secretos; solo se publicarán los resultados agregados y los
comentarios con el nombre que cada persona elija mostrar.
"""
BILL_COMMENTS = [
    (0, "in_favour", "Es hora de que la ciudadanía pueda opinar antes y no después de la ley."),
    (2, "against", "Treinta días es poco para proyectos largos; debería depender de su extensión."),
    (3, "in_favour", "Lo más importante: saber qué pasó con cada aporte."),
    (4, "neutral", "¿Las sedes regionales tendrán personal para ayudar a quien no sabe usarla?"),
]


def _legislature_bill(context: dict[str, Any], now: datetime, rng: random.Random) -> Draft:
    legislature = context["municipalities"]["congreso-virtual"]
    staff = context["users"][BILL_STAFF]
    draft = _published_draft(
        legislature,
        staff,
        {
            "title": "Proyecto de ley de participación ciudadana en la tramitación legislativa",
            "kind": "bill",
            "summary": "Que cualquier persona pueda comentar y votar cada artículo de los "
            "proyectos de ley, y que las comisiones respondan a sus aportes.",
            "explanatory_statement": "La confianza en el Congreso crece cuando la ciudadanía "
            "ve cómo se tramitan las leyes y puede influir en ellas.",
            "destination_body": "Cámara de Diputadas y Diputados, Comisión de Gobierno Interior",
            "opens_at": now - timedelta(days=6),
            "closes_at": now + timedelta(days=24),
            "participation": "registered",
        },
        BILL_TEXT,
    )
    users = context["users"]
    people = [
        users[email]
        for email in ("tomas@vecinos.demo", "sofia@vecinos.demo", "valentina@vecinos.demo",
                      "joao@vecinos.demo", "emily@visitors.demo", "ana@vecinos.demo")
    ]  # fmt: skip
    articles = services.sections_of(draft.current_version_id, articles_only=True)
    for index, person in enumerate(people):
        for position, article in enumerate(articles):
            if position == 2 and index % 2:  # the thirty days divide opinion
                value = "against"
            else:
                value = "in_favour" if rng.random() < 0.8 else "abstain"
            participation.cast_vote(draft, article, voter=person, value=value)
    for n, (position, alignment, body) in enumerate(BILL_COMMENTS):
        _comment_on_article(
            legislature, articles[position], people[n % len(people)], body, alignment,
            created_at=now - timedelta(days=rng.randint(1, 5)),
        )  # fmt: skip
    return draft
