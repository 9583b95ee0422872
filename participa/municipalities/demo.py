"""Demo content: four municipalities in four countries, with staff, moderators and residents."""

from __future__ import annotations

from datetime import timedelta

from participa.accounts.models import User
from participa.accounts.services import hash_password, new_session_token
from participa.db import utcnow
from participa.extensions import db
from participa.municipalities.models import Membership, Municipality, ResidencyRequest, Role

# (slug, name, country, region, population, timezone, accent colour, contact e-mail, OCID
# prefix, description); every demo municipality speaks Spanish by default.
_MUNICIPALITY_FIELDS = (
    "slug", "name", "country", "region", "population", "timezone", "accent_color",
    "contact_email", "ocid_prefix", "description",
)  # fmt: skip
_MUNICIPALITY_ROWS = [
    ("bahia-blanca", "Bahía Blanca", "AR", "Buenos Aires", 336_574,
     "America/Argentina/Buenos_Aires", "#0f5c8c", "participa@bahiablanca.demo", "ocds-bbca01",
     "Bahía.Participa: la plataforma de participación ciudadana del Municipio de Bahía Blanca. "
     "Proponé, debatí y votá las decisiones de tu ciudad."),
    ("la-paz", "La Paz", "BO", "La Paz", 755_732,
     "America/La_Paz", "#8a1c2b", "participacion@lapaz.demo", "ocds-lpzbo1",
     "Gobierno Autónomo Municipal de La Paz: consultas ciudadanas, presupuesto participativo y "
     "contrataciones abiertas."),
    ("envigado", "Envigado", "CO", "Antioquia", 242_197,
     "America/Bogota", "#1f6f3f", "participacion@envigado.demo", "ocds-envco1",
     "Alcaldía de Envigado: laboratorio de innovación, economía digital y prevención de la "
     "violencia digital con la ciudadanía."),
    ("valparaiso", "Valparaíso", "CL", "Valparaíso", 296_655,
     "America/Santiago", "#6b3fa0", "participa@valparaiso.demo", "ocds-vlpcl1",
     "Municipalidad de Valparaíso: ordenanzas abiertas a comentarios artículo por artículo y "
     "cabildos ciudadanos."),
]  # fmt: skip
MUNICIPALITIES = [
    dict(zip(_MUNICIPALITY_FIELDS, row, strict=True), default_locale="es")
    for row in _MUNICIPALITY_ROWS
]
MUNICIPALITIES[0]["website"] = "https://www.bahia.gob.ar"

PEOPLE = [
    # (email, display name, municipality slug or None, role or None, locale)
    ("admin@participa.demo", "Administración Participa", None, "platform admin", "es"),
    ("laura.staff@bahiablanca.demo", "Laura Giménez", "bahia-blanca", Role.ADMIN, "es"),
    ("martin.mod@bahiablanca.demo", "Martín Ruiz", "bahia-blanca", Role.MODERATOR, "es"),
    ("sofia@vecinos.demo", "Sofía Pereyra", "bahia-blanca", Role.RESIDENT, "es"),
    ("joao@vecinos.demo", "João Almeida", "bahia-blanca", Role.RESIDENT, "pt"),
    ("carla.staff@lapaz.demo", "Carla Mamani", "la-paz", Role.ADMIN, "es"),
    ("diego.mod@lapaz.demo", "Diego Quispe", "la-paz", Role.MODERATOR, "es"),
    ("ana@vecinos.demo", "Ana Choque", "la-paz", Role.RESIDENT, "es"),
    ("andres.staff@envigado.demo", "Andrés Restrepo", "envigado", Role.ADMIN, "es"),
    ("valentina@vecinos.demo", "Valentina Gómez", "envigado", Role.RESIDENT, "es"),
    ("camila.staff@valparaiso.demo", "Camila Soto", "valparaiso", Role.ADMIN, "es"),
    ("tomas@vecinos.demo", "Tomás Fuentes", "valparaiso", Role.RESIDENT, "es"),
    ("emily@visitors.demo", "Emily Carter", None, None, "en"),
    ("pedro@vecinos.demo", "Pedro Vargas", "la-paz", "pending", "es"),
]


def load_demo(context: dict) -> None:
    """Add the municipalities, people and their roles."""
    now = utcnow()
    municipalities = {}
    for data in MUNICIPALITIES:
        municipality = Municipality(**data)
        db.session.add(municipality)
        municipalities[data["slug"]] = municipality
    db.session.flush()
    password = hash_password(context["password"])
    users = {}
    accounts = context.setdefault("accounts", [])
    for email, name, slug, role, locale in PEOPLE:
        user = User(
            email=email,
            display_name=name,
            password_hash=password,
            locale=locale,
            email_confirmed_at=now - timedelta(days=30),
            terms_accepted_at=now - timedelta(days=30),
            is_platform_admin=role == "platform admin",
            session_token=new_session_token(),
        )
        db.session.add(user)
        db.session.flush()
        users[email] = user
        if slug and role in (Role.ADMIN, Role.MODERATOR, Role.RESIDENT):
            db.session.add(
                Membership(user_id=user.id, municipality_id=municipalities[slug].id, role=role)
            )
        if slug and role == Role.RESIDENT:
            db.session.add(
                ResidencyRequest(
                    user_id=user.id,
                    municipality_id=municipalities[slug].id,
                    status="approved",
                    method="manual",
                    decided_at=now - timedelta(days=20),
                )
            )
        if role == "pending":
            db.session.add(
                ResidencyRequest(
                    user_id=user.id,
                    municipality_id=municipalities[slug].id,
                    status="pending",
                    note="Vivo en Sopocachi desde 2019.",
                )
            )
        accounts.append((email, f"{role or 'citizen'}{' @ ' + slug if slug else ''}"))
    context["municipalities"] = municipalities
    context["users"] = users
