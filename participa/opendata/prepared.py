"""Large dataset downloads, built by the background worker and served as stored files.

A dataset of more than ``OPENDATA_PREPARE_ROWS`` rows in a municipality is not streamed from the
database by the request any more (100,000 comments took 11 s): the first request queues a build
(:mod:`participa.core.exports`) and answers 202; the built file is then served to everyone until
the dataset changes (its ETag, the same as the streamed download's, is the file's version).
Smaller datasets stream as before, byte for byte. The file holds exactly the bytes the streamed
download would send: the same rows, columns and CSV/JSON writing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from participa.core import audit, exports, jobs
from participa.core.downloads import csv_rows, encode_chunks
from participa.core.models import PreparedFile
from participa.extensions import db
from participa.opendata import registry, services

if TYPE_CHECKING:
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality

BUILD = "opendata.build_export"
FORMATS = {"csv": "text/csv", "json": "application/json"}
FORMAT_LABELS = {"csv": _l("CSV"), "json": _l("JSON")}


def threshold() -> int:
    """Datasets with more rows than this are prepared by a job instead of streamed."""
    return int(current_app.config.get("OPENDATA_PREPARE_ROWS", 20000))


def slot(name: str, fmt: str, municipality_id: int) -> str:
    """What identifies the file of a dataset in a format in a municipality."""
    return f"opendata:{name}:{fmt}:{municipality_id}"


def should_prepare(found: services.Facts) -> bool:
    """Tell whether a dataset this large is served as a prepared file."""
    return found.rows > threshold()


def prepare(name: str, fmt: str, municipality: Municipality, found: services.Facts) -> PreparedFile:
    """The prepared file of the dataset at its current version (queued when it is not built)."""
    dataset = registry.get_or_404(name)
    version = services.etag(dataset, municipality.id, found, fmt)
    return exports.prepare(
        slot(name, fmt, municipality.id), kind=BUILD, version=version,
        filename=f"{municipality.slug}-{name}.{fmt}", content_type=FORMATS[fmt],
        params={"dataset": name, "format": fmt}, municipality_id=municipality.id,
        total=found.rows,
    )  # fmt: skip


def body(name: str, fmt: str, municipality_id: int, progress: exports.Progress | None = None,
         total: int = 0) -> bytes:  # fmt: skip
    """The whole download as the streamed response sends it, built in memory."""
    dataset = registry.get_or_404(name)
    rows = services.stream(db.session(), dataset, municipality_id)
    if progress is not None:
        rows = _counted(rows, progress, total)
    if fmt == "csv":
        chunks = csv_rows([c.name for c in dataset.columns], services.csv_cells(rows))
    else:
        chunks = services.json_lines(db.session(), dataset, municipality_id, rows=rows)
    return b"".join(encode_chunks(chunks))


def _counted(rows: Any, progress: exports.Progress, total: int) -> Any:
    done = 0
    for done, row in enumerate(rows, start=1):
        if done % 1000 == 0:
            progress(done, total)
        yield row
    progress(done, max(total, done))


def _version(record: PreparedFile) -> str:
    dataset = registry.get_or_404(record.params["dataset"])
    assert record.municipality_id is not None  # dataset files belong to a municipality
    found = services.facts(dataset, record.municipality_id)
    return services.etag(dataset, record.municipality_id, found, record.params["format"])


def _produce(record: PreparedFile, progress: exports.Progress) -> exports.Built:
    dataset = registry.get_or_404(record.params["dataset"])
    assert record.municipality_id is not None
    found = services.facts(dataset, record.municipality_id)
    data = body(dataset.name, record.params["format"], record.municipality_id, progress,
                total=found.rows)  # fmt: skip
    return exports.Built(data=data, last_modified=found.last_modified)


BUILDER = exports.Builder(version=_version, produce=_produce)


def retry(record: PreparedFile, *, actor: User, municipality: Municipality) -> bool:
    """Queue again a dataset file that could not be prepared (staff asked)."""
    queued = exports.retry(record)
    if queued:
        audit.record("opendata.export_retried", actor=actor, municipality=municipality,
                     target=record, dataset=record.params.get("dataset"),
                     format=record.params.get("format"))  # fmt: skip
    return queued


def build(file_id: int) -> None:
    """Build the dataset file ``file_id`` (safe to run twice)."""
    exports.build(file_id, BUILDER)


# A build reads the whole dataset once; a crash (not bad data) is retried after half a minute.
BUILD_JOB = jobs.Job(BUILD, build, retry_delays=(30,), timeout=1800, unique=True)
JOBS = (BUILD_JOB,)
