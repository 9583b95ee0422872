"""How attachments read on a page: language names and formats in the visitor's language."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from flask_babel import get_locale

from participa.core.documents import label


def language_name(code: str) -> str:
    """``"es"`` as the visitor reads it: "Spanish", "español", "espanhol"."""
    try:
        name = Locale.parse(code).get_display_name(get_locale()) or code
    except (UnknownLocaleError, ValueError):
        return code
    return name[:1].upper() + name[1:]


def document_type(content_type: str) -> str:
    """A document's format as people call it ("PDF", "Word document")."""
    return str(label(content_type))
