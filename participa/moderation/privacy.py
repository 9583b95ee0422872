"""Reports the person filed, appeals they made, blocks they received and the moderation decisions
on their contributions, in their export.

All stay when the account is deleted: they are the municipality's moderation record, and the
account row they point at is emptied.
"""

from participa.core.features import Contributions
from participa.moderation.models import Appeal, ModerationDecision, ParticipationBlock, Report

contributions = Contributions()

# (section, model, the person's column, the columns exported); every row stays on erasure.
_ROWS = [
    ("reports_filed", Report, "reporter_id",
     ("municipality_id", "reportable_type", "reportable_id", "reason", "note", "created_at",
      "resolved_at", "resolution")),
    ("appeals", Appeal, "author_id",
     ("reportable_type", "reportable_id", "text", "created_at", "decided_at", "outcome",
      "response")),
    ("participation_blocks", ParticipationBlock, "user_id",
     ("municipality_id", "until", "reason", "created_at", "lifted_at")),
    ("moderation_decisions_on_my_contributions", ModerationDecision, "author_id",
     ("municipality_id", "reportable_type", "reportable_id", "action", "category", "reason",
      "created_at")),
]  # fmt: skip
for section, model, person, columns in _ROWS:
    contributions.add("personal_data_rows", section, model, person, columns, on_erase="keep")
