"""``flask voting close-due``: seal the ballots whose voting phase has ended (run it from cron)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from participa.extensions import db
from participa.voting import services

voting_cli = AppGroup("voting", help="Ballots.")


@voting_cli.command("close-due")
def close_due() -> None:
    """Close and count every open ballot whose voting phase has ended."""
    closed = services.close_due()
    db.session.commit()
    click.echo(f"closed {closed}")
