"""Labels of the audit actions the voting feature records, and of its audited tables."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "voting.ballot_created": _l("Ballot created"),
    "voting.ballot_updated": _l("Ballot edited"),
    "voting.question_saved": _l("Ballot question saved"),
    "voting.question_deleted": _l("Ballot question removed"),
    "voting.options_from_proposals": _l("Proposals added to a ballot"),
    "voting.ballot_opened": _l("Ballot opened"),
    "voting.ballot_closed": _l("Ballot closed and counted"),
    "voting.box_sealed": _l("Ballot box sealed"),
    "voting.in_person_recorded": _l("Paper vote recorded at a desk"),
    "voting.paper_totals_saved": _l("Paper totals entered"),
    "voting.paper_totals_deleted": _l("Polling station removed"),
}
TARGETS = {"ballots": _l("Ballot"), "ballot_boxes": _l("Ballot box")}
