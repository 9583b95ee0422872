"""Commands of the notifications feature (``flask notifications ...``)."""

from __future__ import annotations

import click

from participa.extensions import db
from participa.notifications import bp


@bp.cli.command("send-digests")
@click.option("--force", is_flag=True, help="Send even to people who got a digest in the last day.")
def send_digests_command(force: bool) -> None:
    """E-mail the daily digest to everyone who chose it (safe to run more than once)."""
    from participa.notifications.digests import send_digests

    sent = send_digests(force=force)
    db.session.commit()
    click.echo(f"Digests sent: {sent}")
