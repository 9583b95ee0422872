"""Translations swapped for a test: a wrapper around each catalog shows what the pages ask for."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from gettext import NullTranslations

from flask import Flask
from flask_babel import force_locale, get_domain


@contextmanager
def translations_wrapped(
    app: Flask, locales: Iterable[str], wrap: Callable[[NullTranslations], object]
) -> Iterator[None]:
    """Until the block ends, answer ``locales`` from ``wrap(catalog)``.

    Flask-Babel keeps each locale's catalog in a cache that outlives the request, so the
    wrappers go into that cache, and the cache as it was comes back afterwards.
    """
    with app.test_request_context():
        domain = get_domain()
        cache = domain.get_translations_cache(None)
        saved = dict(cache)
        for locale in locales:
            with force_locale(locale):
                cache[(locale, domain.domain[0])] = wrap(domain.get_translations())
    try:
        yield
    finally:
        cache.clear()
        cache.update(saved)
