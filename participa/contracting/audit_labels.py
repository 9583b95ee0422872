"""Labels of the audit actions the contracting feature records, and of its audited tables."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "contracting.update_settings": _l("Open contracting settings changed"),
    "contracting.create_process": _l("Procurement process created"),
    # services.change records the action its caller names (stages, edits, repairs, imports).
    "contracting.edit_process": _l("Procurement process edited"),
    "contracting.repair": _l("Procurement process repaired"),
    "contracting.set_place": _l("Place of a procurement process changed"),
    "contracting.save_planning": _l("Planning saved"),
    "contracting.save_tender": _l("Tender saved"),
    "contracting.save_tenderers": _l("Tenderers saved"),
    "contracting.save_award": _l("Award saved"),
    "contracting.save_contract": _l("Contract saved"),
    "contracting.save_implementation": _l("Implementation saved"),
    "contracting.amend": _l("Procurement process amended"),
    "contracting.import_row": _l("Procurement process imported"),
    "contracting.import": _l("Procurement data imported"),
    "contracting.link_process": _l("Procurement process linked"),
    "contracting.unlink_process": _l("Procurement process unlinked"),
    "contracting.create_party": _l("Party created"),
    "contracting.update_party": _l("Party edited"),
    "contracting.resolve_party_conflict": _l("Party conflict resolved"),
}
TARGETS = {
    "contracting_settings": _l("Open contracting settings"),
    "procurement_processes": _l("Procurement process"),
    "contracting_parties": _l("Party"),
    "contracting_imports": _l("Import batch"),
}
