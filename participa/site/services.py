"""Platform home listing and legal pages."""

from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import Select, func, select

from participa.core.search import codes_named, matches
from participa.extensions import db
from participa.municipalities.models import Municipality
from participa.site.models import LegalPage


def municipalities_query(
    search: str | None = None, country: str | None = None, kind: str | None = None
) -> Select[Municipality]:
    """Active members, optionally filtered by a name search, a country code and a kind."""
    query = select(Municipality).where(Municipality.archived_at.is_(None))
    if kind:
        query = query.where(Municipality.kind == kind)
    if search:
        # Every word in the name, the region or the country's name in the reader's language,
        # ignoring case and accents: "bahia" finds Bahía Blanca, "chile" the Chilean ones.
        locale = get_locale()
        territories = dict(locale.territories) if locale is not None else {}
        query = query.where(
            matches(
                search,
                Municipality.name,
                Municipality.region,
                extra=lambda term: [
                    Municipality.country.in_(codes_named(term, territories, str(locale)))
                ],
            )
        )
    if country:
        query = query.where(Municipality.country == country.upper())
    return query.order_by(Municipality.name)


def kind_counts() -> dict[str, int]:
    """How many active members of each kind, by kind code (kinds without members left out)."""
    rows = db.session.execute(
        select(Municipality.kind, func.count())
        .where(Municipality.archived_at.is_(None))
        .group_by(Municipality.kind)
    )
    return {kind: count for kind, count in rows}


def active_countries() -> list[str]:
    return list(
        db.session.scalars(
            select(Municipality.country)
            .where(Municipality.archived_at.is_(None))
            .distinct()
            .order_by(Municipality.country)
        )
    )


def legal_page(slug: str, locale: str) -> LegalPage | None:
    """The page in ``locale``, else in Spanish, else in any language."""
    pages = db.session.scalars(select(LegalPage).where(LegalPage.slug == slug)).all()
    by_locale = {page.locale: page for page in pages}
    return by_locale.get(locale) or by_locale.get("es") or (pages[0] if pages else None)
