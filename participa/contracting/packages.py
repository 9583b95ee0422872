"""Release and record packages: built whole for one process, streamed for bulk exports.

Bulk exports walk the releases table with ``yield_per`` and yield JSON text piece by piece, so
memory stays bounded whatever the number of releases.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, Text, cast, func, select
from sqlalchemy.orm import Session

from participa.contracting import ocds
from participa.contracting.models import ContractingSettings, ProcurementProcess, Release
from participa.extensions import db

if TYPE_CHECKING:
    from participa.municipalities.models import Municipality

VERSION = "1.1"
CHUNK = 500


def dumps(value: Any) -> str:
    """Compact UTF-8 JSON (I-JSON: no NUL characters)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("\\u0000", "")


def metadata(
    *, uri: str, published: datetime | None, municipality: Municipality,
    settings: ContractingSettings, policy_url: str,
    extensions: list[str] | None = None,
) -> dict:  # fmt: skip
    """The package metadata: uri, version, extensions, publishedDate, publisher, licence, policy.

    ``extensions`` are those the releases inside need (see ``contracting.extensions``).
    """
    publisher = {
        "name": settings.publisher_name or municipality.name,
        "scheme": settings.publisher_scheme,
        "uid": settings.publisher_uid,
        "uri": settings.publisher_uri or municipality.website,
    }
    return ocds.strip_empty(
        {
            "uri": uri,
            "version": VERSION,
            "extensions": list(extensions or []),
            "publishedDate": ocds.rfc3339(published or _now(), municipality.timezone),
            "publisher": publisher,
            "license": settings.license_url,
            "publicationPolicy": settings.publication_policy_url or policy_url,
        }
    )


def _now() -> datetime:
    from participa.db import utcnow

    return utcnow()


def release_package(meta: dict, releases: Iterable[dict], links: dict | None = None) -> dict:
    """A whole release package (for one process or one page of the API)."""
    package = dict(meta)
    if links:
        package["links"] = links
    package["releases"] = list(releases)
    return package


def record(
    ocid: str, linked: list[dict], compiled: dict | None, versioned: dict | None = None
) -> dict:
    """One record: linked releases, the compiled release and optionally the versioned one."""
    entry: dict[str, Any] = {"ocid": ocid, "releases": linked}
    if compiled:
        entry["compiledRelease"] = compiled
    if versioned:
        entry["versionedRelease"] = versioned
    return entry


def linked_release(package_uri: str, release_id: str, date: str, tags: list[str]) -> dict:
    """A linked release: where the full release is, its date and tags."""
    return {"url": f"{package_uri}#{release_id}", "date": date, "tag": tags}


def record_package(meta: dict, records: Iterable[dict], packages: list[str] | None = None) -> dict:
    """A whole record package."""
    package = dict(meta)
    if packages:
        package["packages"] = packages
    package["records"] = list(records)
    return package


# Streaming -----------------------------------------------------------------------------------


def _head(meta: dict, key: str) -> str:
    return dumps(meta)[:-1] + f',"{key}":['


def stream_release_package(meta: dict, query: Select, session: Session) -> Iterator[str]:
    """Yield a release package as JSON text, one release at a time (``query`` selects data)."""
    yield _head(meta, "releases")
    first = True
    for text in session.execute(query.execution_options(yield_per=CHUNK)).scalars():
        # The stored JSON text goes out as it is: no parsing and re-serialising per release.
        yield ("" if first else ",") + text
        first = False
    yield "]}"


def release_rows(municipality_id: int, *, year: int | None = None) -> Select:
    """Release JSON text of a municipality (or of one year), in (date, id) order."""
    query = select(cast(Release.data, Text)).where(Release.municipality_id == municipality_id)
    if year is not None:
        query = query.where(Release.date >= _year_start(year), Release.date < _year_start(year + 1))
    return query.order_by(Release.date, Release.id)


def _year_start(year: int) -> datetime:
    from datetime import UTC

    return datetime(year, 1, 1, tzinfo=UTC)


def in_year(year: int) -> tuple:
    """Conditions selecting the releases dated in ``year`` (UTC)."""
    return (Release.date >= _year_start(year), Release.date < _year_start(year + 1))


def stream_record_package(
    meta: dict,
    municipality_id: int,
    package_uri: Callable[[str], str],
    session: Session,
    *,
    year: int | None = None,
) -> Iterator[str]:
    """Yield a record package: one record per process, merged once at publication time.

    ``package_uri(ocid)`` names the per-process release package the linked releases point to.
    """
    processes = (
        select(ProcurementProcess.id, ProcurementProcess.ocid,
               cast(ProcurementProcess.compiled, Text))
        .where(ProcurementProcess.municipality_id == municipality_id,
               ProcurementProcess.release_count > 0)
        .order_by(ProcurementProcess.id)
    )  # fmt: skip
    releases = (
        select(Release.process_id, Release.release_id, Release.date_text, Release.tags)
        .where(Release.municipality_id == municipality_id)
        .order_by(Release.process_id, Release.date, Release.id)
    )
    if year is not None:
        processes = processes.where(ProcurementProcess.year == year)
        releases = releases.join(ProcurementProcess).where(ProcurementProcess.year == year)
    release_iter = iter(session.execute(releases.execution_options(yield_per=CHUNK)))
    pending = next(release_iter, None)
    yield _head(meta, "records")
    first = True
    for process_id, ocid, compiled in session.execute(processes.execution_options(yield_per=CHUNK)):
        uri = package_uri(ocid)
        linked = []
        # Both streams are ordered by process id: walk them side by side.
        while pending is not None and pending.process_id <= process_id:
            if pending.process_id == process_id:
                linked.append(linked_release(uri, pending.release_id, pending.date_text,
                                             pending.tags))  # fmt: skip
            pending = next(release_iter, None)
        head = dumps(record(ocid, linked, None))[:-1]
        yield (
            ("" if first else ",")
            + head
            + (f',"compiledRelease":{compiled}}}' if compiled and compiled != "null" else "}")
        )
        first = False
    yield "]}"


def facts(municipality_id: int, *where: Any) -> tuple[int, int | None, str]:
    """(how many releases, the newest id, the newest publication) of those ``where`` selects.

    What a bulk file is made of changes only when these do: its entity tag is built from them
    without reading the releases themselves.
    """
    count, newest, last = db.session.execute(
        select(func.count(Release.id), func.max(Release.id), func.max(Release.published_at))
        .where(Release.municipality_id == municipality_id, *where)
    ).one()  # fmt: skip
    return int(count or 0), newest, str(last or "")


def latest_publication(municipality_id: int, *, year: int | None = None) -> datetime | None:
    """When the platform last published a release (of a year): the packages' publishedDate.

    Not the newest release ``date``: an import of old releases changes the packages today.
    """
    query = select(func.max(Release.published_at)).where(Release.municipality_id == municipality_id)
    if year is not None:
        query = query.where(Release.date >= _year_start(year), Release.date < _year_start(year + 1))
    return db.session.scalar(query)
