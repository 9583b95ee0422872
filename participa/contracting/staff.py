"""Staff pages: processes and their stages, parties, settings, imports and links."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from participa.contracting import (
    background,
    bp,
    conflicts,
    flat,
    forms,
    importers,
    publishing,
    sections,
    services,
    stages,
)
from participa.contracting.importers import CSV_COLUMNS, ImportFailed, import_file
from participa.contracting.models import (
    ConflictStatus,
    ImportBatch,
    Party,
    PartyConflict,
    ProcessLink,
    ProcurementProcess,
    Release,
)
from participa.contracting.services import InvalidRelease
from participa.contracting.validation import FIELD_LABELS
from participa.contracting.views import load_process, stage_labels
from participa.core import jobs
from participa.core.authz import require
from participa.core.errors import DomainError
from participa.core.models import BackgroundJob
from participa.core.pagination import paginate
from participa.core.params import int_arg
from participa.core.submit import Rendered, Success, actor, page, run, submit
from participa.core.tenancy import get_or_404, scoped
from participa.core.uploads import format_size
from participa.extensions import db
from participa.places import services as places

if TYPE_CHECKING:
    from flask_wtf import FlaskForm

    from participa.contracting.ocds import JSON

logger = logging.getLogger(__name__)
T = TypeVar("T")


def _rows(existing: int = 0) -> int:
    wanted = int_arg("rows", forms.DEFAULT_ROWS, lenient=True)
    return max(1, min(forms.MAX_ROWS, max(wanted, existing + 1)))


def _staff_process(process_id: int) -> ProcurementProcess:
    process = load_process(process_id)
    require("contracting.procurement", process)
    return process


def _party_choices(public: bool | None = None, blank: bool = False) -> list[tuple[int, str]]:
    parties = services.parties_of(g.municipality, public_bodies=public)
    options = [(p.id, p.name) for p in parties]
    return [(0, _("—")), *options] if blank else options


def _org_choices() -> list[tuple[str, str]]:
    return [(p.ocds_id, f"{p.name} ({p.ocds_id})")
            for p in services.parties_of(g.municipality, public_bodies=False)]  # fmt: skip


def _save(form: FlaskForm, process: ProcurementProcess | None, save: Callable[[], T],
          template: str, *, then: Callable[[T], str] | str | None = None,
          success: Success = None, review: bool = False, **context: Any) -> Rendered:  # fmt: skip
    """Validate ``form`` and run a stage service through core.submit; a schema error goes on its
    fields and in a list (422), another refusal above the form.

    ``review``: what the stage publishes is public and immutable, so the form first shows the
    release it would publish (the service runs and is rolled back) with a confirm button that
    posts the same fields again with a token bound to them; a POST without that token publishes
    nothing (422, the form as typed)."""
    shown: dict[str, Any] = {}

    def show_error(exc: DomainError) -> None:
        if isinstance(exc, InvalidRelease):
            _attach(form, exc)
            shown["schema_errors"] = exc.errors
        else:
            shown["domain_error"] = exc.message

    def render(status: int) -> Rendered:
        return _render(template, form, process, status, **shown, **context)

    if not then:
        assert process is not None  # the view that creates a process says where to go
        then = url_for(".manage", process_id=process.id)
    if review and request.method == "POST" and not publishing.is_confirmed(request.form):
        # Only stage services are reviewed: they return the release they publish, or None.
        publish = cast("Callable[[], Release | None]", save)
        return _review(form, process, publish, render, show_error)
    return submit(
        form, save, render=render, then=then,
        success=success or _published, show_error=show_error,
    )  # fmt: skip


def _review(
    form: FlaskForm,
    process: ProcurementProcess | None,
    save: Callable[[], Release | None],
    render: Callable[[int], Rendered],
    show_error: Callable[[DomainError], None],
) -> Rendered:
    """The confirmation step: the release the stage would publish, nothing stored."""
    if publishing.BACK in request.form:
        return render(200)  # back to the form, as typed
    if not form.validate_on_submit():
        return render(422 if form.errors else 200)
    if not publishing.asked_to_review(request.form):
        form.form_errors.append(
            _("The data changed since you reviewed it: review it again before publishing.")
            if publishing.CONFIRM in request.form
            else _("Review what will be published, then confirm it.")
        )
        return render(422)
    try:
        release = save()
        preview = publishing.preview(release)
    except DomainError as exc:
        db.session.rollback()
        show_error(exc)
        return render(exc.status)
    db.session.rollback()  # a dry run: nothing is published, nothing is audited
    return render_template(
        "contracting/staff/confirm_publish.html", process=process, preview=preview,
        posted=publishing.posted_fields(request.form),
        token=publishing.token(request.form),
    ), 200  # fmt: skip


def _published(release: Release | None) -> str | tuple[str, str]:
    if release is None:
        return _("Saved. Nothing new to publish."), "info"
    return str(_("Published as release %(id)s.", id=release.release_id))


# Where schema errors land in the forms: the OCDS field name → the form field name.
_FIELD_FOR = {
    "title": "title", "description": "description", "value": "value_amount",
    "amount": "value_amount", "tenderPeriod": "tender_end", "enquiryPeriod": "enquiry_end",
    "procurementMethod": "procurement_method", "rationale": "rationale", "budget":
    "budget_amount", "dateSigned": "date_signed", "date": "date", "status": "status",
}  # fmt: skip


def _attach(form: FlaskForm, exc: InvalidRelease) -> None:
    for error in exc.errors:
        names = [str(p) for p in error.path if isinstance(p, str)]
        if "documents" in names or "items" in names or "milestones" in names:
            continue  # shown in the summary, next to the rows
        for name in reversed(names):
            target = _FIELD_FOR.get(name)
            if target and target in form:
                form[target].errors = [*form[target].errors, str(error)]
                break


def _render(
    template: str,
    form: FlaskForm,
    process: ProcurementProcess | None,
    status: int = 200,
    **context: Any,
) -> Rendered:
    context.setdefault("schema_errors", [])
    context.setdefault("domain_error", None)
    return render_template(template, form=form, process=process, stages=stage_labels(),
                           field_labels=FIELD_LABELS, **context), status  # fmt: skip


# Processes ------------------------------------------------------------------------------------


@bp.get("/staff/")
def staff_index() -> Rendered:
    require("contracting.procurement", g.municipality)
    query = scoped(ProcurementProcess).order_by(ProcurementProcess.updated_at.desc(),
                                                ProcurementProcess.id.desc())  # fmt: skip
    return render_template("contracting/staff/index.html", page=paginate(query, 30),
                           stages=stage_labels(),
                           pending_conflicts=conflicts.pending_count(g.municipality))  # fmt: skip


@bp.route("/staff/processes/new", methods=["GET", "POST"])
def create() -> Rendered:
    require("contracting.procurement", g.municipality)
    form = forms.ProcessForm()
    form.buyer_id.choices = _party_choices(public=True, blank=True)
    form.district_id.choices = _district_choices()

    def create_process() -> ProcurementProcess:
        process = services.create_process(
            g.municipality,
            actor=actor(),
            title=form.title.data,
            description=form.description.data,
            identifier=form.identifier.data,
            buyer=_party(form.buyer_id.data),
        )
        services.set_place(process, actor=actor(), data=form.data)
        return process

    return _save(form, None, create_process, "contracting/staff/process_form.html",
        then=lambda process: url_for(".manage", process_id=process.id),
        success=_("Process created. Fill in its first stage to publish it."))  # fmt: skip


def _party(party_id: int | None) -> Party | None:
    return get_or_404(Party, party_id) if party_id else None


@bp.route("/staff/processes/<int:process_id>/edit", methods=["GET", "POST"])
def edit(process_id: int) -> Rendered:
    process = _staff_process(process_id)
    form = forms.ProcessForm(obj=process if request.method == "GET" else None)
    form.buyer_id.choices = _party_choices(public=True, blank=True)
    form.district_id.choices = _district_choices()
    del form.identifier
    if request.method == "GET":
        form.buyer_id.data = process.buyer_id or 0
        form.district_id.data = process.district_id or 0

    def edit_process() -> Release | None:
        services.set_place(process, actor=actor(), data=form.data)
        return services.edit_process(
            process,
            actor=actor(),
            title=form.title.data,
            description=form.description.data,
            buyer=_party(form.buyer_id.data),
        )

    return _save(form, process, edit_process, "contracting/staff/process_form.html")


def _district_choices() -> list[tuple[int, str]]:
    return [(0, _("No district"))] + [(d.id, d.name) for d in places.districts_of(g.municipality)]


@bp.get("/staff/processes/<int:process_id>")
def manage(process_id: int) -> Rendered:
    process = _staff_process(process_id)
    return render_template(
        "contracting/staff/manage.html", process=process, state=process.data or {},
        stages=stage_labels(), links=services.links_of(process), link_form=forms.LinkForm(),
        link_kinds=[(k, t.label) for k, t in services.link_targets().items()],
        releases=services.releases_of(process),
    )  # fmt: skip


@bp.route("/staff/processes/<int:process_id>/planning", methods=["GET", "POST"])
def planning(process_id: int) -> Rendered:
    process = _staff_process(process_id)
    currency = services.default_currency(g.municipality)
    data = sections.planning_to_form((process.data or {}).get("planning"), currency)
    form = forms.PlanningForm(data=data if request.method == "GET" else None)
    return _save(form, process, lambda: stages.save_planning(
        process, actor=actor(), data=form.data), "contracting/staff/stage_form.html",
        title=_("Planning"), review=True)  # fmt: skip


@bp.route("/staff/processes/<int:process_id>/tender", methods=["GET", "POST"])
def tender(process_id: int) -> Rendered:
    process = _staff_process(process_id)
    tz = g.municipality.timezone
    existing = (process.data or {}).get("tender")
    data = sections.tender_to_form(existing, tz=tz, title=process.title,
                                   currency=services.default_currency(g.municipality))  # fmt: skip
    rows = _rows(max(len(data["items"]), len(data["documents"])))
    form = forms.tender_form(rows, data=data if request.method == "GET" else None)
    form.procuring_entity_id.choices = _party_choices(public=True, blank=True)
    if request.method == "GET":
        entity = (existing or {}).get("procuringEntity") or {}
        found = services.party_by_ocds_id(g.municipality, entity.get("id", ""))
        form.procuring_entity_id.data = found.id if found else 0
    template, title = "contracting/staff/stage_form.html", _("Tender")
    return _save(form, process, lambda: stages.save_tender(
        process, actor=actor(), data=form.data,
        procuring_entity=_party(form.procuring_entity_id.data)), template, title=title,
        rows=rows, review=True)  # fmt: skip


@bp.route("/staff/processes/<int:process_id>/tenderers", methods=["GET", "POST"])
def tenderers(process_id: int) -> Rendered:
    process = _staff_process(process_id)
    current = ((process.data or {}).get("tender") or {}).get("tenderers") or []
    form = forms.TenderersForm(data={"tenderers": [t["id"] for t in current]}
                               if request.method == "GET" else None)  # fmt: skip
    form.tenderers.choices = _org_choices()
    template, title = "contracting/staff/stage_form.html", _("Tenderers")
    return _save(form, process, lambda: stages.save_tenderers(
        process, actor=actor(), party_ids=form.tenderers.data), template, title=title,
        review=True)  # fmt: skip


@overload
def _indexed(process: ProcurementProcess, key: str, index: int) -> JSON: ...
@overload
def _indexed(process: ProcurementProcess, key: str, index: None) -> None: ...
def _indexed(process: ProcurementProcess, key: str, index: int | None) -> JSON | None:
    rows: list[JSON] = (process.data or {}).get(key) or []
    if index is None:
        return None
    if not 0 <= index < len(rows):
        from flask import abort

        abort(404)
    return rows[index]


def _item_form(
    process: ProcurementProcess,
    key: str,
    index: int | None,
    to_form: Callable[..., dict[str, Any]],
    make_form: Callable[..., forms._AwardedForm],
) -> tuple[forms._AwardedForm, int]:
    """The form of one award or contract (a new one when ``index`` is None) and its rows."""
    existing = _indexed(process, key, index)
    currency = process.currency or services.default_currency(g.municipality)
    data = to_form(existing, tz=g.municipality.timezone, currency=currency)
    rows = _rows(len(data["documents"]))
    return make_form(rows, data=data if request.method == "GET" else None), rows


@bp.route("/staff/processes/<int:process_id>/awards/new", methods=["GET", "POST"],
          defaults={"index": None})  # fmt: skip
@bp.route("/staff/processes/<int:process_id>/awards/<int:index>", methods=["GET", "POST"])
def award(process_id: int, index: int | None) -> Rendered:
    process = _staff_process(process_id)
    form, rows = _item_form(process, "awards", index, sections.award_to_form, forms.award_form)
    form.suppliers.choices = _org_choices()
    template, title = "contracting/staff/stage_form.html", _("Award")
    return _save(form, process, lambda: stages.save_award(
        process, actor=actor(), index=index, data=form.data), template, title=title,
        rows=rows, review=True)  # fmt: skip


@bp.route("/staff/processes/<int:process_id>/contracts/new", methods=["GET", "POST"],
          defaults={"index": None})  # fmt: skip
@bp.route("/staff/processes/<int:process_id>/contracts/<int:index>", methods=["GET", "POST"])
def contract(process_id: int, index: int | None) -> Rendered:
    process = _staff_process(process_id)
    form, rows = _item_form(
        process, "contracts", index, sections.contract_to_form, forms.contract_form
    )
    form.award_id.choices = [
        (a.get("id"), a.get("id")) for a in (process.data or {}).get("awards") or []
    ]
    template, title = "contracting/staff/stage_form.html", _("Contract")
    return _save(form, process, lambda: stages.save_contract(
        process, actor=actor(), index=index, data=form.data), template, title=title,
        rows=rows, review=True)  # fmt: skip


@bp.route("/staff/processes/<int:process_id>/contracts/<int:index>/implementation",
          methods=["GET", "POST"])  # fmt: skip
def implementation(process_id: int, index: int) -> Rendered:
    process = _staff_process(process_id)
    existing = _indexed(process, "contracts", index)
    data = sections.implementation_to_form(
        existing.get("implementation"), tz=g.municipality.timezone
    )
    rows = _rows(max(len(data["milestones"]), len(data["transactions"])))
    form = forms.implementation_form(rows, data=data if request.method == "GET" else None,
                                     payees=_org_choices())  # fmt: skip
    template, title = "contracting/staff/stage_form.html", _("Implementation")
    return _save(form, process, lambda: stages.save_implementation(
        process, actor=actor(), index=index, data=form.data), template, title=title,
        rows=rows, review=True)  # fmt: skip


@bp.route("/staff/processes/<int:process_id>/amendments/new", methods=["GET", "POST"])
def amend(process_id: int) -> Rendered:
    process = _staff_process(process_id)
    form = forms.AmendmentForm()
    form.target.choices = stages.amendment_targets(process)
    template, title = "contracting/staff/stage_form.html", _("Amendment")
    return _save(form, process, lambda: stages.amend(
        process, actor=actor(), target=form.target.data, rationale=form.rationale.data,
        description=form.description.data, new_amount=form.new_amount.data,
        new_end=form.new_end.data), template, title=title, review=True)  # fmt: skip


@bp.post("/staff/processes/<int:process_id>/links")
def link(process_id: int) -> Rendered:
    process = _staff_process(process_id)
    require("contracting.manage", process)
    form = forms.LinkForm()
    form.kind.choices = [(k, t.label) for k, t in services.link_targets().items()]
    if not form.validate_on_submit():
        raise DomainError(_("Give the number of the accepted proposal."), status=422)
    run(lambda: services.link_process(process, actor=actor(), kind=form.kind.data,
                                      target_id=form.target_id.data))  # fmt: skip
    flash(_("The process is now linked."), "success")
    return redirect(url_for(".manage", process_id=process.id))


@bp.post("/staff/processes/<int:process_id>/links/<int:link_id>/delete")
def unlink(process_id: int, link_id: int) -> Rendered:
    process = _staff_process(process_id)
    require("contracting.manage", process)
    found = get_or_404(ProcessLink, link_id)
    if found.process_id != process.id:
        from flask import abort

        abort(404)
    run(lambda: services.unlink_process(found, actor=actor()))
    flash(_("The link was removed."), "success")
    return redirect(url_for(".manage", process_id=process.id))


# Parties, settings, import ----------------------------------------------------------------------


@bp.get("/staff/parties/")
def parties() -> Rendered:
    require("contracting.procurement", g.municipality)
    query = scoped(Party).order_by(Party.name, Party.id)
    return render_template("contracting/staff/parties.html", page=paginate(query, 50),
                           pending_conflicts=conflicts.pending_count(g.municipality))  # fmt: skip


@bp.route("/staff/parties/new", methods=["GET", "POST"], defaults={"party_id": None})
@bp.route("/staff/parties/<int:party_id>/edit", methods=["GET", "POST"])
def party_form(party_id: int | None) -> Rendered:
    require("contracting.procurement", g.municipality)
    party = get_or_404(Party, party_id) if party_id else None
    form = forms.PartyForm(obj=party if request.method == "GET" else None)
    if request.method == "GET" and party is None:
        from participa.contracting.codelists import scheme_for

        form.scheme.data = scheme_for(g.municipality.country)
    if party is not None:
        form.scheme.render_kw = form.identifier.render_kw = {"readonly": True}

    def save() -> None:
        data = {k: f.data for k, f in form._fields.items() if k != "csrf_token"}
        if party is None:
            services.create_party(g.municipality, actor=actor(), data=data)
        else:
            services.update_party(party, actor=actor(), data=data)

    return submit(
        form, save,
        render=lambda status: (render_template(
            "contracting/staff/party_form.html", form=form, party=party,
            error=" ".join(str(m) for m in form.form_errors) or None), status),
        then=url_for(".parties"), success=_("The organisation was saved."),
    )  # fmt: skip


# About 1.3 s of one core per thousand processes: beyond this, recompute from the command line.
RECOMPUTE_IN_REQUEST_MAX = 5000


@bp.route("/staff/settings", methods=["GET", "POST"])
def settings() -> Rendered:
    require("contracting.manage", g.municipality)
    current = services.settings_for(g.municipality)
    form = forms.SettingsForm(obj=current if request.method == "GET" else None)

    def save() -> int:
        services.update_settings(g.municipality, actor=actor(), data=form.settings())
        published = services.published_count(g.municipality)
        if published <= RECOMPUTE_IN_REQUEST_MAX:
            services.recompute_flags(g.municipality)
        elif jobs.is_queued():
            jobs.enqueue("contracting.recompute_flags", municipality_id=g.municipality.id)
        return published

    return submit(
        form, save,
        render=page("contracting/staff/settings.html", form=form),
        then=url_for(".settings"), success=_settings_saved,
    )  # fmt: skip


def _settings_saved(published: int) -> str | tuple[str, str]:
    if published <= RECOMPUTE_IN_REQUEST_MAX:
        return str(_("The settings were saved and the red flags recomputed."))
    if jobs.is_queued():
        return ngettext(
            "The settings were saved. The red flags of %(count)s process are being recomputed in "
            "the background and change within a few minutes.",
            "The settings were saved. The red flags of %(count)s processes are being recomputed "
            "in the background and change within a few minutes.",
            published, count=format_decimal(published)), "info"  # fmt: skip
    # Every process is re-evaluated: past this many, the request would be cut off.
    return ngettext(
        "The settings were saved. With %(count)s process, the red flags are recomputed from the "
        "command line by a platform administrator: flask --app participa contracting "
        "recompute-flags --municipality %(slug)s",
        "The settings were saved. With %(count)s processes, the red flags are recomputed from the "
        "command line by a platform administrator: flask --app participa contracting "
        "recompute-flags --municipality %(slug)s",
        published, count=format_decimal(published), slug=g.municipality.slug), "info"  # fmt: skip


@bp.route("/staff/import", methods=["GET", "POST"])
def import_data() -> Rendered:
    require("contracting.manage", g.municipality)
    if jobs.is_queued():
        # The worker imports what the request could not: the page accepts larger files.
        request.max_content_length = max(
            current_app.config.get("MAX_CONTENT_LENGTH") or 0, queued_limit()
        )
    try:
        form = forms.ImportForm()
        submitted = form.validate_on_submit()
    except RequestEntityTooLarge:
        # Beyond the whole request limit: the same advice as beyond the import limit.
        return _too_large(forms.ImportForm(formdata=None), request.content_length or 0, None)
    problems: Sequence[importers.Problem | str] = []
    # Not core.submit: size limits are checked on the file before the import runs, and an
    # import's problems are listed rather than attached to a field.
    if submitted:
        upload = form.file.data
        content = upload.read()
        kind = importers.file_format(upload.filename or "", content)
        limit = import_limit(kind)
        if len(content) > limit and jobs.is_queued() and len(content) <= queued_limit():
            record = run(
                lambda: background.start_import(
                    g.municipality, actor=actor(), filename=upload.filename or "", content=content
                )
            )
            flash(_("The file was received and is imported in the background."), "success")
            return redirect(url_for(".import_job", job_id=record.id))
        if len(content) > limit:
            return _too_large(form, len(content), kind)
        try:
            result = import_file(g.municipality, actor=actor(), filename=upload.filename or "",
                                 content=content)  # fmt: skip
        except ImportFailed as exc:
            db.session.rollback()
            problems = exc.problems
        except DomainError as exc:
            db.session.rollback()
            problems = [str(exc.message)]
        else:
            db.session.commit()
            flash(_imported_message(result), "success")
            assert result.batch is not None  # every import records its batch
            return redirect(url_for(".import_result", import_id=result.batch.id))
    status = 422 if problems or form.errors else 200
    return _render_import(form, status, problems=problems)


def import_limit(kind: str | None) -> int:
    """The largest file of this format the import page runs within the request."""
    key = "CONTRACTING_IMPORT_MAX_CSV_BYTES" if kind == "csv" else "CONTRACTING_IMPORT_MAX_BYTES"
    limit: int = current_app.config[key]
    return limit


def queued_limit() -> int:
    """The largest file the import page hands to the background worker (with a queue)."""
    limit: int = current_app.config["CONTRACTING_IMPORT_QUEUE_MAX_BYTES"]
    return limit


def _render_import(form: FlaskForm, status: int, **context: Any) -> Rendered:
    context.setdefault("problems", [])
    context.setdefault("too_large", None)
    recent = db.session.scalars(
        scoped(BackgroundJob).where(BackgroundJob.kind == background.IMPORT)
        .order_by(BackgroundJob.id.desc()).limit(RECENT_JOBS)
    ).all()  # fmt: skip
    return render_template(
        "contracting/staff/import.html", form=form, csv_columns=CSV_COLUMNS,
        flat_columns=flat.template_columns(),
        package_limit=format_size(import_limit("package")),
        csv_limit=format_size(import_limit("csv")), recent_jobs=recent,
        queued_limit=format_size(queued_limit()) if jobs.is_queued() else None,
        status_labels=background.STATUS_LABELS, **context,
    ), status  # fmt: skip


RECENT_JOBS = 10


def _too_large(form: FlaskForm, size: int, kind: str | None) -> Rendered:
    if kind == "csv":
        limit = import_limit("csv")
    elif kind is None:
        limit = current_app.config.get("MAX_CONTENT_LENGTH") or import_limit("package")
    else:
        limit = import_limit("package")
    if jobs.is_queued():
        limit = max(limit, queued_limit())
    message = _(
        "Nothing was imported: this file (%(size)s) is larger than %(limit)s, the most this page "
        "imports at once, because a longer import would be cut off before it ends. A platform "
        "administrator can import it whole, all or nothing, from the command line:",
        size=format_size(size), limit=format_size(limit),
    )  # fmt: skip
    return _render_import(form, 413, too_large=message)


def _imported_message(result: importers.ImportResult) -> str:
    processes = ngettext("%(num)s process", "%(num)s processes", result.processes)
    releases = ngettext("%(num)s release", "%(num)s releases", result.releases)
    return str(
        _("Imported %(processes)s and %(releases)s.", processes=processes, releases=releases)
    )


@bp.get("/staff/imports/<int:import_id>")
def import_result(import_id: int) -> Rendered:
    require("contracting.manage", g.municipality)
    batch = get_or_404(ImportBatch, import_id)
    created = db.session.scalars(
        scoped(ProcurementProcess)
        .where(ProcurementProcess.id.in_(
            select(Release.process_id).where(Release.import_id == batch.id)))
        .order_by(ProcurementProcess.id).limit(IMPORT_LIST_LIMIT)
    ).all()  # fmt: skip
    return render_template(
        "contracting/staff/import_result.html", batch=batch, processes=created,
        limit=IMPORT_LIST_LIMIT, conflicts=conflicts.of_import(batch),
        field_labels=conflicts.FIELD_LABELS, decision_form=forms.ConflictDecisionForm(),
    )  # fmt: skip


IMPORT_LIST_LIMIT = 100


@bp.get("/staff/imports/jobs/<int:job_id>")
def import_job(job_id: int) -> Rendered:
    require("contracting.manage", g.municipality)
    record = get_or_404(BackgroundJob, job_id)
    if record.kind != background.IMPORT:
        abort(404)
    return render_template(
        "contracting/staff/import_job.html", job=record,
        status_labels=background.STATUS_LABELS, phase_labels=background.PHASE_LABELS,
    )  # fmt: skip


@bp.get("/staff/parties/conflicts")
def party_conflicts() -> Rendered:
    require("contracting.procurement", g.municipality)
    status = "decided" if request.args.get("status") == "decided" else ConflictStatus.PENDING
    page = paginate(conflicts.conflicts_query(g.municipality, status=status), 30)
    return render_template(
        "contracting/staff/conflicts.html", page=page, status=status,
        field_labels=conflicts.FIELD_LABELS, decision_form=forms.ConflictDecisionForm(),
    )  # fmt: skip


@bp.post("/staff/parties/conflicts/<int:conflict_id>")
def decide_conflict(conflict_id: int) -> Rendered:
    require("contracting.procurement", g.municipality)
    conflict = get_or_404(PartyConflict, conflict_id)
    form = forms.ConflictDecisionForm()
    if not form.validate_on_submit():
        raise DomainError(_("Choose whether to use the imported details or keep the registered "
                            "ones."), status=422)  # fmt: skip
    accept = form.decision.data == "accept"
    run(lambda: conflicts.resolve(conflict, actor=actor(), accept=accept))
    if accept:
        flash(_("%(name)s now has the imported details.", name=conflict.party.name), "success")
    else:
        flash(_("%(name)s keeps its registered details.", name=conflict.party.name), "success")
    if form.back.data == "import" and conflict.import_id:
        return redirect(url_for(".import_result", import_id=conflict.import_id))
    return redirect(url_for(".party_conflicts"))
