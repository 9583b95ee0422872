"""Command-line commands: create-admin and demo."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from participa.accounts.models import User
from participa.extensions import db
from participa.municipalities.models import Membership, Municipality
from tests.rows import count_rows


def test_create_admin_creates_a_confirmed_platform_admin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-admin",
            "--email",
            "Boss@Example.org",
            "--name",
            "Boss",
            "--password",
            "a long enough password",
        ],
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    admin = db.session.scalars(select(User).where(User.email == "boss@example.org")).one()
    assert admin.is_platform_admin and admin.is_confirmed


def test_demo_loads_several_countries_with_every_role(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "participa-demo-2026" in result.output
    countries = set(db.session.scalars(select(Municipality.country)))
    assert len(countries) >= 3
    for role in ("admin", "moderator", "resident"):
        assert count_rows(Membership, Membership.role == role) >= 2
    assert count_rows(User, User.is_platform_admin.is_(True)) == 1
    # Loading twice does not duplicate anything.
    again = app.test_cli_runner().invoke(args=["demo"])
    assert "already" in again.output
    assert count_rows(Municipality) == len(countries) or count_rows(Municipality) >= 3


def test_demo_accounts_can_log_in(app, client):
    app.test_cli_runner().invoke(args=["demo"])
    response = client.post(
        "/account/login",
        data={"email": "laura.staff@bahiablanca.demo", "password": "participa-demo-2026"},
    )
    assert response.status_code == 302
    assert client.get("/m/bahia-blanca/staff/").status_code == 200


def test_prune_uploads_keeps_referenced_and_recent_files(app, municipality):
    from datetime import timedelta

    from participa.core.models import Upload
    from participa.db import utcnow

    old = utcnow() - timedelta(days=3)

    def upload(token, created_at):
        item = Upload(token=token, content_type="image/png", size=1, data=b"x",
                      created_at=created_at)  # fmt: skip
        db.session.add(item)
        db.session.flush()
        return item

    logo = upload("logo", old)
    municipality.logo_id = logo.id
    upload("abandoned", old)
    upload("fresh", utcnow())
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["prune-uploads"])
    assert result.exit_code == 0 and "Removed 1" in result.output
    db.session.expire_all()
    assert sorted(db.session.scalars(select(Upload.token))) == ["fresh", "logo"]


@pytest.mark.parametrize(
    "email,name,message",
    [("not-an-address", "Boss", "Enter a valid e-mail address"),
     ("boss@example.org", "B" * 81, "Enter a name of up to 80 characters."),
     ("boss@example.org", "   ", "Enter a name of up to 80 characters."),
     ("boss@example.org", "Boss", "Use at least 10 characters.")],
)  # fmt: skip
def test_create_admin_refuses_what_the_sign_up_form_refuses(app, email, name, message):
    # No form checks the command's options: a 100-character name was a traceback on PostgreSQL.
    password = "short" if message.startswith("Use") else "a long enough password"
    result = app.test_cli_runner().invoke(
        args=["create-admin", "--email", email, "--name", name, "--password", password]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert message in result.output
    assert count_rows(User) == 0
