"""Public pages and downloads: processes, suppliers, figures, red flags, OCDS files and CSV."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flask import abort, g, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from participa.comments.services import thread_for, thread_probe
from participa.contracting import bp, exports, flags, flat, packages, queries, services
from participa.contracting import extensions as ocds_extensions
from participa.contracting.codelist_labels import label
from participa.contracting.codelists import choices, codes
from participa.contracting.importers import CSV_COLUMNS
from participa.contracting.models import PROCESS_KIND, STAGES, Party, ProcurementProcess, Release
from participa.core.authz import can
from participa.core.charts import bar_chart
from participa.core.downloads import (
    attachment,
    csv_response,
    digest,
    json_response,
    not_modified,
    with_session,
)
from participa.core.pagination import paginate
from participa.core.params import int_arg, parse_decimal
from participa.core.related import has_linked, linked_probes
from participa.core.submit import Rendered
from participa.core.tenancy import get_or_404, scoped
from participa.core.viewer import prefetch
from participa.extensions import db
from participa.places import services as places

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from participa.contracting.ocds import JSON

    # Builds the rows of a CSV file for a municipality, given its id.
    RowMaker = Callable[[int, Session], Iterable[list[Any]]]

logger = logging.getLogger(__name__)
PER_PAGE = 20


def _is_staff() -> bool:
    return can(current_user, "contracting.procurement", g.municipality)


def load_process(process_id: int) -> ProcurementProcess:
    """A process of this municipality; drafts exist only for staff."""
    process = get_or_404(ProcurementProcess, process_id)
    if not process.is_published and not _is_staff():
        abort(404)
    return process


def process_by_ocid(ocid: str) -> ProcurementProcess:
    process = db.session.scalars(
        scoped(ProcurementProcess).where(ProcurementProcess.ocid == ocid,
                                         ProcurementProcess.release_count > 0)
    ).first()  # fmt: skip
    if process is None:
        abort(404)
    return process


def _int(name: str) -> int | None:
    # Filters a visitor may edit by hand: what is not a usable number is ignored.
    return int_arg(name, lenient=True)


def _decimal(name: str) -> Decimal | None:
    return parse_decimal(request.args.get(name))


def _filters() -> queries.Filters:
    args = request.args
    method = args.get("method", "")
    status = args.get("status", "")
    sort = args.get("sort", "recent")
    return queries.Filters(
        stage=args.get("stage") if args.get("stage") in STAGES else None,
        status=status if status in codes("tenderStatus") else None,
        method=method if method in codes("method") else None,
        supplier_id=_int("supplier"),
        buyer_id=_int("buyer"),
        district_id=_int("district"),
        year=_int("year"),
        min_amount=_decimal("min"),
        max_amount=_decimal("max"),
        query=args.get("q", "").strip()[:200],
        flagged=args.get("flagged") == "1",
        sort=sort if sort in queries.SORTS else "recent",
    )


def stage_labels() -> dict[str, str]:
    return {
        "draft": _("Draft (not published)"),
        "planning": _("Planning"),
        "tender": _("Tender"),
        "award": _("Award"),
        "contract": _("Contract"),
        "implementation": _("Implementation"),
    }


@bp.app_template_global("contracting_stage_label")
def stage_label(stage: str | None) -> str:
    """The label of a process's stage in the current language, for pages of other features."""
    return stage_labels().get(stage or "", stage or "")


def code_title(name: str, code: str | None) -> str:
    """The label of a codelist code in the current language."""
    return label(name, code)


@bp.app_template_global("ocds_title")
def _ocds_title(name: str, code: str | None) -> str:
    return code_title(name, code)


@bp.get("/", endpoint="list")
def process_list() -> Rendered:
    filters = _filters()
    municipality = g.municipality
    page = paginate(queries.listing_query(municipality, filters), PER_PAGE)
    return render_template(
        "contracting/list.html", page=page, filters=filters, stages=stage_labels(),
        methods=choices("method"), statuses=choices("tenderStatus"),
        buyers=queries.buyers(municipality), suppliers=queries.suppliers(municipality),
        years=queries.years(municipality), districts=places.districts_of(municipality),
    )  # fmt: skip


@bp.get("/processes/<int:process_id>")
def detail(process_id: int) -> Rendered:
    process = load_process(process_id)
    releases = services.releases_of(process)
    thread = None
    if process.is_published:
        # The thread's count and the linked features' sections (documents, follow-up) in one
        # round trip.
        prefetch(
            thread_probe(process, PROCESS_KIND, current_user),
            *linked_probes(PROCESS_KIND, process.id),
        )
        thread = thread_for(process, PROCESS_KIND, current_user)
    return render_template(
        "contracting/detail.html", process=process, state=process.compiled or process.data or {},
        releases=releases, flags=services.flags_for(process, releases), stages=stage_labels(),
        parties=_parties_of(process), links=services.links_of(process), thread=thread,
        timeline=_timeline(process, releases),
    )  # fmt: skip


def _parties_of(process: ProcurementProcess) -> list[tuple[Party | None, JSON]]:
    entries = (process.compiled or {}).get("parties") or []
    ids = [e.get("id") for e in entries]
    rows = {
        p.ocds_id: p
        for p in db.session.scalars(
            scoped(Party).where(Party.ocds_id.in_(ids))
        )
    } if ids else {}  # fmt: skip
    return [(rows.get(e.get("id")), e) for e in entries]


def _timeline(process: ProcurementProcess, releases: list[Release]) -> list[dict[str, Any]]:
    """The stages the process went through, with the date each was first published."""
    first: dict[str, Release] = {}
    for release in releases:
        for tag in release.tags:
            stage = tag.replace("Update", "").replace("Amendment", "").replace("Cancellation", "")
            stage = "contract" if stage == "contractTermination" else stage
            first.setdefault(stage, release)
    labels = stage_labels()
    return [
        {"stage": stage, "label": labels[stage], "release": first.get(stage),
         "reached": stage in first}
        for stage in ("planning", "tender", "award", "contract", "implementation")
    ]  # fmt: skip


@bp.get("/suppliers/")
def suppliers() -> Rendered:
    page = paginate(queries.supplier_listing(g.municipality), PER_PAGE, scalars=False)
    return render_template("contracting/suppliers.html", page=page)


@bp.get("/suppliers/<int:party_id>")
def supplier(party_id: int) -> Rendered:
    party = get_or_404(Party, party_id)
    processes = queries.processes_of_party(party)
    if not processes and not _is_staff():
        abort(404)
    return render_template("contracting/supplier.html", party=party, processes=processes,
                           first_dealt=queries.first_award_or_contract(party))  # fmt: skip


@bp.get("/summary")
def summary() -> Rendered:
    year = _int("year")
    figures = queries.summary(g.municipality, year)
    method_rows = [(code_title("method", m) or _("Not stated"), c, v)
                   for m, c, v in figures.by_method]  # fmt: skip
    charts = {
        "count": bar_chart([(label, c) for label, c, _v in method_rows],
                           title=_("Processes by procurement method")),
        "value": bar_chart([(label, float(v)) for label, _c, v in method_rows],
                           title=_("Value by procurement method")),
        "years": bar_chart([(str(y or "—"), c) for y, c, _v in figures.by_year],
                           title=_("Processes by year")),
    }  # fmt: skip
    return render_template(
        "contracting/summary.html", figures=figures, method_rows=method_rows, charts=charts,
        year=year, years=queries.years(g.municipality),
        currency=services.default_currency(g.municipality),
    )  # fmt: skip


@bp.get("/flags")
def flag_overview() -> Rendered:
    counts = queries.flag_counts(g.municipality)
    code = request.args.get("flag")
    query = queries.published(g.municipality).where(ProcurementProcess.red_flag_count > 0)
    page = paginate(query.order_by(ProcurementProcess.red_flag_count.desc(),
                                   ProcurementProcess.id.desc()), PER_PAGE)  # fmt: skip
    return render_template(
        "contracting/flags.html", counts=counts, titles=flags.TITLES, page=page,
        code=code if code in flags.TITLES else None,
        settings=services.settings_for(g.municipality),
    )  # fmt: skip


@bp.get("/data")
def data() -> Rendered:
    municipality = g.municipality
    years = packages.release_years(municipality.id, municipality.timezone)
    return render_template(
        "contracting/data.html", csv_columns=CSV_COLUMNS, flat_columns=flat.template_columns(),
        years=years,
        record_years=packages.record_years(municipality.id, municipality.timezone, years),
        settings=services.settings_for(g.municipality),
    )  # fmt: skip


@bp.get("/policy")
def policy() -> Rendered:
    municipality = g.municipality
    return render_template(
        "contracting/policy.html", settings=services.settings_for(municipality),
        extensions=ocds_extensions.of_municipality(municipality.id),
        pagination_extension=ocds_extensions.PAGINATION,
        sources=ocds_extensions.sources_of(municipality.id),
    )  # fmt: skip


# OCDS files ---------------------------------------------------------------------------------


def package_meta(uri: str, published: datetime | None, extensions: list[str] | None = None) -> JSON:
    """Package metadata for this municipality, declaring the extensions its releases need."""
    return packages.metadata(
        uri=uri, published=published, municipality=g.municipality,
        settings=services.settings_for(g.municipality),
        policy_url=url_for("contracting.policy", _external=True), extensions=extensions,
    )  # fmt: skip


def process_package_uri(ocid: str) -> str:
    return url_for("contracting.release_package", ocid=ocid, _external=True)


@bp.get("/ocds/<ocid>/releases.json")
def release_package(ocid: str) -> Rendered:
    process = process_by_ocid(ocid)
    releases = services.releases_of(process)
    published = _published(releases)
    declared = ocds_extensions.of_process(process.id)
    meta = package_meta(process_package_uri(ocid), published, declared)
    text = packages.dumps(packages.release_package(meta, [r.data for r in releases]))
    return json_response([text], filename=f"{ocid}-releases.json", last_modified=published,
                         etag=digest(text))  # fmt: skip


def _published(releases: list[Release]) -> datetime:
    # When the platform last published one of them: the content changed then, whatever the
    # (possibly much older) release dates say.
    return max(r.published_at for r in releases)


@bp.get("/ocds/<ocid>/releases/<release_id>.json")
def release(ocid: str, release_id: str) -> Rendered:
    process = process_by_ocid(ocid)
    row = queries.release_of(process, release_id)
    if row is None:
        abort(404)
    uri = url_for("contracting.release", ocid=ocid, release_id=release_id, _external=True)
    meta = package_meta(uri, row.published_at, ocds_extensions.of_releases(Release.id == row.id))
    text = packages.dumps(packages.release_package(meta, [row.data]))
    return json_response([text], filename=f"{release_id}.json", last_modified=row.published_at,
                         etag=digest(text))  # fmt: skip


def process_record(process: ProcurementProcess, releases: list[Release]) -> JSON:
    """The full record of one process: linked releases, compiled and versioned releases."""
    uri = process_package_uri(process.ocid)
    linked = [packages.linked_release(uri, r.release_id, r.date_text, r.tags) for r in releases]
    versioned = services.merger().create_versioned_release([r.data for r in releases])
    return packages.record(process.ocid, linked, process.compiled, versioned)


@bp.get("/ocds/<ocid>/record.json")
def record(ocid: str) -> Rendered:
    process = process_by_ocid(ocid)
    releases = services.releases_of(process)
    published = _published(releases)
    meta = package_meta(url_for("contracting.record", ocid=ocid, _external=True), published,
                        ocds_extensions.of_process(process.id))  # fmt: skip
    text = packages.dumps(packages.record_package(meta, [process_record(process, releases)],
                                                  [process_package_uri(ocid)]))  # fmt: skip
    return json_response([text], filename=f"{ocid}-record.json", last_modified=published,
                         etag=digest(text))  # fmt: skip


def _bulk_releases(year: int | None) -> Rendered:
    municipality = g.municipality
    where = packages.in_year(year, municipality.timezone) if year else ()
    latest = packages.latest_publication(municipality.id, *where)
    if latest is None:
        abort(404)
    endpoint = "contracting.year_releases" if year else "contracting.bulk_releases"
    declared = (
        ocds_extensions.of_releases(Release.municipality_id == municipality.id, *where)
        if year else ocds_extensions.of_municipality(municipality.id)
    )  # fmt: skip
    meta = package_meta(url_for(endpoint, year=year, _external=True), latest, declared)
    rows = packages.release_rows(municipality.id, *where)
    chunks = with_session(lambda session: packages.stream_release_package(meta, rows, session))
    name = f"{municipality.slug}-{year or 'all'}-releases.json"
    tag = digest(name, packages.dumps(meta), packages.facts(municipality.id, *where))
    return json_response(chunks, filename=name, last_modified=latest, etag=tag)


def _bulk_records(year: int | None) -> Rendered:
    municipality = g.municipality
    opened = packages.opened_in(municipality.id, year, municipality.timezone) if year else None
    where = (Release.process_id.in_(opened),) if opened is not None else ()
    latest = packages.latest_publication(municipality.id, *where)
    if latest is None:
        abort(404)
    endpoint = "contracting.year_records" if year else "contracting.bulk_records"
    declared = (
        ocds_extensions.of_releases(*where)
        if year else ocds_extensions.of_municipality(municipality.id)
    )  # fmt: skip
    meta = package_meta(url_for(endpoint, year=year, _external=True), latest, declared)
    template = process_package_uri("__OCID__")
    municipality_id = municipality.id
    chunks = with_session(
        lambda session: packages.stream_record_package(
            meta,
            municipality_id,
            lambda ocid: template.replace("__OCID__", ocid),
            session,
            processes_in=opened,
        )
    )
    name = f"{municipality.slug}-{year or 'all'}-records.json"
    tag = digest(name, packages.dumps(meta), packages.facts(municipality.id, *where))
    return json_response(chunks, filename=name, last_modified=latest, etag=tag)


@bp.get("/ocds/releases.json")
def bulk_releases() -> Rendered:
    return _bulk_releases(None)


@bp.get("/ocds/records.json")
def bulk_records() -> Rendered:
    return _bulk_records(None)


# A year's packages read up to the start of the next one, and datetime stops at year 9999.
@bp.get("/ocds/years/<int(min=1, max=9998):year>/releases.json")
def year_releases(year: int) -> Rendered:
    return _bulk_releases(year)


@bp.get("/ocds/years/<int(min=1, max=9998):year>/records.json")
def year_records(year: int) -> Rendered:
    return _bulk_records(year)


# CSV ----------------------------------------------------------------------------------------


def _rows(make: RowMaker) -> Iterable[list[Any]]:
    # The body is produced after the request: hand the generator ids, not session objects.
    municipality_id: int = g.municipality.id
    return with_session(lambda session: make(municipality_id, session))


def _flat(columns: list[str], make: RowMaker, name: str) -> Rendered:
    municipality = g.municipality
    settings = services.settings_for(municipality)
    # Red flags depend on the thresholds too: a change of settings changes the file.
    thresholds = {c.key: getattr(settings, c.key) for c in settings.__table__.columns}
    tag = digest(name, columns, packages.facts(municipality.id), sorted(thresholds.items()))
    return csv_response(columns, _rows(make), filename=f"{municipality.slug}-{name}", etag=tag,
                        last_modified=packages.latest_publication(municipality.id))  # fmt: skip


@bp.get("/data/processes.csv")
def processes_csv() -> Rendered:
    return _flat(exports.PROCESS_COLUMNS, exports.process_rows, "processes.csv")


@bp.get("/data/awards.csv")
def awards_csv() -> Rendered:
    return _flat(exports.AWARD_COLUMNS, exports.award_rows, "awards.csv")


@bp.get("/data/contracts.csv")
def contracts_csv() -> Rendered:
    return _flat(exports.CONTRACT_COLUMNS, exports.contract_rows, "contracts.csv")


@bp.get("/data/flat.zip")
def flat_zip() -> Rendered:
    """Every release in the flattened layout (one CSV per array), zipped."""
    municipality = g.municipality
    facts = packages.facts(municipality.id)
    latest = packages.latest_publication(municipality.id)
    if latest is None:
        abort(404)
    tag = digest("flat.zip", facts)
    if (unchanged := not_modified(tag, latest)) is not None:
        return unchanged
    # Headers are known only once every release was seen: the sheets are built whole.
    rows = db.session.scalars(
        select(Release.data).where(Release.municipality_id == municipality.id)
        .order_by(Release.date, Release.id).execution_options(yield_per=packages.CHUNK)
    )  # fmt: skip
    return attachment(flat.zipped(flat.flatten(rows)), mimetype="application/zip",
                      filename=f"{municipality.slug}-flat.zip", etag=tag,
                      last_modified=latest)  # fmt: skip


@bp.get("/data/import-template.csv")
def import_template() -> Rendered:
    return csv_response(list(flat.TEMPLATE), [], filename="procurement-template.csv")


@bp.app_template_global("contracting_processes_linked_to")
def _linked_processes(kind: str, target_id: int) -> list[ProcurementProcess]:
    if not has_linked("contracting", kind, target_id):
        return []
    return services.processes_linked_to(kind, target_id)
