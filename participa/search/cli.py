"""``flask --app participa search reindex``: rebuild the search index from the content."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from participa.extensions import db
from participa.search import services

search_cli = AppGroup("search", help="Site-wide search.")


@search_cli.command("reindex")
@click.option("--kind", "kinds", multiple=True, help="Only this kind (repeatable).")
def reindex_command(kinds: tuple[str, ...]) -> None:
    """Rebuild the search index (every kind, or those given)."""
    counts = services.reindex(kinds or None)
    db.session.commit()
    for kind, count in counts.items():
        click.echo(f"{kind}: {count}")
