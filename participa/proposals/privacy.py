"""The person's proposals and supports in their data export.

Both stay when the account is deleted: proposals as by a deleted participant, supports because
the proposals' counts and thresholds rest on them.
"""

from participa.accounts.privacy import OnErase, register_rows
from participa.proposals.models import Proposal, Support

register_rows(
    "proposals", Proposal, "author_id",
    ("id", "municipality_id", "consultation_id", "title", "body", "location_text", "latitude",
     "longitude", "state", "answer_text", "answer_details", "supports_count", "created_at",
     "edited_at"),
    on_erase=OnErase.KEEP,
)  # fmt: skip
register_rows(
    "supports", Support, "user_id", ("proposal_id", "consultation_id", "created_at"),
    on_erase=OnErase.KEEP,
)  # fmt: skip
