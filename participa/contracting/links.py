"""Links from a procurement process to what citizens decided: accepted proposals, later budget
projects (a registry of link targets keeps the link generic)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from sqlalchemy import Select, select

from participa.contracting.models import ProcessLink, ProcurementProcess
from participa.core import audit
from participa.core.errors import DomainError
from participa.extensions import db

if TYPE_CHECKING:
    from participa.accounts.models import User


@dataclass(frozen=True)
class LinkTarget:
    kind: str
    label: Any  # a lazy_gettext string
    load: Callable[[int, int], Any]  # (municipality id, target id) -> object or None
    url: Callable[[Any], str]
    title: Callable[[Any], str]
    linkable: Callable[[Any], bool] | None = None  # e.g. only accepted proposals


_link_targets: dict[str, LinkTarget] = {}


def register_link_target(
    kind: str,
    *,
    label: Any,
    load: Callable[[int, int], Any],
    url: Callable[[Any], str],
    title: Callable[[Any], str],
    linkable: Callable[[Any], bool] | None = None,
) -> None:
    """Declare a kind of thing a process can carry out (served to manifests as
    "contracting_link_target": accepted proposals; later budget projects)."""
    _link_targets[kind] = LinkTarget(kind, label, load, url, title, linkable)


def reset() -> None:
    """Forget the declared link targets (before the features are installed)."""
    _link_targets.clear()


def link_targets() -> dict[str, LinkTarget]:
    return dict(_link_targets)


def link_process(
    process: ProcurementProcess, *, actor: User, kind: str, target_id: int
) -> ProcessLink:
    """Link a process to the accepted proposal (or funded project) it carries out."""
    target_def = link_targets().get(kind)
    target = target_def.load(process.municipality_id, target_id) if target_def else None
    if target_def is None or target is None:
        raise DomainError(_("There is no such item in this municipality."), status=422)
    if target_def.linkable is not None and not target_def.linkable(target):
        raise DomainError(_("Only accepted or implemented proposals can be linked."), status=422)
    exists = db.session.scalars(
        select(ProcessLink).where(ProcessLink.process_id == process.id,
                                  ProcessLink.target_type == kind,
                                  ProcessLink.target_id == target_id)
    ).first()  # fmt: skip
    if exists is not None:
        raise DomainError(_("This link already exists."), status=422)
    link = ProcessLink(
        municipality_id=process.municipality_id, process_id=process.id, target_type=kind,
        target_id=target_id, created_by_id=getattr(actor, "id", None),
    )  # fmt: skip
    db.session.add(link)
    db.session.flush()
    audit.record_on(
        process, "contracting.link_process", actor=actor, kind=kind, target_id=target_id
    )
    return link


def unlink_process(link: ProcessLink, *, actor: User) -> None:
    """Remove a link between a process and a proposal or project."""
    process = db.session.get_one(ProcurementProcess, link.process_id)
    audit.record_on(
        process,
        "contracting.unlink_process",
        actor=actor,
        kind=link.target_type,
        target_id=link.target_id,
    )
    db.session.delete(link)


def links_of(process: ProcurementProcess) -> list[tuple[ProcessLink, Any, LinkTarget]]:
    """The process's links with their loaded targets (missing targets are skipped)."""
    found = []
    targets = link_targets()
    for link in db.session.scalars(
        select(ProcessLink).where(ProcessLink.process_id == process.id).order_by(ProcessLink.id)
    ):
        target_def = targets.get(link.target_type)
        target = target_def.load(process.municipality_id, link.target_id) if target_def else None
        if target_def is not None and target is not None:
            found.append((link, target, target_def))
    return found


def links_probe(kind: str, target_id: int) -> Select[int]:
    """The published processes linked to one item, as a probe for core.related."""
    return (
        select(ProcessLink.id)
        .join(ProcurementProcess, ProcurementProcess.id == ProcessLink.process_id)
        .where(ProcessLink.target_type == kind, ProcessLink.target_id == target_id,
               ProcurementProcess.release_count > 0)
    )  # fmt: skip


def processes_linked_to(kind: str, target_id: int) -> list[ProcurementProcess]:
    """The published processes carrying out one proposal (or project), oldest first."""
    return list(
        db.session.scalars(
            select(ProcurementProcess)
            .join(ProcessLink, ProcessLink.process_id == ProcurementProcess.id)
            .where(ProcessLink.target_type == kind, ProcessLink.target_id == target_id,
                   ProcurementProcess.release_count > 0)
            .order_by(ProcurementProcess.first_published_at, ProcurementProcess.id)
        )
    )  # fmt: skip
