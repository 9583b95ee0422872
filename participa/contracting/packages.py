"""Release and record packages: built whole for one process, streamed for bulk exports.

Bulk exports walk the releases table with ``yield_per`` and yield JSON text piece by piece, so
memory stays bounded whatever the number of releases.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, Text, and_, case, cast, func, select
from sqlalchemy.orm import Session

from participa.contracting import merging, ocds
from participa.contracting.models import ContractingSettings, ProcurementProcess, Release
from participa.core.params import in_zone
from participa.extensions import db

if TYPE_CHECKING:
    from participa.contracting.ocds import JSON
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
) -> JSON:  # fmt: skip
    """The package metadata: uri, version, extensions, publishedDate, publisher, licence, policy.

    ``extensions`` are those the releases inside need (see ``contracting.extensions``).
    """
    publisher = {
        "name": settings.publisher_name or municipality.name,
        "scheme": settings.publisher_scheme,
        "uid": settings.publisher_uid,
        "uri": settings.publisher_uri or municipality.website,
    }
    meta: JSON = ocds.strip_empty(
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
    return meta


def _now() -> datetime:
    from participa.db import utcnow

    return utcnow()


def release_package(
    meta: JSON, releases: Iterable[JSON], links: dict[str, str] | None = None
) -> JSON:
    """A whole release package (for one process or one page of the API)."""
    package = dict(meta)
    if links:
        package["links"] = links
    package["releases"] = list(releases)
    return package


def record(
    ocid: str, linked: list[JSON], compiled: JSON | None, versioned: JSON | None = None
) -> JSON:
    """One record: linked releases, the compiled release and optionally the versioned one."""
    entry: dict[str, Any] = {"ocid": ocid, "releases": linked}
    if compiled:
        entry["compiledRelease"] = compiled
    if versioned:
        entry["versionedRelease"] = versioned
    return entry


def linked_release(package_uri: str, release_id: str, date: str, tags: list[str]) -> JSON:
    """A linked release: where the full release is, its date and tags."""
    return {"url": f"{package_uri}#{release_id}", "date": date, "tag": tags}


def record_package(meta: JSON, records: Iterable[JSON], packages: list[str] | None = None) -> JSON:
    """A whole record package."""
    package = dict(meta)
    if packages:
        package["packages"] = packages
    package["records"] = list(records)
    return package


# Streaming -----------------------------------------------------------------------------------


def _head(meta: JSON, key: str) -> str:
    return dumps(meta)[:-1] + f',"{key}":['


def stream_release_package(meta: JSON, query: Select[str], session: Session) -> Iterator[str]:
    """Yield a release package as JSON text, one release at a time (``query`` selects data)."""
    yield _head(meta, "releases")
    first = True
    for text in session.execute(query.execution_options(yield_per=CHUNK)).scalars():
        # The stored JSON text goes out as it is: no parsing and re-serialising per release.
        yield ("" if first else ",") + text
        first = False
    yield "]}"


def year_bounds(year: int, timezone: str) -> tuple[datetime, datetime]:
    """The first moment of ``year`` and of the next year in the municipality's time zone.

    The one definition of a year in the per-year files: a release belongs to the year of its
    ``date`` read in the municipality's time zone; a record to the year of its first release.
    """
    zone = ZoneInfo(timezone)
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def in_year(year: int, timezone: str) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """Conditions selecting the releases dated in ``year`` (in the municipality's time zone)."""
    start, end = year_bounds(year, timezone)
    return (Release.date >= start, Release.date < end)


def opened_in(municipality_id: int, year: int, timezone: str) -> Select[int]:
    """The ids of the processes whose first release is dated in ``year``: a year's records."""
    start, end = year_bounds(year, timezone)
    first = func.min(Release.date)
    return (
        select(Release.process_id)
        .where(Release.municipality_id == municipality_id)
        .group_by(Release.process_id)
        .having(first >= start, first < end)
    )


def _as_datetime(value: datetime | str | None) -> datetime | None:
    if isinstance(value, str):  # SQLite may hand back an aggregate of timestamps as text
        value = datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


def release_years(municipality_id: int, timezone: str) -> list[int]:
    """The years (in the municipality's time zone) with at least one release, newest first.

    One query per year found: each asks for the first release at or after the start of the
    next candidate year, so the work grows with the years published, not with the releases.
    """
    zone = ZoneInfo(timezone)
    first = select(func.min(Release.date)).where(Release.municipality_id == municipality_id)
    found: list[int] = []
    moment = _as_datetime(db.session.scalar(first))
    while moment is not None:
        year = in_zone(moment, zone).year
        found.append(year)
        if year >= 9998:
            break
        moment = _as_datetime(db.session.scalar(first.where(
            Release.date >= year_bounds(year + 1, timezone)[0])))  # fmt: skip
    return sorted(found, reverse=True)


def record_years(municipality_id: int, timezone: str, years: list[int]) -> set[int]:
    """Which of ``years`` (release years) have a records file: a process began in them."""
    if not years:
        return set()
    firsts = (
        select(func.min(Release.date).label("first"))
        .where(Release.municipality_id == municipality_id)
        .group_by(Release.process_id)
        .subquery()
    )
    first = firsts.c.first
    bounds = [(y, *year_bounds(y, timezone)) for y in years]
    which = case(*[(and_(first >= start, first < end), y) for y, start, end in bounds])
    return {y for y in db.session.scalars(select(which).distinct()) if y is not None}


def release_rows(municipality_id: int, *where: ColumnElement[bool]) -> Select[str]:
    """Release JSON text of a municipality (those ``where`` selects), in (date, id) order."""
    query = select(cast(Release.data, Text)).where(Release.municipality_id == municipality_id,
                                                   *where)  # fmt: skip
    return query.order_by(Release.date, Release.id)


def stream_record_package(
    meta: JSON,
    municipality_id: int,
    package_uri: Callable[[str], str],
    session: Session,
    *,
    processes_in: Select[int] | None = None,
) -> Iterator[str]:
    """Yield a record package: one record per process, as the per-process record has it.

    Each record has its linked releases, the compiled release (merged once at publication
    time) and the versioned release (merged here, one process at a time, so memory holds one
    process's releases); ``packages`` lists the per-process release packages they point to.
    ``package_uri(ocid)`` names that package; ``processes_in`` selects the processes' ids.
    """
    P = ProcurementProcess
    processes = (
        select(P.id, P.ocid, cast(P.compiled, Text))
        .where(P.municipality_id == municipality_id, P.release_count > 0)
        .order_by(P.id)
    )
    releases = (
        select(Release.process_id, Release.release_id, Release.date_text, Release.tags,
               Release.data)
        .where(Release.municipality_id == municipality_id)
        .order_by(Release.process_id, Release.date, Release.id)
    )  # fmt: skip
    if processes_in is not None:
        processes = processes.where(P.id.in_(processes_in))
        releases = releases.where(Release.process_id.in_(processes_in))
    release_iter = iter(session.execute(releases.execution_options(yield_per=CHUNK)))
    pending = next(release_iter, None)
    yield _head(meta, "records")
    first = True
    for process_id, ocid, compiled in session.execute(processes.execution_options(yield_per=CHUNK)):
        uri = package_uri(ocid)
        linked: list[JSON] = []
        full: list[JSON] = []
        # Both streams are ordered by process id: walk them side by side.
        while pending is not None and pending.process_id <= process_id:
            if pending.process_id == process_id:
                linked.append(linked_release(uri, pending.release_id, pending.date_text,
                                             pending.tags))  # fmt: skip
                full.append(pending.data)
            pending = next(release_iter, None)
        versioned = merging.merger().create_versioned_release(full) if full else None
        head = dumps(record(ocid, linked, None, versioned))[:-1]
        yield (
            ("" if first else ",")
            + head
            + (f',"compiledRelease":{compiled}}}' if compiled and compiled != "null" else "}")
        )
        first = False
    if first:  # no record: ``packages`` may not be an empty list
        yield "]}"
        return
    yield '],"packages":['
    first = True
    for (ocid,) in session.execute(
        processes.with_only_columns(P.ocid).execution_options(yield_per=CHUNK)
    ):
        yield ("" if first else ",") + dumps(package_uri(ocid))
        first = False
    yield "]}"


def facts(municipality_id: int, *where: ColumnElement[bool]) -> tuple[int, int | None, str]:
    """(how many releases, the newest id, the newest publication) of those ``where`` selects.

    What a bulk file is made of changes only when these do: its entity tag is built from them
    without reading the releases themselves.
    """
    count, newest, last = db.session.execute(
        select(func.count(Release.id), func.max(Release.id), func.max(Release.published_at))
        .where(Release.municipality_id == municipality_id, *where)
    ).one()  # fmt: skip
    return int(count or 0), newest, str(last or "")


def latest_publication(municipality_id: int, *where: ColumnElement[bool]) -> datetime | None:
    """When the platform last published a release (of those ``where`` selects): publishedDate.

    Not the newest release ``date``: an import of old releases changes the packages today.
    """
    query = select(func.max(Release.published_at)).where(
        Release.municipality_id == municipality_id, *where
    )
    return _as_datetime(db.session.scalar(query))
