"""The person's proposals and supports in their data export.

Both stay when the account is deleted: proposals as by a deleted participant, supports because
the proposals' counts and thresholds rest on them.
"""

from participa.core.features import Contributions
from participa.proposals.models import Proposal, Support

contributions = Contributions()

contributions.add("personal_data_rows",
    "proposals", Proposal, "author_id",
    ("id", "municipality_id", "consultation_id", "title", "body", "location_text", "latitude",
     "longitude", "state", "answer_text", "answer_details", "supports_count", "created_at",
     "edited_at"),
    on_erase="keep",
)  # fmt: skip
contributions.add("personal_data_rows",
    "supports", Support, "user_id", ("proposal_id", "consultation_id", "created_at"),
    on_erase="keep",
)  # fmt: skip
