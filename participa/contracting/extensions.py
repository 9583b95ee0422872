"""OCDS extensions: pinned to released versions, kept from imports and declared on publication.

An imported package may declare extensions (lots, bids...) whose fields its releases carry.
The platform keeps the releases as they came, so every package it serves that contains them
declares the same extensions again; a validator then checks those fields against the
extension's schema instead of reporting them as unknown. A declaration points at a fixed
version: a moving branch (``master``) can change the schema under published data.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from sqlalchemy import ColumnElement, Select, select

from participa.contracting.models import ImportBatch, Release
from participa.extensions import db

RAW = "https://raw.githubusercontent.com/"
# Released versions of the extensions the platform knows, by repository name. A branch
# declaration of one of them is pinned to this version; others must be declared pinned.
# The pagination extension publishes no release tags: it is pinned to a commit.
KNOWN = {
    "ocds_lots_extension": "open-contracting-extensions/ocds_lots_extension/v1.1.5",
    "ocds_bid_extension": "open-contracting-extensions/ocds_bid_extension/v1.1.5",
    "ocds_pagination_extension": (
        "open-contracting-extensions/ocds_pagination_extension/"
        "cd2c6755a2635c2e6447d0c33d1ff691f0a4b707"
    ),
}
PAGINATION = f"{RAW}{KNOWN['ocds_pagination_extension']}/extension.json"
# Git references that move: declaring one means "whatever the schema is today".
MOVING = frozenset({"master", "main", "develop", "dev", "latest", "head", "1.1", "1.1-dev"})


class UnpinnedExtension(ValueError):
    """An extension declared by a moving branch that the platform cannot pin."""


def pin(url: str) -> str:
    """The URL to declare for ``url``: itself when fixed, the known release for a branch.

    Raises UnpinnedExtension for an unknown extension declared by a moving branch.
    """
    parts = urlsplit(url.strip())
    segments = [s for s in parts.path.split("/") if s]
    if parts.netloc == "raw.githubusercontent.com" and len(segments) >= 4:
        repository, ref, rest = segments[1], segments[2], segments[3:]
    elif parts.netloc == "github.com" and len(segments) >= 5 and segments[2] in ("blob", "raw"):
        repository, ref, rest = segments[1], segments[3], segments[4:]
    else:
        return url.strip()  # not a repository address: nothing says it moves
    if ref.lower() not in MOVING:
        return url.strip()
    known = KNOWN.get(repository)
    if known is None:
        raise UnpinnedExtension(url)
    return f"{RAW}{known}/{'/'.join(rest)}"


def merged(lists: Iterable[Iterable[str]]) -> list[str]:
    """Every URL of ``lists`` once, in first-seen order."""
    return list(dict.fromkeys(url for urls in lists for url in urls or []))


def of_imports(imports: Select[int] | Select[int | None]) -> list[str]:
    """The extensions declared by the imports ``imports`` selects (a select of their ids)."""
    rows = db.session.scalars(
        select(ImportBatch.extensions).where(ImportBatch.id.in_(imports)).order_by(ImportBatch.id)
    )
    return merged(rows)


def of_releases(*where: ColumnElement[bool]) -> list[str]:
    """The extensions of the imports the releases matching ``where`` came with."""
    ids = select(Release.import_id).where(Release.import_id.is_not(None), *where).distinct()
    return of_imports(ids)


def of_process(process_id: int) -> list[str]:
    """The extensions the releases of one process need."""
    return of_releases(Release.process_id == process_id)


def of_municipality(municipality_id: int) -> list[str]:
    """The extensions any release of the municipality needs."""
    ids = select(ImportBatch.id).where(
        ImportBatch.municipality_id == municipality_id, ImportBatch.releases > 0
    )
    return of_imports(ids)


def sources_of(municipality_id: int) -> list[dict[str, str | None]]:
    """The publishers of the packages the municipality imported, each once, by name."""
    rows = db.session.scalars(
        select(ImportBatch.publisher).where(
            ImportBatch.municipality_id == municipality_id, ImportBatch.kind == "package",
            ImportBatch.releases > 0,
        ).order_by(ImportBatch.id)
    )  # fmt: skip
    found: dict[tuple[str, str | None], dict[str, str | None]] = {}
    for publisher in rows:
        if isinstance(publisher, dict) and publisher.get("name"):
            uri = publisher.get("uri")
            key = (str(publisher["name"]), uri if isinstance(uri, str) else None)
            found.setdefault(key, {"name": key[0], "uri": key[1]})
    return sorted(found.values(), key=lambda p: str(p["name"]).lower())
