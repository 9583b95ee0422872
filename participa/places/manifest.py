"""What the places feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask import Flask

from participa.core.features import Feature
from participa.municipalities.models import MemberKind
from participa.places import audit_labels, bp, policies, services, views  # noqa: F401 - routes
from participa.places.demo import load_demo


def setup(app: Flask) -> None:
    """Template helpers of the maps (places/_map.html)."""
    app.jinja_env.globals.update(
        map_settings=services.map_settings, geocoding_enabled=services.geocoding_enabled
    )


feature = Feature(
    name="places",
    blueprints=(bp,),
    policies=policies.rules,
    setup=setup,
    demo=load_demo,
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    member_kinds=frozenset({MemberKind.MUNICIPALITY}),
)
