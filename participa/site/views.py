"""Platform-wide pages: home, legal pages, language switch, uploaded files."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import select

from participa.core import homes
from participa.core.health import readiness
from participa.core.models import Upload
from participa.core.pagination import paginate
from participa.core.security import is_safe_next
from participa.core.submit import Rendered, csrf_exempt
from participa.core.uploads import upload_bytes
from participa.extensions import csrf, db, limiter
from participa.municipalities.models import MemberKind
from participa.site import bp, services
from participa.site.models import LEGAL_SLUGS


@bp.get("/")
def home() -> Rendered:
    search = request.args.get("q", "").strip()[:100]
    country = request.args.get("country", "").strip()[:2]
    kind = request.args.get("kind", "").strip()
    if kind not in set(MemberKind):
        kind = ""  # an unknown kind filters nothing, as an unknown country does
    page = paginate(services.municipalities_query(search, country, kind), per_page=24)
    # The network overview heads the first page; a search shows its results alone.
    overview = not search and not country and not kind and page.page == 1
    return render_template(
        "site/home.html",
        page=page,
        search=search,
        country=country,
        countries=services.active_countries(),
        kind=kind,
        kind_counts=services.kind_counts(),
        overview=overview,
        open_now=homes.open_now(None) if overview else [],
        activity=homes.activity(None) if overview else [],
        figures=homes.figures(None) if overview else [],
    )


@bp.get("/pages/<slug>")
def legal(slug: str) -> Rendered:
    if slug not in LEGAL_SLUGS:
        abort(404)
    page = services.legal_page(slug, str(get_locale()))
    if page is None:
        abort(404)
    return render_template("site/legal.html", page=page)


@bp.post("/language")
@csrf_exempt
def set_language() -> Rendered:
    # Anonymous visitors choose a language without a CSRF token, so that their pages hold
    # nothing personal and a reverse proxy may keep them (core.httpcache): forging this post
    # could only change the language of someone's session. An account's setting keeps it.
    if current_user.is_authenticated and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    locale = request.form.get("locale", "")
    if locale not in current_app.config["LANGUAGES"]:
        abort(400)
    session["locale"] = locale
    if current_user.is_authenticated:
        current_user.locale = locale
        db.session.commit()
    target = request.form.get("next")
    return redirect(target if is_safe_next(target) else url_for("site.home"))


@bp.get("/uploads/<token>")
def upload(token: str) -> Response:
    # Documents attached to content have their own route, which checks that it is visible.
    item = db.session.scalars(
        select(Upload).where(Upload.token == token, Upload.public.is_(True))
    ).first()
    if item is None:
        abort(404)
    data = upload_bytes(item)
    if data is None:
        abort(404)
    response = Response(data, mimetype=item.content_type)
    response.headers["Content-Disposition"] = "inline; filename=image"
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _not_stored(response: Response) -> Response:
    # Probes must see the live state: no proxy or page cache may answer for the app.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
@limiter.exempt
def health() -> Response:
    """The process answers; nothing else is checked, so a database outage does not restart it."""
    return _not_stored(jsonify(status="ok"))


@bp.get("/readyz")
@limiter.exempt
def ready() -> Response:
    """Whether this server can serve requests now: the database (and Redis when configured)."""
    checks = readiness()
    ok = all(value == "ok" for value in checks.values())
    response = jsonify(status="ok" if ok else "unavailable", checks=checks)
    response.status_code = 200 if ok else 503
    return _not_stored(response)
