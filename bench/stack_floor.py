"""The floor of a page and of a write on the design card's stack, for the benchmarks.

What any request of ours does before its own work: Flask-Login loads the person from the signed
session cookie through a Flask-SQLAlchemy model (the id and token check of
``accounts.services.load_user``). On top, :func:`reading_app` has Flask-Babel translate a layout
around 20 rows read through the ORM, with Flask-WTF's CSRF token in a sign-out form;
:func:`writing_app` has the ORM load a target, add a row, increment its counter and commit, then
flashes and redirects. No tenancy, permissions, rules, locks, counts, audit or caching: a
yardstick of what the fixed stack costs, printed beside the bare-Flask ones.
"""

from __future__ import annotations

import os

from flask import Flask, Response, abort, flash, redirect, render_template, request
from flask_babel import Babel
from flask_login import LoginManager, current_user, login_required
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from jinja2 import DictLoader
from sqlalchemy import select, update
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

LAYOUT = """<!doctype html><html lang="es"><head><title>{{ _("Proposals") }}</title></head>
<body><header><a href="/">{{ _("Home") }}</a><nav><a href="/c">{{ _("Consultations") }}</a>
<a href="/p">{{ _("Proposals") }}</a><a href="/d">{{ _("Open data") }}</a></nav>
{% if current_user.is_authenticated %}<span>{{ current_user.display_name }}</span>
<form method="post" action="/logout"><input type="hidden" name="csrf_token"
value="{{ csrf_token() }}"><button>{{ _("Log out") }}</button></form>{% endif %}</header>
<main><h1>{{ _("Proposals") }}</h1><ul>{% for p in rows %}<li><a href="/p/{{ p.id }}">
{{ p.title }}</a> {{ p.supports_count }}</li>{% endfor %}</ul></main>
<footer>{{ _("Accessibility") }} - {{ _("Privacy") }} - {{ _("Terms") }}</footer>
</body></html>"""


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str]
    session_token: Mapped[str]
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"


class Proposal(Base):
    __tablename__ = "proposals"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str]
    supports_count: Mapped[int]


class Counter(Base):
    __tablename__ = "bench_counters"
    id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int]


class Row(Base):
    __tablename__ = "bench_rows"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int]
    target: Mapped[int]


def _signed_in_app(name: str, url: str, secret: str) -> tuple[Flask, SQLAlchemy]:
    app = Flask(name)
    app.secret_key = secret
    app.config.update(SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 8})
    db = SQLAlchemy(app, model_class=Base)
    login = LoginManager(app)

    @login.user_loader
    def load(user_id: str) -> User | None:
        raw, _sep, token = user_id.partition(":")
        user = db.session.get(User, int(raw))
        return user if user is not None and user.session_token == token else None

    return app, db


def reading_app(url: str | None = None, secret: str | None = None) -> Flask:
    """A signed-in page: 20 rows in a translated layout with a CSRF form (GET /)."""
    app, db = _signed_in_app(
        "stack", url or os.environ["DATABASE_URL"], secret or os.environ["SECRET_KEY"]
    )
    Babel(app, locale_selector=lambda: request.accept_languages.best_match(["es", "en"]) or "es")
    CSRFProtect(app)
    app.jinja_loader = DictLoader({"layout.html": LAYOUT})

    @app.get("/")
    def index() -> str:
        query = select(Proposal).order_by(Proposal.id.desc()).limit(20)
        rows = db.session.scalars(query.offset((int(request.args.get("page", 1)) - 1) * 20))
        return render_template("layout.html", rows=rows.all())

    return app


def writing_app(url: str, secret: str) -> Flask:
    """A signed-in write: POST /w/<target> adds a row and increments the target's counter."""
    app, db = _signed_in_app("stack", url, secret)

    @app.post("/w/<int:target>")
    @login_required
    def write(target: int) -> Response:
        if db.session.get(Counter, target) is None:
            abort(404)
        db.session.add(Row(user_id=current_user.id, target=target))
        db.session.execute(update(Counter).where(Counter.id == target).values(n=Counter.n + 1))
        db.session.commit()
        flash("Recorded")
        return redirect("/")

    return app
