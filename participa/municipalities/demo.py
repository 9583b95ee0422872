"""Demo content: four municipalities in four countries, a legislature and an association of
municipalities, with staff, moderators and residents."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from participa.accounts.models import User
from participa.accounts.services import hash_password, new_session_token
from participa.db import utcnow
from participa.extensions import db
from participa.municipalities.models import Membership, Municipality, ResidencyRequest, Role

# The fields of each demo municipality, as Municipality(**fields) takes them.
MUNICIPALITIES = json.loads(
    (Path(__file__).parent / "data" / "demo-municipalities.json").read_text(encoding="utf-8")
)

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
    ("ignacio.staff@congreso.demo", "Ignacio Rojas", "congreso-virtual", Role.ADMIN, "es"),
    ("rosa.staff@amb.demo", "Rosa Condori", "amb-bolivia", Role.ADMIN, "es"),
]


def load_demo(context: dict[str, Any]) -> None:
    """Add the municipalities, people and their roles."""
    now = utcnow()
    municipalities: dict[str, Municipality] = {}
    for data in MUNICIPALITIES:
        municipality = Municipality(**data)
        db.session.add(municipality)
        municipalities[data["slug"]] = municipality
    db.session.flush()
    password = hash_password(context["password"])
    approved_at = now - timedelta(days=20)
    users: dict[str, User] = {}
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
        residency: dict[str, Any] = {}
        if slug and role == Role.RESIDENT:
            residency = dict(status="approved", method="manual", decided_at=approved_at)
        elif role == "pending":
            residency = dict(status="pending", note="Vivo en Sopocachi desde 2019.")
        if residency:
            assert slug is not None  # residents and pending people live somewhere
            db.session.add(
                ResidencyRequest(
                    user_id=user.id, municipality_id=municipalities[slug].id, **residency
                )
            )
        accounts.append((email, f"{role or 'citizen'}{' @ ' + slug if slug else ''}"))
    context["municipalities"] = municipalities
    context["users"] = users


def add_residents(
    context: dict[str, Any], municipality: Municipality, people: Sequence[tuple[str, str]]
) -> list[User]:
    """Confirmed accounts verified as residents of ``municipality`` for other features' demo
    content: ``people`` are (email, display name) pairs, signing in with the demo password."""
    password = hash_password(context["password"])
    now = utcnow()
    made: list[User] = []
    for email, name in people:
        user = User(
            email=email, display_name=name, password_hash=password, locale="es",
            email_confirmed_at=now - timedelta(days=20), terms_accepted_at=now - timedelta(days=20),
            session_token=new_session_token(),
        )  # fmt: skip
        db.session.add(user)
        db.session.flush()
        db.session.add(Membership(user_id=user.id, municipality_id=municipality.id,
                                  role=Role.RESIDENT))  # fmt: skip
        db.session.add(ResidencyRequest(user_id=user.id, municipality_id=municipality.id,
                                        status="approved", decided_at=now))  # fmt: skip
        context["users"][email] = user
        context.setdefault("accounts", []).append((email, f"resident @ {municipality.slug}"))
        made.append(user)
    return made
