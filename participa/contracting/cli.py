"""``flask --app participa contracting import FILE --municipality SLUG``: imports of any size.

The staff page refuses files that would outlast a web request; this command imports them in
one transaction, with a progress bar, and commits only when every release is stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from participa.contracting import bp
from participa.contracting.importers import ImportFailed, import_file
from participa.core.errors import DomainError
from participa.extensions import db
from participa.municipalities.models import Municipality
from participa.municipalities.services import municipality_by_slug

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

PHASES = {"check": "Checking", "store": "Importing"}


class _Progress:
    """One click progress bar per phase, fed with (phase, done, total)."""

    def __init__(self) -> None:
        self.bar: ProgressBar[int] | None = None
        self.phase: str | None = None
        self.done = 0

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase != self.phase:
            self.close()
            self.bar = click.progressbar(length=max(total, 1), label=PHASES.get(phase, phase))
            self.bar.__enter__()
            self.phase, self.done = phase, 0
        assert self.bar is not None  # the first call starts a phase
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _municipality(slug: str) -> Municipality:
    municipality = municipality_by_slug(slug)
    if municipality is None:
        raise click.ClickException(f"There is no municipality with the address {slug!r}.")
    return municipality


@bp.cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--municipality", "slug", required=True,
              help="The address (slug) of the municipality that publishes the data.")  # fmt: skip
def import_command(path: Path, slug: str) -> None:
    """Import an OCDS release package (.json) or flattened releases (.csv, .zip): all or nothing."""
    municipality = _municipality(slug)
    progress = _Progress()
    try:
        result = import_file(municipality, actor=None, filename=path.name,
                             content=path.read_bytes(), progress=progress)  # fmt: skip
    except (ImportFailed, DomainError) as exc:
        progress.close()
        db.session.rollback()
        click.echo(str(exc.message), err=True)
        for problem in getattr(exc, "problems", []):
            click.echo(f"  {problem}", err=True)
        raise SystemExit(1) from None
    except BaseException:
        progress.close()
        db.session.rollback()
        raise
    progress.close()
    db.session.commit()
    click.echo(
        f"Imported {result.processes} processes ({len(result.created)} new) and "
        f"{result.releases} releases into {municipality.slug}."
    )
    if result.conflicts and result.batch is not None:  # conflicts belong to a batch
        click.echo(
            f"{result.conflicts} organisations differ from the register; staff decide at "
            f"/m/{municipality.slug}/contracting/staff/imports/{result.batch.id}."
        )


@bp.cli.command("repair")
@click.option("--municipality", "slug", required=True,
              help="The address (slug) of the municipality whose records to repair.")  # fmt: skip
def repair_command(slug: str) -> None:
    """Publish the corrections older releases lack and bring statuses and red flags up to date."""
    from participa.contracting.services import repair_records

    municipality = _municipality(slug)
    published = repair_records(municipality, actor=None)
    db.session.commit()
    click.echo(f"Published {published} correction releases in {municipality.slug}; "
               "red flags recomputed.")  # fmt: skip


@bp.cli.command("recompute-flags")
@click.option("--municipality", "slug", required=True,
              help="The address (slug) of the municipality.")  # fmt: skip
def recompute_flags_command(slug: str) -> None:
    """Re-evaluate the red flags of every published process (after the thresholds change)."""
    from participa.contracting import services

    municipality = _municipality(slug)
    changed = services.recompute_flags(municipality)
    db.session.commit()
    click.echo(f"Red flags recomputed: {changed} processes changed in {municipality.slug}.")
