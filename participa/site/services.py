"""Platform home listing and legal pages."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select

from participa.extensions import db
from participa.municipalities.models import Municipality
from participa.site.models import LegalPage


def municipalities_query(search: str | None = None, country: str | None = None) -> Select:
    """Active municipalities, optionally filtered by a name search and a country code."""
    query = select(Municipality).where(Municipality.archived_at.is_(None))
    if search:
        like = f"%{search.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Municipality.name).like(like), func.lower(Municipality.region).like(like)
            )
        )
    if country:
        query = query.where(Municipality.country == country.upper())
    return query.order_by(Municipality.name)


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
