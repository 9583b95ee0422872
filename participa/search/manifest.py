"""What the search feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from typing import Any

from flask import Flask

from participa.core.features import Feature

# Imported for their routes, commands and declarations.
from participa.search import bp, network_bp, policies, registry, services, views  # noqa: F401
from participa.search.cli import search_cli


def _setup(app: Flask) -> None:
    services.install_hooks()


def _demo(context: dict[str, Any]) -> None:
    # Last of the loaders: the demo content of every feature is there to index.
    context["search_documents"] = services.reindex()


feature = Feature(
    name="search",
    blueprints=(bp, network_bp),
    policies=policies.rules,
    serves={"searchable": registry.register_searchable},
    reset=registry.reset,
    cli=(search_cli,),
    setup=_setup,
    demo=_demo,
    member_kinds=None,  # every kind of member
)
