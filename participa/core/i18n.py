"""Locale and time zone selection, and localized formatting filters for templates."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.support import NullTranslations, Translations
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import (
    format_currency,
    format_datetime,
    format_decimal,
    get_locale,
    get_timezone,
    get_translations,
)
from flask_login import current_user

from participa.core.deadlines import closes_in
from participa.core.params import in_zone

if TYPE_CHECKING:
    from participa.municipalities.models import Municipality  # type only: see core.authz


def select_locale() -> str:
    """The user's choice, then the municipality default, then the browser's Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    if getattr(current_user, "is_authenticated", False) and current_user.locale in languages:
        return str(current_user.locale)
    chosen = session.get("locale")
    if chosen in languages:
        return str(chosen)
    municipality = g.get("municipality")
    if municipality is not None and municipality.default_locale in languages:
        return str(municipality.default_locale)
    return str(
        request.accept_languages.best_match(list(languages))
        or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def select_timezone() -> str:
    municipality = g.get("municipality")
    if municipality is not None and municipality.timezone:
        return str(municipality.timezone)
    return str(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _zone(where: str | Municipality | None) -> ZoneInfo | None:
    name = where if isinstance(where, str) else getattr(where, "timezone", None)
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_datetime(
    value: datetime | None, fmt: str = "medium", zone: str | Municipality | None = None
) -> str:
    """Format a UTC datetime for people, in ``zone`` (a zone name or an object with a
    ``timezone``, such as the municipality the moment belongs to), else the page's zone.

    Pages outside a municipality (notifications, profiles, platform admin) must pass the zone:
    without it they would show the platform's default zone (UTC).
    """
    if not value:
        return ""
    tz = _zone(zone)
    if tz is None:
        return str(format_datetime(in_zone(value, get_timezone()), fmt))
    return babel_dates.format_datetime(in_zone(value, tz), fmt, tzinfo=tz, locale=get_locale())


def local_date(
    value: date | datetime | str | None,
    fmt: str = "medium",
    zone: str | Municipality | None = None,
) -> str:
    """Format the day of ``value`` for people; a datetime's day is taken in ``zone`` (see
    :func:`local_datetime`). ISO 8601 text (OCDS dates) is read first; other text is shown as is.
    """
    if not value:
        return ""
    if isinstance(value, str):
        parsed = _parse_iso(value)
        if parsed is None:
            return value
        value = parsed
    tz = _zone(zone)
    if isinstance(value, datetime):
        value = in_zone(value, tz or get_timezone()).date()
    return _format_day(value, fmt, str(get_locale()))


@lru_cache(maxsize=4096)
def _format_day(day: date, fmt: str, locale: str) -> str:
    # A list page shows many days, each formatted alike (Babel reads the pattern every time).
    return str(babel_dates.format_date(day, fmt, locale=Locale.parse(locale)))


def _parse_iso(text: str) -> date | datetime | None:
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    # A date alone, or a time without an offset: its day is the one written.
    return parsed if parsed.tzinfo is not None else parsed.date()


@lru_cache(maxsize=8192)
def _format_integer(value: int, locale: str) -> str:
    return str(babel_numbers.format_decimal(value, locale=locale))


def number(value: Any) -> str:
    """A number in the current language; counts (integers) are remembered per language, since
    a list page formats dozens of them and Babel reads the locale's pattern for each."""
    if value is None:
        value = 0
    if type(value) is int:
        return _format_integer(value, str(get_locale()))
    return str(format_decimal(value))


def language_choices() -> list[tuple[str, str]]:
    """The platform's languages as form choices: each code with its name in that language."""
    return list(current_app.config["LANGUAGES"].items())


def country_name(code: str) -> str:
    """The country's name in the current language (ISO 3166-1 alpha-2 code)."""
    return str(get_locale().territories.get((code or "").upper(), code))


def _catalog() -> Translations | NullTranslations:
    catalog: Translations | NullTranslations = get_translations()
    return catalog


def _translations() -> Translations | NullTranslations:
    # A page shell alone asks for hundreds of strings; Flask-Babel finds the catalog afresh
    # for each (the locale, its name, the domain, the cache). Kept on the request's Babel
    # context beside the locale it belongs to, so force_locale() (e-mails in the reader's
    # language) and refresh() still switch catalogs.
    if not g:
        return _catalog()
    context = g.get("_flask_babel")
    locale = getattr(context, "babel_locale", None)
    cached = getattr(context, "participa_translations", None)
    if locale is not None and cached is not None and cached[0] is locale:
        found: Translations | NullTranslations = cached[1]
        return found
    translations = _catalog()
    context = g.get("_flask_babel")  # created by get_translations() on first use
    locale = getattr(context, "babel_locale", None)
    if context is not None and locale is not None:
        context.participa_translations = (locale, translations)
    return translations


def _install_gettext(app: Flask) -> None:
    # Same callables as Flask-Babel's, on the per-request catalog above.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )


def init_app(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    _install_gettext(app)
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
    app.jinja_env.globals["country_name"] = country_name
    app.jinja_env.globals["closes_in"] = closes_in
    app.jinja_env.filters["datetime"] = local_datetime
    app.jinja_env.filters["date"] = local_date
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["money"] = lambda v, cur="USD": format_currency(v or 0, cur)
