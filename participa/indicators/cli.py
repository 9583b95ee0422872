"""``flask indicators load-framework [PATH]`` and ``flask indicators publish CODE``."""

from __future__ import annotations

import click

from participa.core.errors import DomainError
from participa.extensions import db
from participa.indicators import bp, framework


@bp.cli.command("load-framework")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--current", is_flag=True, help="Make this version the current one.")
def load_framework_command(path: str | None, current: bool) -> None:
    """Load (or update) a framework version from a JSON file; the bundled one by default."""
    try:
        version = framework.load_framework(
            framework.read_framework_file(path), make_current=current
        )
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from None
    db.session.commit()
    count = sum(len(d.indicators) for d in version.dimensions)
    state = "current" if version.is_current else "not current"
    click.echo(f"Framework {version.code} loaded: {count} indicators ({state}).")


@bp.cli.command("publish")
@click.argument("code")
def publish_command(code: str) -> None:
    """Make framework version CODE the one new assessments answer."""
    version = framework.version_by_code(code)
    if version is None:
        raise click.ClickException(f"No framework version {code}.")
    framework.publish_version(version, actor=None)
    db.session.commit()
    click.echo(f"Framework {version.code} is now current.")
