"""Benchmark the bulk OCDS exports with 50,000 releases in one municipality.

    .venv/bin/python bench/contracting_bench.py [--releases 50000 --per-process 5]

Builds the releases (valid OCDS 1.1, checked on a sample) in a temporary SQLite file with bulk
INSERTs, then streams the bulk release package, its gzip form and the bulk record package
through the Flask test client, timing each and measuring peak memory (tracemalloc for Python
allocations, ru_maxrss for the process). If the ``ocdskit`` command is installed, times
``ocdskit package-releases`` on the same releases for comparison. Prints data sizes throughout.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select

from participa import create_app
from participa.contracting.models import Party, ProcurementProcess, Release
from participa.contracting.services import merger
from participa.contracting.validation import release_errors
from participa.extensions import db
from participa.municipalities.models import Municipality

PREFIX = "ocds-bench1"
METHODS = ["open", "open", "selective", "limited", "direct"]
TAGS = [["planning"], ["tender"], ["award"], ["contract"], ["implementation"]]


def _release(n: int, stage: int, ocid: str, when: datetime) -> dict:
    """A realistic release of process ``n`` at ``stage`` (0 planning … 4 implementation)."""
    amount = 100_000 + (n * 7919) % 9_000_000
    supplier = {"id": f"AR-CUIT-30{n % 500:09d}", "name": f"Proveedor {n % 500} S.A."}
    buyer = {"id": "AR-CUIT-30999999991", "name": "Secretaría de Obras"}
    release = {
        "ocid": ocid, "id": f"{ocid}-{stage + 1:04d}", "date": when.isoformat(timespec="seconds"),
        "tag": TAGS[stage], "initiationType": "tender", "language": "es",
        "parties": [{**buyer, "roles": ["buyer", "procuringEntity"],
                     "identifier": {"scheme": "AR-CUIT", "id": "30999999991"}}],
        "buyer": buyer,
        "planning": {"rationale": "Plan anual de obras", "budget": {
            "description": "Fondos propios", "amount": {"amount": amount, "currency": "ARS"}}},
    }  # fmt: skip
    if stage >= 1:
        release["tender"] = {
            "id": f"T-{n}", "title": f"Obra pública número {n}", "status": "active",
            "procurementMethod": METHODS[n % 5], "mainProcurementCategory": "works",
            "value": {"amount": amount, "currency": "ARS"}, "procuringEntity": buyer,
            "tenderPeriod": {"startDate": when.isoformat(timespec="seconds"),
                             "endDate": (when + timedelta(days=20)).isoformat(timespec="seconds")},
            "items": [{"id": "1", "description": "Bacheo", "quantity": 400,
                       "unit": {"name": "m2"}}],
            "documents": [{"id": "doc-1", "documentType": "tenderNotice", "title": "Aviso",
                           "url": f"https://example.org/{ocid}/aviso.pdf"}],
        }  # fmt: skip
    if stage >= 2:
        release["parties"].append({**supplier, "roles": ["tenderer", "supplier"]})
        release["awards"] = [{"id": f"A-{n}", "status": "active", "suppliers": [supplier],
                              "date": when.isoformat(timespec="seconds"),
                              "value": {"amount": amount, "currency": "ARS"}}]  # fmt: skip
    if stage >= 3:
        release["contracts"] = [{"id": f"C-{n}", "awardID": f"A-{n}", "status": "active",
                                 "value": {"amount": amount, "currency": "ARS"},
                                 "dateSigned": when.isoformat(timespec="seconds")}]  # fmt: skip
    if stage >= 4:
        release["contracts"][0]["implementation"] = {"transactions": [{
            "id": "t-1", "date": when.isoformat(timespec="seconds"),
            "value": {"amount": amount // 2, "currency": "ARS"}, "payer": buyer,
            "payee": supplier}]}  # fmt: skip
    return release


def build(app, total: int, per_process: int) -> int:
    """Insert ``total`` releases in bulk; return the municipality id."""
    with app.app_context():
        db.drop_all()
        db.create_all()
        municipality = Municipality(
            slug="bench", name="Bench", country="AR", ocid_prefix=PREFIX,
            timezone="America/Argentina/Buenos_Aires",
        )  # fmt: skip
        db.session.add(municipality)
        db.session.flush()
        db.session.add(Party(municipality_id=municipality.id, ocds_id="AR-CUIT-30999999991",
                             name="Secretaría de Obras", is_public_body=True))  # fmt: skip
        db.session.commit()
        mid = municipality.id
        start = datetime(2023, 1, 1, 12, tzinfo=UTC)
        processes = total // per_process
        batch_p, batch_r = [], []
        merge = merger()
        for n in range(processes):
            ocid = f"{PREFIX}-{n:06d}"
            base = start + timedelta(minutes=n * 127)  # spread over three years
            releases = [
                _release(n, s, ocid, base + timedelta(days=s * 9)) for s in range(per_process)
            ]
            if n < 20:
                assert all(not release_errors(r) for r in releases)
            compiled = merge.create_compiled_release(releases)
            batch_p.append({"id": n + 1, "municipality_id": mid, "ocid": ocid,
                            "identifier": f"{n:06d}", "title": f"Obra pública número {n}",
                            "stage": "implementation", "year": base.year, "data": {},
                            "compiled": compiled, "red_flags": [], "release_count": per_process,
                            "last_published_at": base + timedelta(days=9 * (per_process - 1)),
                            "created_at": base, "updated_at": base})  # fmt: skip
            for r in releases:
                batch_r.append({"municipality_id": mid, "process_id": n + 1, "ocid": ocid,
                                "release_id": r["id"], "date": datetime.fromisoformat(r["date"]),
                                "date_text": r["date"], "tags": r["tag"], "data": r,
                                "published_at": base})  # fmt: skip
            if len(batch_r) >= 5000 or n == processes - 1:
                db.session.execute(insert(ProcurementProcess), batch_p)
                db.session.execute(insert(Release), batch_r)
                db.session.commit()
                batch_p, batch_r = [], []
        return mid


def _download(client, url: str, headers: dict | None) -> int:
    response = client.get(url, headers=headers or {}, buffered=False)
    assert response.status_code == 200, response.status_code
    size = 0
    for chunk in response.response:
        size += len(chunk)
    response.close()
    return size


def measure(client, url: str, headers: dict | None = None) -> tuple[float, int, float]:
    """Stream a download; return (seconds, bytes, peak MiB of Python allocations).

    Timed without tracemalloc (which slows Python down), then downloaded again under it.
    """
    started = time.perf_counter()
    size = _download(client, url, headers)
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    _download(client, url, headers)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, size, peak / 2**20


def ocdskit_figures(client, workdir: Path) -> str:
    exe = shutil.which("ocdskit") or str(Path(sys.executable).parent / "ocdskit")
    if not Path(exe).exists():
        return "ocdskit not installed: comparison skipped"
    package = workdir / "releases.json"
    response = client.get("/m/bench/contracting/ocds/releases.json", buffered=False)
    with package.open("wb") as handle:
        for chunk in response.response:
            handle.write(chunk)
    response.close()
    # ocdskit reads concatenated releases: feed it one release per line.
    lines = workdir / "releases.jsonl"
    with package.open("rb") as source, lines.open("w") as out:
        for release in json.load(source)["releases"]:
            out.write(json.dumps(release) + "\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    with lines.open("rb") as stdin, (workdir / "ocdskit.json").open("wb") as stdout:
        subprocess.run([exe, "package-releases", "--published-date", "2026-01-01T00:00:00Z"],
                       stdin=stdin, stdout=stdout, check=True)  # fmt: skip
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    size = (workdir / "ocdskit.json").stat().st_size
    return (f"ocdskit package-releases: {elapsed:6.2f} s, {size / 2**20:7.1f} MiB out, "
            f"peak RSS {max(peak, before) / 1024:6.1f} MiB (child process)")  # fmt: skip


FRESH_EXPORT = """
import sys
from participa import create_app
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "RATELIMIT_ENABLED": False,
                  "TESTING": True, "SERVER_NAME": None})
client = app.test_client()
size = 0
for chunk in client.get(sys.argv[2], buffered=False).response:
    size += len(chunk)
# VmHWM belongs to this process's own memory map; ru_maxrss would carry the parent's peak
# across fork and exec.
with open("/proc/self/status") as status:
    hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
print(size, hwm / 1024)
"""


def fresh_process_export(uri: str, url: str) -> tuple[int, float]:
    """Stream one export in a new process and return (bytes, that process's peak RSS in MiB)."""
    out = subprocess.run(
        [sys.executable, "-c", FRESH_EXPORT, uri, url], capture_output=True, text=True,
        check=True, cwd=Path(__file__).resolve().parent.parent,
    ).stdout.split()  # fmt: skip
    return int(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--releases", type=int, default=50_000)
    parser.add_argument("--per-process", type=int, default=5, choices=range(1, 6))
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="contracting-bench-"))
    try:
        uri = "sqlite:///" + str(workdir / "bench.sqlite")
        os.environ.pop("DATABASE_URL", None)
        app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "RATELIMIT_ENABLED": False,
                          "TESTING": True, "SERVER_NAME": None})  # fmt: skip
        started = time.perf_counter()
        build(app, args.releases, args.per_process)
        build_time = time.perf_counter() - started
        with app.app_context():
            count = db.session.scalar(select(db.func.count()).select_from(Release))
        db_size = (workdir / "bench.sqlite").stat().st_size
        print(
            f"data: {count:,} releases in {count // args.per_process:,} processes, one "
            f"municipality; SQLite file {db_size / 2**20:.1f} MiB (built in {build_time:.1f} s)"
        )
        client = app.test_client()
        base = "/m/bench/contracting/ocds"
        rss_built = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        for label, url, headers in [
            ("release package      ", f"{base}/releases.json", None),
            ("release package gzip ", f"{base}/releases.json?gzip=1", None),
            ("record package       ", f"{base}/records.json", None),
            ("record package gzip  ", f"{base}/records.json", {"Accept-Encoding": "gzip"}),
            ("releases of one year ", f"{base}/years/2024/releases.json", None),
        ]:
            elapsed, size, peak = measure(client, url, headers)
            print(
                f"{label}: {elapsed:6.2f} s, {size / 2**20:7.1f} MiB, "
                f"{count / elapsed if 'year' not in label else 0:>8,.0f} releases/s, "
                f"peak Python memory {peak:6.1f} MiB"
            )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"peak RSS of this process: {rss_built:.1f} MiB after the build, {rss:.1f} MiB "
            "after the exports (the exports stream: peak Python memory above)"
        )
        for label, url in [
            ("release package", f"{base}/releases.json"),
            ("record package", f"{base}/records.json"),
        ]:
            size, peak_rss = fresh_process_export(uri, url)
            print(
                f"{label} exported by a fresh process: {size / 2**20:.1f} MiB streamed, "
                f"peak RSS of the whole process {peak_rss:.1f} MiB (goal: under 150 MB)"
            )
        print(ocdskit_figures(client, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
