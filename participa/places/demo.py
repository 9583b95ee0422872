"""Demo districts in the showcase municipalities (proposals and projects file under them)."""

from __future__ import annotations

import json
from typing import Any

from participa.places import services


def _box(south: float, west: float, north: float, east: float) -> str:
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]})


# slug -> staff e-mail, [(name, boundary or None)]
DISTRICTS: dict[str, tuple[str, list[tuple[str, str | None]]]] = {
    "bahia-blanca": ("laura.staff@bahiablanca.demo", [
        ("Centro", _box(-38.7260, -62.2760, -38.7100, -62.2560)),
        ("Villa Mitre", _box(-38.7150, -62.2900, -38.7000, -62.2700)),
        ("Parque de Mayo", _box(-38.7050, -62.2780, -38.6950, -62.2620)),
        ("Ingeniero White", None),
    ]),
    "la-paz": ("carla.staff@lapaz.demo", [("Centro", None), ("Sopocachi", None)]),
    "valparaiso": ("camila.staff@valparaiso.demo", [
        ("Cerro Concepción", _box(-33.0470, -71.6300, -33.0410, -71.6230)),
        ("Cerro Alegre", None),
        ("El Plan", None),
    ]),
}  # fmt: skip


def load_demo(context: dict[str, Any]) -> None:
    """Districts for Bahía Blanca, La Paz and Valparaíso, some with a boundary."""
    made: dict[tuple[str, str], int] = {}
    for slug, (email, districts) in DISTRICTS.items():
        municipality = context["municipalities"].get(slug)
        actor = context["users"].get(email)
        if municipality is None or actor is None:
            continue
        for name, boundary in districts:
            district = services.create_district(
                municipality, actor=actor, name=name, boundary=boundary
            )
            made[slug, name] = district.id
    context["districts"] = made
