"""Command-line commands: create-admin, prune-uploads, worker (the background jobs, see
participa.core.jobs) and demo (the installed features' demo loaders, in order)."""

from __future__ import annotations

import click
from flask import Flask
from sqlalchemy import func, select

from participa.core import features
from participa.core.errors import DomainError
from participa.extensions import db

DEMO_PASSWORD = "participa-demo-2026"  # noqa: S105 - published demo credentials, printed on load


def register(app: Flask) -> None:
    @app.cli.command("create-admin")
    @click.option("--email", prompt=True)
    @click.option("--name", "display_name", prompt="Display name")
    @click.password_option()
    def create_admin(email: str, display_name: str, password: str) -> None:
        """Create a platform administrator (or promote an existing account)."""
        from participa.accounts.services import create_platform_admin

        try:
            user = create_platform_admin(email=email, display_name=display_name, password=password)
        except DomainError as exc:
            raise click.ClickException(str(exc.message)) from None
        db.session.commit()
        click.echo(f"Platform admin ready: {user.email}")

    @app.cli.command("prune-uploads")
    @click.option("--days", default=1, show_default=True, help="Keep orphans younger than this.")
    def prune_uploads(days: int) -> None:
        """Delete uploaded files that nothing refers to any more."""
        from datetime import timedelta

        from participa.core.uploads import prune_orphans

        removed = prune_orphans(timedelta(days=days))
        db.session.commit()
        click.echo(f"Removed {removed} unused uploads.")

    @app.cli.command("worker")
    @click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
    @click.option(
        "--once", is_flag=True, help="Run every periodic job once, inline, and stop (for cron)."
    )
    def worker(burst: bool, once: bool) -> None:
        """Run the background jobs queued in Redis (REDIS_URL), and the periodic ones."""
        from flask import current_app

        from participa.core import jobs

        app = current_app._get_current_object()  # type: ignore[attr-defined]
        if once or jobs.queue(app) is None:
            if not once:
                raise click.ClickException(
                    "No job queue is configured: set REDIS_URL (or JOBS_REDIS_URL). Without "
                    "one, jobs run inline; run the periodic ones from cron with --once."
                )
            for name in jobs.run_periodic_inline():
                click.echo(f"ran {name}")
            return
        jobs.work(app, burst=burst)

    @app.cli.command("demo")
    @click.option("--force", is_flag=True, help="Load even if the database already has accounts.")
    def demo(force: bool) -> None:
        """Load a realistic demo: municipalities in several countries, staff and residents."""
        from participa.accounts.models import User

        if not force and db.session.scalar(select(func.count()).select_from(User)):
            click.echo("The database already has accounts; demo not loaded (use --force).")
            return
        context = features.load_demo(DEMO_PASSWORD)
        db.session.commit()
        click.echo("Demo loaded. Every demo account uses the password: " + DEMO_PASSWORD)
        for email, role in context.get("accounts", []):
            click.echo(f"  {email:42} {role}")
